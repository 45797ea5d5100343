#include "controller.h"

#include "apierror.h"
#include "metricssim.h"
#include "objectstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// Pod templates arrive in different spellings of the same thing (kubectl's rollout undo adds
// "creationTimestamp: null" and empty fields): drop nulls and empty values before hashing.
QJsonValue normalized(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue n = normalized(*it);
            if (!n.isNull() && !(n.isObject() && n.toObject().isEmpty()) && !(n.isArray() && n.toArray().isEmpty()))
                out.insert(it.key(), n);
        }
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(normalized(item));
        return out;
    }
    return v;
}

} // namespace

DeploymentController::DeploymentController(ObjectStore &store, MetricsSimulator &metrics, QList<ResourceType> types, int readyAfterMs,
                                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_metrics(metrics)
    , m_types(std::move(types))
    , m_readyAfterMs(readyAfterMs)
{
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &DeploymentController::reconcile);
    timer->start(250);
}

QJsonObject DeploymentController::saveRollouts() const
{
    QJsonObject rollouts;
    for (auto it = m_rollouts.constBegin(); it != m_rollouts.constEnd(); ++it)
        rollouts.insert(it.key(), QJsonObject{{u"templateHash"_s, QString::fromLatin1(it->templateHash)}, {u"revision"_s, it->revision}});
    return rollouts;
}

void DeploymentController::loadRollouts(const QJsonObject &rollouts)
{
    // A rollout continues where it was: pods that were ready stay ready.
    m_rollouts.clear();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (auto it = rollouts.begin(); it != rollouts.end(); ++it) {
        Rollout ro;
        ro.templateHash = it->toObject().value(u"templateHash"_s).toString().toLatin1();
        ro.revision = it->toObject().value(u"revision"_s).toInt();
        ro.ready = m_store.value(it.key()).value(u"status"_s).toObject().value(u"readyReplicas"_s).toInteger();
        ro.startedMs = nowMs - ro.ready * m_readyAfterMs;
        ro.lastProgressMs = nowMs;
        m_rollouts.insert(it.key(), ro);
    }
}

