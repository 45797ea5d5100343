#pragma once

#include "resourcetypes.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

namespace dc::demo {

class ObjectStore;

/**
 * What the endpoints and EndpointSlice controllers keep: for every Service with a selector, an
 * Endpoints object and an EndpointSlice listing the pods it selects (ready ones as addresses,
 * the others as not ready), with each port's targetPort resolved against the pod. `kubectl
 * apply --prune` and `kubectl describe service` read them. Recomputed only for namespaces whose
 * pods or Services changed.
 */
class EndpointsController : public QObject
{
    Q_OBJECT
public:
    EndpointsController(ObjectStore &store, QList<ResourceType> types, QObject *parent = nullptr);

    /// One pass over the namespaces that changed since the last one.
    void sync();

private:
    void syncService(const QJsonObject &service, const QList<QJsonObject> &pods);

    ObjectStore &m_store;
    QList<ResourceType> m_types;
    QSet<QString> m_dirtyNamespaces;
    bool m_writing = false;
};

/// The simulated nodes as Node objects (capacity, allocatable, conditions, addresses, zone labels).
QList<QJsonObject> nodeObjects(const QStringList &names, int maxPods);

} // namespace dc::demo
