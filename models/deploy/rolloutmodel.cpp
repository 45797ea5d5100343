#include "rolloutmodel.h"

#include <QJsonArray>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::deploy {

namespace {

QString keyOf(const QJsonObject &metadata)
{
    return metadata.value(u"namespace"_s).toString() + u'/' + metadata.value(u"name"_s).toString();
}

QString controllerUid(const QJsonObject &metadata)
{
    for (const QJsonValue &o : metadata.value(u"ownerReferences"_s).toArray())
        if (o[u"controller"_s].toBool())
            return o[u"uid"_s].toString();
    return {};
}

DeploymentState deploymentFrom(const QJsonObject &o)
{
    const QJsonObject metadata = o.value(u"metadata"_s).toObject(), spec = o.value(u"spec"_s).toObject(), status = o.value(u"status"_s).toObject();
    DeploymentState d;
    d.ns = metadata.value(u"namespace"_s).toString();
    d.name = metadata.value(u"name"_s).toString();
    d.uid = metadata.value(u"uid"_s).toString();
    d.revision = revisionOf(o);
    d.generation = metadata.value(u"generation"_s).toInteger();
    d.observedGeneration = status.value(u"observedGeneration"_s).toInteger();
    d.replicas = spec.value(u"replicas"_s).toInteger(1);
    d.updated = status.value(u"updatedReplicas"_s).toInteger();
    d.ready = status.value(u"readyReplicas"_s).toInteger();
    d.available = status.value(u"availableReplicas"_s).toInteger();
    d.unavailable = status.value(u"unavailableReplicas"_s).toInteger();
    d.paused = spec.value(u"paused"_s).toBool();
    d.status = deploymentRolloutStatus(o);
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray())
        d.conditions << u"%1=%2 (%3)"_s.arg(c[u"type"_s].toString(), c[u"status"_s].toString(), c[u"reason"_s].toString());
    return d;
}

ReplicaSetState replicaSetFrom(const QJsonObject &o)
{
    const QJsonObject metadata = o.value(u"metadata"_s).toObject();
    ReplicaSetState r;
    r.ns = metadata.value(u"namespace"_s).toString();
    r.name = metadata.value(u"name"_s).toString();
    r.uid = metadata.value(u"uid"_s).toString();
    r.owner = controllerUid(metadata);
    r.revision = revisionOf(o);
    r.changeCause = metadata[u"annotations"_s][u"kubernetes.io/change-cause"_s].toString();
    r.replicas = o[u"status"_s][u"replicas"_s].toInteger();
    r.ready = o[u"status"_s][u"readyReplicas"_s].toInteger();
    for (const QJsonValue &c : o[u"spec"_s][u"template"_s][u"spec"_s][u"containers"_s].toArray())
        r.images << c[u"image"_s].toString();
    return r;
}

PodState podFrom(const QJsonObject &o)
{
    const QJsonObject metadata = o.value(u"metadata"_s).toObject(), status = o.value(u"status"_s).toObject();
    PodState p;
    p.ns = metadata.value(u"namespace"_s).toString();
    p.name = metadata.value(u"name"_s).toString();
    p.owner = controllerUid(metadata);
    p.phase = status.value(u"phase"_s).toString();
    p.reason = status.value(u"reason"_s).toString();
    p.node = o[u"spec"_s][u"nodeName"_s].toString();
    p.terminating = metadata.contains(u"deletionTimestamp"_s);
    p.started = QDateTime::fromString(status.value(u"startTime"_s).toString(), Qt::ISODate);
    const QJsonArray containers = status.value(u"containerStatuses"_s).toArray();
    p.containers = int(std::max<qsizetype>(containers.size(), o[u"spec"_s][u"containers"_s].toArray().size()));
    for (const QJsonValue &c : containers) {
        p.ready += c[u"ready"_s].toBool() ? 1 : 0;
        p.restarts += c[u"restartCount"_s].toInt();
        const QJsonObject state = c[u"state"_s].toObject();
        const QString waiting = state[u"waiting"_s][u"reason"_s].toString();
        const QString terminated = state[u"terminated"_s][u"reason"_s].toString();
        if (!waiting.isEmpty())
            p.reason = waiting; // CrashLoopBackOff, ImagePullBackOff, ...
        else if (!terminated.isEmpty() && p.reason.isEmpty())
            p.reason = terminated;
    }
    if (p.terminating)
        p.reason = u"Terminating"_s;
    return p;
}

