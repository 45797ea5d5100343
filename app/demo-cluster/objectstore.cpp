#include "objectstore.h"

#include "conversion.h"
#include "jobs.h"

#include <QJsonArray>

#include "apierror.h"
#include "httpserver.h"
#include "selectors.h"

#include <QHostAddress>
#include <QTimer>

#include <utility>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace dc::demo {

QByteArray eventLine(const QString &type, const QByteArray &objectJson)
{
    // As QJsonDocument writes {"object": ..., "type": ...} (keys in order), without re-serializing.
    return "{\"object\":" + objectJson + ",\"type\":\"" + type.toLatin1() + "\"}\n";
}

ObjectStore::ObjectStore(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    auto *bookmarks = new QTimer(this);
    connect(bookmarks, &QTimer::timeout, this, [this] {
        const auto watchers = m_watchers;
        for (const auto &w : watchers)
            if (w->request.bookmarks && w->connection && !w->catchingUp())
                send(w, toJson(QJsonObject{
                                   {u"type"_s, u"BOOKMARK"_s},
                                   {u"object"_s, QJsonObject{{u"kind"_s, w->request.kind}, {u"apiVersion"_s, w->request.apiVersion},
                                                             {u"metadata"_s, QJsonObject{{u"resourceVersion"_s, QString::number(m_resourceVersion)}}}}}})
                            + '\n');
    });
    bookmarks->start(m_options.bookmarkMs);
}

ObjectStore::~ObjectStore() = default;

QJsonObject ObjectStore::stamp(QJsonObject object, const QJsonObject &previous, const ResourceType &type, const QString &ns)
{
    if (type.kind == u"HorizontalPodAutoscaler"_s && !type.crd)
        object = withHpaDefaults(object);
    if (type.kind == u"Service"_s && type.group.isEmpty())
        object.insert(u"spec"_s, serviceDefaults(object.value(u"spec"_s).toObject(), previous.value(u"spec"_s).toObject()));
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QJsonObject prevMeta = previous.value(u"metadata"_s).toObject();
    if (type.namespaced)
        meta.insert(u"namespace"_s, ns);
    else
        meta.remove(u"namespace"_s);
    meta.insert(u"uid"_s, prevMeta.contains(u"uid"_s) ? prevMeta.value(u"uid"_s) : QJsonValue(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    if (previous.isEmpty() && type.group == u"batch"_s) {
        // The API server's defaults for new Jobs and CronJobs.
        object.insert(u"metadata"_s, meta);
        object = type.kind == u"Job"_s ? withJobDefaults(object, meta.value(u"uid"_s).toString()) : withCronJobDefaults(object);
        meta = object.value(u"metadata"_s).toObject();
    }
    meta.insert(u"creationTimestamp"_s, prevMeta.contains(u"creationTimestamp"_s) ? prevMeta.value(u"creationTimestamp"_s) : QJsonValue(now()));
    if (prevMeta.contains(u"resourceVersion"_s))
        meta.insert(u"resourceVersion"_s, prevMeta.value(u"resourceVersion"_s));
    qint64 generation = prevMeta.value(u"generation"_s).toInteger(0);
    if (generation == 0 || object.value(u"spec"_s) != previous.value(u"spec"_s))
        ++generation;
    // Namespaces, Services and Pods have no generation on a real cluster.
    const bool generated = type.kind != u"Namespace"_s && type.kind != u"Service"_s && type.kind != u"Pod"_s;
    if (generated && (object.contains(u"spec"_s) || previous.contains(u"spec"_s)))
        meta.insert(u"generation"_s, generation);
    else
        meta.remove(u"generation"_s);
    object.insert(u"metadata"_s, meta);
    object.insert(u"apiVersion"_s, type.groupVersion());
    object.insert(u"kind"_s, type.kind);
    if (previous.contains(u"status"_s))
        object.insert(u"status"_s, previous.value(u"status"_s));
    else if (type.kind == u"Namespace"_s)
        object.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}});
    else if (type.kind == u"Pod"_s && !object.value(u"spec"_s).toObject().value(u"schedulingGates"_s).toArray().isEmpty())
        // As the API server marks a gated pod on creation; the scheduler leaves it alone.
        object.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s},
                                                {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"PodScheduled"_s}, {u"status"_s, u"False"_s},
                                                                                          {u"lastProbeTime"_s, QJsonValue::Null},
                                                                                          {u"lastTransitionTime"_s, now()}, {u"reason"_s, u"SchedulingGated"_s},
                                                                                          {u"message"_s, u"Scheduling is blocked due to non-empty scheduling gates"_s}}}}});
    // A write that changes nothing is no write: the API server keeps resourceVersion and
    // generation, so `kubectl diff` of an unchanged object shows nothing.
    if (!previous.isEmpty() && object == previous)
        return previous;
    meta.insert(u"resourceVersion"_s, nextResourceVersion());
    object.insert(u"metadata"_s, meta);
    return object;
}

