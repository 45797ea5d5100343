#include "events.h"

#include "apierror.h"
#include "objectstore.h"

#include <QCryptographicHash>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace dc::demo {

EventRecorder::EventRecorder(ObjectStore &store, QList<ResourceType> types)
    : m_store(store)
    , m_types(std::move(types))
{
}

void EventRecorder::record(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component)
{
    const ResourceType *eventType = builtinType(m_types, u"Event"_s);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QString ns = meta.value(u"namespace"_s).toString(u"default"_s);
    const QByteArray id = QCryptographicHash::hash((meta.value(u"uid"_s).toString() + reason + message).toUtf8(), QCryptographicHash::Sha1).toHex();
    const QString name = meta.value(u"name"_s).toString() + u'.' + QString::fromLatin1(id.left(16));
    const QString key = eventType->id() + u'/' + ns + u'/' + name;
    const QJsonObject previous = m_store.value(key);
    const QString stampNow = now();
    QJsonObject event{
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
        {u"involvedObject"_s, QJsonObject{{u"kind"_s, object.value(u"kind"_s)}, {u"namespace"_s, ns}, {u"name"_s, meta.value(u"name"_s)},
                                         {u"uid"_s, meta.value(u"uid"_s)}, {u"apiVersion"_s, object.value(u"apiVersion"_s)},
                                         {u"resourceVersion"_s, meta.value(u"resourceVersion"_s)}}},
        {u"reason"_s, reason},
        {u"message"_s, message},
        {u"type"_s, type},
        {u"source"_s, QJsonObject{{u"component"_s, component}}},
        {u"reportingComponent"_s, component},
        {u"reportingInstance"_s, QString()},
        {u"firstTimestamp"_s, previous.value(u"firstTimestamp"_s).toString(stampNow)},
        {u"lastTimestamp"_s, stampNow},
        {u"count"_s, previous.value(u"count"_s).toInteger(0) + 1},
    };
    m_store.store(key, m_store.stamp(event, previous, *eventType, ns));
}

void EventRecorder::expire()
{
    const QMap<QString, QJsonObject> &objects = m_store.objects();
    const QString cutoff = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate);
    QStringList old;
    for (auto it = objects.lowerBound(u"/events/"_s); it != objects.constEnd() && it.key().startsWith(u"/events/"_s); ++it)
        if (it->value(u"lastTimestamp"_s).toString() < cutoff)
            old << it.key();
    for (const QString &k : std::as_const(old))
        m_store.erase(k);
}

} // namespace dc::demo
