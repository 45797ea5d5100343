#pragma once

#include "resourcetypes.h"

#include <QJsonObject>
#include <QObject>

namespace dc {
class SchemaValidator;
}

namespace dc::demo {

class ObjectStore;

/**
 * CustomResourceDefinitions as objects, as apiextensions-apiserver keeps them: the cluster's own
 * (Istio, ServiceMonitor, ModelRegistry, ... — the CRD-defined kinds it serves, with the real
 * openAPIV3Schema where the project has it) are listed by `kubectl get crd`, Established; a CRD a
 * user applies is served as soon as it is stored (discovery, CRUD, `kubectl wait --for
 * condition=established`), and deleting a CRD stops serving its kind and deletes its objects.
 */
class CrdRegistry : public QObject
{
    Q_OBJECT
public:
    /// `types` is the server's list of served kinds; CRDs add to it and take from it.
    CrdRegistry(ObjectStore &store, QList<ResourceType> &types, const SchemaValidator &schemas, QObject *parent = nullptr);

    /// Stores a CRD object for every CRD-defined kind in `types`.
    void installBuiltins();
    /// Serves the kinds of every stored CRD (after a state was loaded).
    void resync();
    /// The openAPIV3Schema of a CRD-defined kind's version, or an empty object.
    [[nodiscard]] QJsonObject schemaOf(const ResourceType &type) const;

private:
    void changed(const QString &key);
    void removed(const QString &key);

    ObjectStore &m_store;
    QList<ResourceType> &m_types;
    const SchemaValidator &m_schemas;
};

/// The objects the platforms install and the bundles' merge steps edit, as a cluster with
/// Kubeflow and ODH installed has them: Kubeflow's centraldashboard-config, ODH's
/// federation-config, OdhDashboardConfig and DataScienceCluster (each only when its kind is served).
void installPlatformObjects(ObjectStore &store, const QList<ResourceType> &types);

/// The kinds a CRD object serves: one type per served version.
QList<ResourceType> typesOfCrd(const QJsonObject &crd);

} // namespace dc::demo