// The deployment controller, simulated: each new pod template is a new revision whose pods
// become ready one every readyAfterMs; images tagged ":fail" never become ready, and after
// progressDeadlineSeconds without progress the rollout is marked ProgressDeadlineExceeded.
void DeploymentController::reconcile()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString prefix = u"apps/deployments/"_s;
    // A snapshot: the ReplicaSets and pods written below change the store while this loop runs.
    const QMap<QString, QJsonObject> objects = m_store.objects();
    QList<QPair<QString, QJsonObject>> updates;
    for (auto it = objects.lowerBound(prefix); it != objects.constEnd() && it.key().startsWith(prefix); ++it) {
        const QJsonObject d = *it;
        const QJsonObject spec = d.value(u"spec"_s).toObject();
        QJsonObject meta = d.value(u"metadata"_s).toObject();
        const qint64 replicas = spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInteger() : 1;
        QJsonObject tmpl = normalized(spec.value(u"template"_s)).toObject();
        QJsonObject tmplMeta = tmpl.value(u"metadata"_s).toObject();
        QJsonObject tmplLabels = tmplMeta.value(u"labels"_s).toObject();
        tmplLabels.remove(u"pod-template-hash"_s);
        tmplMeta.insert(u"labels"_s, tmplLabels);
        tmpl.insert(u"metadata"_s, tmplMeta);
        const QByteArray hash = QCryptographicHash::hash(toJson(tmpl), QCryptographicHash::Sha1).toHex();
        Rollout &ro = m_rollouts[it.key()];
        const bool paused = spec.value(u"paused"_s).toBool();
        // A paused Deployment does not roll out template changes until it is resumed.
        const bool held = paused && !ro.templateHash.isEmpty() && ro.templateHash != hash;
        if (ro.templateHash != hash && !held) {
            ro.templateHash = hash;
            // A template seen before (rollout undo) keeps no old revision number: it gets the next.
            ++ro.revision;
            const int annotated = meta.value(u"annotations"_s).toObject().value(u"deployment.kubernetes.io/revision"_s).toString().toInt();
            ro.revision = std::max(ro.revision, annotated + 1);
            ro.startedMs = ro.lastProgressMs = nowMs;
            ro.ready = 0;
        }
        // Images tagged :fail run but never pass their readiness probe; :crash ones exit and restart.
        bool probeFailing = false;
        bool crashing = false;
        for (const QJsonValue &c : spec.value(u"template"_s).toObject().value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
            probeFailing = probeFailing || c.toObject().value(u"image"_s).toString().endsWith(u":fail"_s);
            crashing = crashing || c.toObject().value(u"image"_s).toString().endsWith(u":crash"_s);
        }
        const bool failing = probeFailing || crashing;
        if (!paused && !failing) {
            const qint64 due = std::min<qint64>(replicas, (nowMs - ro.startedMs) / std::max(1, m_readyAfterMs));
            if (due != ro.ready) {
                ro.ready = due;
                ro.lastProgressMs = nowMs;
            }
        }
        if (ro.ready > replicas)
            ro.ready = replicas;
        const qint64 deadlineMs = spec.value(u"progressDeadlineSeconds"_s).toInteger(600) * 1000;
        const bool done = ro.ready >= replicas;
        const bool exceeded = !done && !paused && nowMs - ro.lastProgressMs > deadlineMs;
        QJsonObject st{{u"observedGeneration"_s, meta.value(u"generation"_s).toInteger(1)},
                       {u"replicas"_s, replicas},
                       {u"updatedReplicas"_s, replicas},
                       {u"readyReplicas"_s, ro.ready},
                       {u"availableReplicas"_s, ro.ready}};
        if (ro.ready < replicas)
            st.insert(u"unavailableReplicas"_s, replicas - ro.ready);
        const QJsonObject previous = d.value(u"status"_s).toObject();
        auto condition = [&](const QString &type, const QString &statusText, const QString &reason, const QString &message) {
            // Keep the transition time while the status stays the same.
            QString since = now();
            for (const QJsonValue &c : previous.value(u"conditions"_s).toArray())
                if (c.toObject().value(u"type"_s).toString() == type && c.toObject().value(u"status"_s).toString() == statusText
                    && c.toObject().value(u"reason"_s).toString() == reason)
                    since = c.toObject().value(u"lastTransitionTime"_s).toString();
            return QJsonObject{{u"type"_s, type}, {u"status"_s, statusText}, {u"reason"_s, reason}, {u"message"_s, message},
                               {u"lastTransitionTime"_s, since}, {u"lastUpdateTime"_s, since}};
        };
        const QString name = meta.value(u"name"_s).toString();
        QJsonArray conditions{done ? condition(u"Available"_s, u"True"_s, u"MinimumReplicasAvailable"_s, u"Deployment has minimum availability."_s)
                                   : condition(u"Available"_s, u"False"_s, u"MinimumReplicasUnavailable"_s, u"Deployment does not have minimum availability."_s)};
        if (paused)
            conditions.append(condition(u"Progressing"_s, u"Unknown"_s, u"DeploymentPaused"_s, u"Deployment is paused"_s));
        else if (exceeded)
            conditions.append(condition(u"Progressing"_s, u"False"_s, u"ProgressDeadlineExceeded"_s,
                                        u"ReplicaSet \"%1-%2\" has timed out progressing."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        else if (done)
            conditions.append(condition(u"Progressing"_s, u"True"_s, u"NewReplicaSetAvailable"_s,
                                        u"ReplicaSet \"%1-%2\" has successfully progressed."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        else
            conditions.append(condition(u"Progressing"_s, u"True"_s, u"ReplicaSetUpdated"_s,
                                        u"ReplicaSet \"%1-%2\" is progressing."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        st.insert(u"conditions"_s, conditions);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        const QString revision = QString::number(ro.revision);
        const int crashRestarts = crashing ? int((nowMs - ro.startedMs) / std::max(2000, 2 * m_readyAfterMs)) : -1;
        if (!held)
            reconcileReplicaSets(d, hash, ro.revision, replicas, ro.ready, done, {probeFailing, crashRestarts});
        m_metrics.simulateTraffic(meta.value(u"namespace"_s).toString() + u'/' + name, ro.ready, failing ? replicas : 0);
        if (st == previous && annotations.value(u"deployment.kubernetes.io/revision"_s).toString() == revision)
            continue;
        annotations.insert(u"deployment.kubernetes.io/revision"_s, revision);
        meta.insert(u"annotations"_s, annotations);
        meta.insert(u"resourceVersion"_s, m_store.nextResourceVersion());
        QJsonObject updated = d;
        updated.insert(u"metadata"_s, meta);
        updated.insert(u"status"_s, st);
        updates.append({it.key(), updated});
    }
    for (const auto &[key, object] : std::as_const(updates))
        m_store.store(key, object);
    for (auto it = m_rollouts.begin(); it != m_rollouts.end();)
        it = m_store.contains(it.key()) ? std::next(it) : m_rollouts.erase(it);
    // ReplicaSets and pods whose owner is gone go too (garbage collection).
    const QMap<QString, QJsonObject> &live = m_store.objects();
    QStringList orphans;
    for (const QString &prefix : {u"apps/replicasets/"_s, u"/pods/"_s}) {
        for (auto it = live.lowerBound(prefix); it != live.constEnd() && it.key().startsWith(prefix); ++it) {
            const QJsonObject meta = it->value(u"metadata"_s).toObject();
            const QJsonArray owners = meta.value(u"ownerReferences"_s).toArray();
            if (owners.isEmpty())
                continue;
            const QJsonObject owner = owners.first().toObject();
            const QString ownerKey = (owner.value(u"kind"_s).toString() == u"Deployment"_s ? u"apps/deployments/"_s : u"apps/replicasets/"_s)
                + meta.value(u"namespace"_s).toString() + u'/' + owner.value(u"name"_s).toString();
            const auto ownerIt = live.constFind(ownerKey);
            if (ownerIt == live.constEnd()
                || ownerIt->value(u"metadata"_s).toObject().value(u"uid"_s) != owner.value(u"uid"_s))
                orphans << it.key();
        }
    }
    for (const QString &k : std::as_const(orphans))
        m_store.erase(k);
    if (++m_ticks % 40 == 0)
        expireEvents();
}

// The ReplicaSet of every revision (old ones scaled down once the new one is ready) and the
// pods of each, ready as far as the simulated rollout has come.
void DeploymentController::reconcileReplicaSets(const QJsonObject &deployment, const QByteArray &hash, int revision, qint64 replicas, qint64 ready,
                                     bool done, PodFailure failure)
{
    const QMap<QString, QJsonObject> &objects = m_store.objects();
    const QJsonObject dmeta = deployment.value(u"metadata"_s).toObject();
    const QString ns = dmeta.value(u"namespace"_s).toString();
    const QString name = dmeta.value(u"name"_s).toString();
    const QString podHash = QString::fromLatin1(hash.left(10));
    const QString rsName = name + u'-' + podHash;
    const QJsonObject owner{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s}, {u"name"_s, name},
                            {u"uid"_s, dmeta.value(u"uid"_s)}, {u"controller"_s, true}, {u"blockOwnerDeletion"_s, true}};
    const ResourceType *rsType = builtinType(m_types, u"ReplicaSet"_s);
    const ResourceType *podType = builtinType(m_types, u"Pod"_s);
    const QJsonObject spec = deployment.value(u"spec"_s).toObject();
    QJsonObject tmpl = spec.value(u"template"_s).toObject();
    QJsonObject tmeta = tmpl.value(u"metadata"_s).toObject();
    QJsonObject labels = tmeta.value(u"labels"_s).toObject();
    labels.insert(u"pod-template-hash"_s, podHash);
    tmeta.insert(u"labels"_s, labels);
    tmpl.insert(u"metadata"_s, tmeta);
    QJsonObject selector = spec.value(u"selector"_s).toObject();
    QJsonObject matchLabels = selector.value(u"matchLabels"_s).toObject();
    matchLabels.insert(u"pod-template-hash"_s, podHash);
    selector.insert(u"matchLabels"_s, matchLabels);

    // Stores the object when it differs; returns the previous version (empty when it is new).
    auto upsert = [this, &objects](const ResourceType &t, const QString &key, QJsonObject object) {
        const auto it = objects.constFind(key);
        const QJsonObject previous = it == objects.constEnd() ? QJsonObject() : *it;
        QJsonObject compare = previous;
        QJsonObject pm = compare.value(u"metadata"_s).toObject();
        for (const QString &k : {u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s, u"generation"_s})
            pm.remove(k);
        compare.insert(u"metadata"_s, pm);
        if (compare == object)
            return previous;
        const QJsonObject status = object.value(u"status"_s).toObject();
        QJsonObject stamped = m_store.stamp(object, previous, t, object.value(u"metadata"_s).toObject().value(u"namespace"_s).toString());
        stamped.insert(u"status"_s, status);
        m_store.store(key, stamped);
        return previous;
    };

    // Every ReplicaSet this Deployment owns, with the desired size of each.
    const QString rsPrefix = u"apps/replicasets/"_s + ns + u'/';
    QStringList owned;
    for (auto it = objects.lowerBound(rsPrefix); it != objects.constEnd() && it.key().startsWith(rsPrefix); ++it) {
        const QJsonArray owners = it->value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray();
        if (!owners.isEmpty() && owners.first().toObject().value(u"uid"_s) == dmeta.value(u"uid"_s))
            owned << it.key();
    }
    const QString currentKey = rsPrefix + rsName;
    if (!owned.contains(currentKey))
        owned << currentKey;
    for (const QString &key : std::as_const(owned)) {
        const bool current = key == currentKey;
        QJsonObject rs = current ? QJsonObject{} : m_store.value(key);
        const qint64 want = current ? replicas : (done ? 0 : std::max<qint64>(0, replicas - ready));
        const qint64 rsReady = current ? ready : want;
        QJsonObject rsMeta;
        QJsonObject rsSpec;
        if (current) {
            QJsonObject ann{{u"deployment.kubernetes.io/revision"_s, QString::number(revision)},
                            {u"deployment.kubernetes.io/desired-replicas"_s, QString::number(replicas)}};
            rsMeta = QJsonObject{{u"name"_s, rsName}, {u"namespace"_s, ns}, {u"labels"_s, labels}, {u"annotations"_s, ann},
                                 {u"ownerReferences"_s, QJsonArray{owner}}};
            rsSpec = QJsonObject{{u"selector"_s, selector}, {u"template"_s, tmpl}};
        } else {
            rsMeta = rs.value(u"metadata"_s).toObject();
            for (const QString &k : {u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s, u"generation"_s})
                rsMeta.remove(k);
            rsSpec = rs.value(u"spec"_s).toObject();
        }
        rsSpec.insert(u"replicas"_s, want);
        QJsonObject rsStatus{{u"replicas"_s, want}, {u"readyReplicas"_s, rsReady}, {u"availableReplicas"_s, rsReady},
                             {u"fullyLabeledReplicas"_s, want}, {u"observedGeneration"_s, 1}};
        const QJsonObject previousRs = upsert(*rsType, key, QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s}, {u"metadata"_s, rsMeta},
                                                                      {u"spec"_s, rsSpec}, {u"status"_s, rsStatus}});
        const qint64 had = previousRs.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger(0);
        if (had != want)
            recordEvent(deployment, u"Normal"_s, u"ScalingReplicaSet"_s,
                        u"Scaled %1 replica set %2 from %3 to %4"_s.arg(want > had ? u"up"_s : u"down"_s, rsMeta.value(u"name"_s).toString())
                            .arg(had)
                            .arg(want),
                        u"deployment-controller"_s);
        // Pods: <replicaset>-<n>, the first rsReady of them ready.
        const QJsonObject rsObject = m_store.value(key);
        const QString thisRs = rsObject.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        const QJsonObject podOwner{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s}, {u"name"_s, thisRs},
                                   {u"uid"_s, rsObject.value(u"metadata"_s).toObject().value(u"uid"_s)}, {u"controller"_s, true},
                                   {u"blockOwnerDeletion"_s, true}};
        const QJsonObject podTemplate = rsObject.value(u"spec"_s).toObject().value(u"template"_s).toObject();
        const QString podPrefix = u"/pods/"_s + ns + u'/' + thisRs + u'-';
        QStringList existing;
        for (auto it = objects.lowerBound(podPrefix); it != objects.constEnd() && it.key().startsWith(podPrefix); ++it)
            existing << it.key();
        for (qint64 i = 0; i < std::max<qint64>(want, existing.size()); ++i) {
            const QString podName = thisRs + u'-' + QString::number(i);
            const QString podKey = u"/pods/"_s + ns + u'/' + podName;
            if (i >= want) {
                if (m_store.contains(podKey)) {
                    const QJsonObject pod = m_store.value(podKey);
                    for (const QJsonValue &c : pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
                        recordEvent(pod, u"Normal"_s, u"Killing"_s, u"Stopping container %1"_s.arg(c.toObject().value(u"name"_s).toString()), u"kubelet"_s);
                    recordEvent(rsObject, u"Normal"_s, u"SuccessfulDelete"_s, u"Deleted pod: %1"_s.arg(podName), u"replicaset-controller"_s);
                    m_store.erase(podKey);
                }
                continue;
            }
            const bool podReady = i < rsReady;
            // Only the current revision's pods fail; older ones keep serving.
            const bool crashing = current && failure.crashRestarts >= 0;
            const bool probeFailing = current && failure.probeFailing;
            QJsonArray containerStatuses;
            for (const QJsonValue &c : podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
                const QString container = c.toObject().value(u"name"_s).toString();
                QJsonObject cs{{u"name"_s, container}, {u"image"_s, c.toObject().value(u"image"_s)}, {u"ready"_s, podReady},
                               {u"restartCount"_s, crashing ? failure.crashRestarts : 0}, {u"started"_s, !crashing},
                               {u"state"_s, QJsonObject{{u"running"_s, QJsonObject{}}}}};
                if (crashing) {
                    cs.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"CrashLoopBackOff"_s},
                                                                                  {u"message"_s, u"back-off restarting failed container=%1 pod=%2"_s.arg(container, podName)}}}});
                    cs.insert(u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, 1}, {u"reason"_s, u"Error"_s}}}});
                }
                containerStatuses.append(cs);
            }
            const QJsonObject podStatus{{u"phase"_s, u"Running"_s},
                                        {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, podReady ? u"True"_s : u"False"_s}}}},
                                        {u"containerStatuses"_s, containerStatuses},
                                        {u"podIP"_s, u"10.244.0.%1"_s.arg(2 + (qHash(podName) % 250))}};
            QJsonObject pm = podTemplate.value(u"metadata"_s).toObject();
            pm.insert(u"name"_s, podName);
            pm.insert(u"namespace"_s, ns);
            pm.insert(u"ownerReferences"_s, QJsonArray{podOwner});
            const QJsonObject previousPod = upsert(*podType, podKey, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s}, {u"metadata"_s, pm},
                                                                                {u"spec"_s, podTemplate.value(u"spec"_s)}, {u"status"_s, podStatus}});
            const QJsonObject pod = m_store.value(podKey);
            const QJsonArray containers = podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray();
            if (previousPod.isEmpty()) {
                recordEvent(rsObject, u"Normal"_s, u"SuccessfulCreate"_s, u"Created pod: %1"_s.arg(podName), u"replicaset-controller"_s);
                recordEvent(pod, u"Normal"_s, u"Scheduled"_s, u"Successfully assigned %1/%2 to demo-node"_s.arg(ns, podName), u"default-scheduler"_s);
                for (const QJsonValue &c : containers) {
                    const QString container = c.toObject().value(u"name"_s).toString();
                    recordEvent(pod, u"Normal"_s, u"Pulled"_s,
                                u"Container image \"%1\" already present on machine"_s.arg(c.toObject().value(u"image"_s).toString()), u"kubelet"_s);
                    recordEvent(pod, u"Normal"_s, u"Created"_s, u"Created container: %1"_s.arg(container), u"kubelet"_s);
                    recordEvent(pod, u"Normal"_s, u"Started"_s, u"Started container %1"_s.arg(container), u"kubelet"_s);
                }
            }
            if (probeFailing && previousPod.isEmpty())
                recordEvent(pod, u"Warning"_s, u"Unhealthy"_s, u"Readiness probe failed: HTTP probe failed with statuscode: 503"_s, u"kubelet"_s);
            const qint64 restartsBefore = previousPod.value(u"status"_s).toObject().value(u"containerStatuses"_s).toArray().at(0).toObject().value(u"restartCount"_s).toInteger();
            if (crashing && (previousPod.isEmpty() || failure.crashRestarts > restartsBefore))
                for (const QJsonValue &c : containers)
                    recordEvent(pod, u"Warning"_s, u"BackOff"_s,
                                u"Back-off restarting failed container %1 in pod %2_%3(%4)"_s.arg(c.toObject().value(u"name"_s).toString(), podName, ns,
                                                                                               pod.value(u"metadata"_s).toObject().value(u"uid"_s).toString()),
                                u"kubelet"_s);
        }
    }
}

// An Event about `object`, as the controllers and the kubelet record them: repeated ones are
// aggregated (count, lastTimestamp), and events older than an hour go (the API server's TTL).
void DeploymentController::recordEvent(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component)
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

void DeploymentController::expireEvents()
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