QStringList ObjectStore::keysUnder(const QString &prefix) const
{
    QStringList keys;
    for (auto it = m_objects.lowerBound(prefix); it != m_objects.constEnd() && it.key().startsWith(prefix); ++it)
        keys << it.key();
    return keys;
}

void ObjectStore::store(const QString &key, const QJsonObject &object)
{
    const auto existing = m_objects.constFind(key);
    if (existing != m_objects.constEnd() && *existing == object)
        return; // unchanged: no new version, no event
    const bool added = existing == m_objects.constEnd();
    m_objects.insert(key, object);
    m_json.remove(key);
    notify(added ? u"ADDED"_s : u"MODIFIED"_s, key, object);
    Q_EMIT stored(key);
}

QByteArray ObjectStore::jsonOf(const QString &key) const
{
    const auto cached = m_json.constFind(key);
    if (cached != m_json.constEnd())
        return *cached;
    const QByteArray json = toJson(m_objects.value(key));
    m_json.insert(key, json);
    return json;
}

void ObjectStore::erase(const QString &key)
{
    const auto it = m_objects.constFind(key);
    if (it == m_objects.constEnd())
        return;
    QJsonObject last = *it;
    QJsonObject meta = last.value(u"metadata"_s).toObject();
    meta.insert(u"resourceVersion"_s, nextResourceVersion());
    last.insert(u"metadata"_s, meta);
    m_objects.remove(key);
    m_json.remove(key);
    notify(u"DELETED"_s, key, last);
    Q_EMIT erased(key);
}

bool ObjectStore::matches(const WatchRequest &w, const QString &key, const QJsonObject &object) const
{
    if (!key.startsWith(w.prefix))
        return false;
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    return (w.ns.isEmpty() || meta.value(u"namespace"_s).toString() == w.ns) && (w.fieldSelector.isEmpty() || fieldsMatch(object, w.fieldSelector))
        && (w.labelSelector.isEmpty() || labelsMatch(meta.value(u"labels"_s).toObject(), w.labelSelector));
}

void ObjectStore::notify(const QString &type, const QString &key, const QJsonObject &object)
{
    const qint64 rv = object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString().toLongLong();
    m_history.append(Event{rv, type, key, object});
    while (m_history.size() > m_options.historySize)
        m_history.removeFirst();
    const QByteArray line = eventLine(type, type == u"DELETED"_s ? toJson(object) : jsonOf(key));
    const auto watchers = m_watchers; // send() may drop a watcher
    for (const auto &w : watchers)
        if (w->connection && matches(w->request, key, object))
            deliver(w, w->request.encode ? eventLine(type, w->request.encode(object)) : line);
}

bool ObjectStore::send(const std::shared_ptr<Watcher> &w, const QByteArray &line)
{
    if (!w->connection)
        return false;
    if (w->connection->pendingBytes() > m_options.maxWatchBacklog) {
        // The client does not read its events: close the connection rather than let the unsent
        // output grow without bound. It will list and watch again.
        HttpConnection *c = w->connection;
        drop(w);
        c->abort();
        return false;
    }
    w->connection->writeChunk(line);
    return true;
}

void ObjectStore::drop(const std::shared_ptr<Watcher> &w)
{
    m_watchers.removeAll(w);
}

void ObjectStore::deliver(const std::shared_ptr<Watcher> &w, const QByteArray &line)
{
    if (!w->catchingUp()) {
        send(w, line);
        return;
    }
    w->queued.append(line);
    w->queuedBytes += line.size();
    if (w->queuedBytes > m_options.maxWatchBacklog && w->connection) {
        HttpConnection *c = w->connection;
        drop(w);
        c->abort(); // too far behind: it will list and watch again
    }
}

void ObjectStore::pump(const std::shared_ptr<Watcher> &w)
{
    constexpr qint64 InFlight = 1024 * 1024;
    while (w->connection && w->next < w->initial.size() && w->connection->pendingBytes() < InFlight) {
        const qsizetype i = w->next++;
        const QJsonObject &object = w->initial.at(i);
        w->connection->writeChunk(eventLine(u"ADDED"_s, w->request.encode ? w->request.encode(object) : w->initialJson.at(i)));
    }
    if (w->next < w->initial.size())
        return;
    w->initial.clear();
    w->initialJson.clear();
    const QList<QByteArray> queued = std::exchange(w->queued, {});
    w->queuedBytes = 0;
    for (const QByteArray &line : queued)
        if (!send(w, line))
            return;
}

