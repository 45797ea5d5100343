#pragma once

#include "resourcetypes.h"

#include <QJsonObject>
#include <QList>

namespace dc::demo {

class ObjectStore;

/**
 * Events as the controllers and the kubelet record them (core/v1 Event): repeats of the same
 * reason and message about the same object are aggregated (count, lastTimestamp), and events
 * older than an hour expire, as the API server's event TTL removes them.
 */
class EventRecorder
{
public:
    EventRecorder(ObjectStore &store, QList<ResourceType> types);

    void record(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component);
    void expire();

private:
    ObjectStore &m_store;
    QList<ResourceType> m_types;
};

} // namespace dc::demo