EventState eventFrom(const QJsonObject &o)
{
    EventState e;
    e.ns = o[u"metadata"_s][u"namespace"_s].toString();
    e.object = o[u"involvedObject"_s][u"kind"_s].toString() + u'/' + o[u"involvedObject"_s][u"name"_s].toString();
    e.type = o.value(u"type"_s).toString();
    e.reason = o.value(u"reason"_s).toString();
    e.message = o.value(u"message"_s).toString();
    e.count = std::max(1, o.value(u"count"_s).toInt());
    QString when = o.value(u"lastTimestamp"_s).toString();
    if (when.isEmpty())
        when = o.value(u"eventTime"_s).toString();
    if (when.isEmpty())
        when = o[u"metadata"_s][u"creationTimestamp"_s].toString();
    e.last = QDateTime::fromString(when, Qt::ISODateWithMs);
    return e;
}

} // namespace

RolloutModel::RolloutModel(QStringList deployments, QObject *parent)
    : QObject(parent)
    , m_wanted(deployments.begin(), deployments.end())
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &RolloutModel::changed);
}

RolloutModel::~RolloutModel() = default;

void RolloutModel::touch()
{
    if (!m_timer->isActive())
        m_timer->start(m_coalesceMs);
}

void RolloutModel::reset(Kind kind, const QString &ns, const QList<QJsonObject> &items)
{
    auto dropNamespace = [&ns](auto &hash) {
        for (auto it = hash.begin(); it != hash.end();)
            it = it->ns == ns ? hash.erase(it) : std::next(it);
    };
    switch (kind) {
    case Kind::Deployment:
        dropNamespace(m_deployments);
        break;
    case Kind::ReplicaSet:
        dropNamespace(m_replicaSets);
        break;
    case Kind::Pod:
        dropNamespace(m_pods);
        break;
    case Kind::Event:
        dropNamespace(m_events);
        ++m_eventsVersion;
        break;
    }
    for (const QJsonObject &o : items)
        apply(kind, u"ADDED"_s, o);
    touch();
}

void RolloutModel::apply(Kind kind, const QString &type, const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    const QString key = keyOf(metadata);
    const bool gone = type == u"DELETED"_s;
    switch (kind) {
    case Kind::Deployment:
        if (!m_wanted.contains(key))
            return;
        if (gone)
            m_deployments.remove(key);
        else
            m_deployments.insert(key, deploymentFrom(object));
        break;
    case Kind::ReplicaSet:
        if (gone)
            m_replicaSets.remove(key);
        else
            m_replicaSets.insert(key, replicaSetFrom(object));
        break;
    case Kind::Pod:
        if (gone)
            m_pods.remove(key);
        else
            m_pods.insert(key, podFrom(object));
        break;
    case Kind::Event: {
        if (gone) {
            m_eventsVersion += m_events.remove(key) ? 1 : 0;
            break;
        }
        EventState e = eventFrom(object);
        if (!relevantEvent(e))
            return;
        m_events.insert(key, std::move(e));
        ++m_eventsVersion;
        break;
    }
    }
    touch();
}

bool RolloutModel::relevantEvent(const EventState &e) const
{
    // About one of the Deployments, their ReplicaSets ("<name>-<hash>") or pods.
    const QString name = e.object.section(u'/', 1);
    for (const QString &wanted : m_wanted) {
        const QString ns = wanted.section(u'/', 0, 0), deployment = wanted.section(u'/', 1);
        if (ns == e.ns && (name == deployment || name.startsWith(deployment + u'-')))
            return true;
    }
    return false;
}

QList<DeploymentState> RolloutModel::deployments() const
{
    QList<DeploymentState> out = m_deployments.values();
    std::sort(out.begin(), out.end(), [](const DeploymentState &a, const DeploymentState &b) { return a.ns + a.name < b.ns + b.name; });
    return out;
}

QList<ReplicaSetState> RolloutModel::replicaSetsOf(const QString &deploymentUid) const
{
    QList<ReplicaSetState> out;
    for (const ReplicaSetState &r : m_replicaSets)
        if (r.owner == deploymentUid)
            out << r;
    std::sort(out.begin(), out.end(), [](const ReplicaSetState &a, const ReplicaSetState &b) { return a.revision > b.revision; });
    return out;
}

QList<PodState> RolloutModel::podsOf(const QString &deploymentUid) const
{
    QSet<QString> sets;
    for (const ReplicaSetState &r : m_replicaSets)
        if (r.owner == deploymentUid)
            sets.insert(r.uid);
    QList<PodState> out;
    out.reserve(m_pods.size());
    for (const PodState &p : m_pods) // in name order already
        if (sets.contains(p.owner))
            out << p;
    return out;
}

qint64 RolloutModel::revisionOfPod(const PodState &pod) const
{
    for (const ReplicaSetState &r : m_replicaSets)
        if (r.uid == pod.owner)
            return r.revision;
    return 0;
}

QList<EventState> RolloutModel::events(int limit) const
{
    QList<EventState> out = m_events.values();
    std::sort(out.begin(), out.end(), [](const EventState &a, const EventState &b) { return a.last > b.last; });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

} // namespace dc::deploy