void ObjectStore::watch(const WatchRequest &request, HttpConnection *connection)
{
    auto w = std::make_shared<Watcher>();
    w->connection = connection;
    w->request = request;
    connection->startStream("application/json");
    const qint64 rv = request.resourceVersion;
    if (rv <= 0) {
        // "" or "0": the current state as ADDED events (as the client reads them), then changes.
        for (auto it = m_objects.constBegin(); it != m_objects.constEnd(); ++it) {
            if (matches(request, it.key(), *it)) {
                w->initial.append(*it);
                w->initialJson.append(request.encode ? QByteArray() : jsonOf(it.key()));
            }
        }
        connect(connection, &HttpConnection::written, this, [this, w] {
            if (w->next < w->initial.size())
                pump(w);
        });
        pump(w);
    } else {
        const qint64 oldest = m_history.isEmpty() ? m_resourceVersion : m_history.front().resourceVersion;
        if (rv < oldest - 1 && rv < m_resourceVersion) {
            // Too old to resume: one ERROR event with a 410 Expired Status, as the API server's watch cache does.
            connection->writeChunk(toJson(QJsonObject{{u"type"_s, u"ERROR"_s},
                                                      {u"object"_s, statusObject(ApiReason::Expired, u"too old resource version: %1 (%2)"_s.arg(rv).arg(oldest - 1))}})
                                   + '\n');
            connection->endStream();
            return;
        }
        for (const Event &e : std::as_const(m_history))
            if (e.resourceVersion > rv && matches(request, e.key, e.object)
                && !send(w, eventLine(e.type, request.encode ? request.encode(e.object) : toJson(e.object))))
                return;
    }
    m_watchers.append(w);
    if (request.timeoutSeconds > 0)
        QTimer::singleShot(request.timeoutSeconds * 1000, this, [this, w] {
            drop(w);
            if (w->connection)
                w->connection->endStream();
        });
    connect(connection, &QObject::destroyed, this, [this, w] { drop(w); });
}

void ObjectStore::restore(const QMap<QString, QJsonObject> &objects, qint64 resourceVersion)
{
    m_objects = objects;
    m_json.clear();
    m_history.clear();
    m_resourceVersion = std::max(m_resourceVersion, resourceVersion);
    // New cluster IPs continue after the ones in use.
    for (auto it = m_objects.lowerBound(u"/services/"_s); it != m_objects.constEnd() && it.key().startsWith(u"/services/"_s); ++it) {
        const QHostAddress ip(it->value(u"spec"_s).toObject().value(u"clusterIP"_s).toString());
        if (ip.protocol() == QAbstractSocket::IPv4Protocol)
            m_lastClusterIp = std::max(m_lastClusterIp, ip.toIPv4Address());
    }
}

// What the API server fills in for a Service: a cluster IP from the service range (kept on
// updates), its families, the session affinity and traffic policy defaults, TCP ports.
QJsonObject ObjectStore::serviceDefaults(QJsonObject spec, const QJsonObject &previousSpec)
{
    if (!spec.contains(u"type"_s))
        spec.insert(u"type"_s, u"ClusterIP"_s);
    if (spec.value(u"type"_s).toString() != u"ExternalName"_s) {
        QString ip = spec.value(u"clusterIP"_s).toString();
        if (ip.isEmpty())
            ip = previousSpec.value(u"clusterIP"_s).toString();
        if (ip.isEmpty())
            ip = QHostAddress(++m_lastClusterIp).toString();
        spec.insert(u"clusterIP"_s, ip);
        spec.insert(u"clusterIPs"_s, QJsonArray{ip});
        if (!spec.contains(u"ipFamilies"_s))
            spec.insert(u"ipFamilies"_s, QJsonArray{u"IPv4"_s});
        if (!spec.contains(u"ipFamilyPolicy"_s))
            spec.insert(u"ipFamilyPolicy"_s, u"SingleStack"_s);
        if (!spec.contains(u"internalTrafficPolicy"_s))
            spec.insert(u"internalTrafficPolicy"_s, u"Cluster"_s);
    }
    if (!spec.contains(u"sessionAffinity"_s))
        spec.insert(u"sessionAffinity"_s, u"None"_s);
    QJsonArray ports;
    for (const QJsonValue &v : spec.value(u"ports"_s).toArray()) {
        QJsonObject p = v.toObject();
        if (!p.contains(u"protocol"_s))
            p.insert(u"protocol"_s, u"TCP"_s);
        if (!p.contains(u"targetPort"_s))
            p.insert(u"targetPort"_s, p.value(u"port"_s));
        ports.append(p);
    }
    if (spec.contains(u"ports"_s))
        spec.insert(u"ports"_s, ports);
    return spec;
}

} // namespace dc::demo
