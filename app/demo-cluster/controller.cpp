#include "controller.h"

#include "apierror.h"
#include "metricssim.h"
#include "objectstore.h"
#include "pods.h"
#include "rollout.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

const QString DeploymentsPrefix = u"apps/deployments/"_s;
const QString ReplicaSetsPrefix = u"apps/replicasets/"_s;
const QString PodsPrefix = u"/pods/"_s;
const QString JobsPrefix = u"batch/jobs/"_s;
const QString CronJobsPrefix = u"batch/cronjobs/"_s;
const QString RevisionAnnotation = u"deployment.kubernetes.io/revision"_s;

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

// The template as the pod-template-hash is computed over it: without the hash label itself.
QJsonObject hashableTemplate(QJsonObject tmpl)
{
    QJsonObject meta = tmpl.value(u"metadata"_s).toObject();
    QJsonObject labels = meta.value(u"labels"_s).toObject();
    labels.remove(u"pod-template-hash"_s);
    meta.insert(u"labels"_s, labels);
    tmpl.insert(u"metadata"_s, meta);
    return normalized(tmpl).toObject();
}

QJsonObject meta(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject();
}

qint64 replicasOf(const QJsonObject &o)
{
    const QJsonObject spec = o.value(u"spec"_s).toObject();
    return spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInteger() : 1;
}

QString ownerUid(const QJsonObject &o)
{
    const QJsonArray owners = meta(o).value(u"ownerReferences"_s).toArray();
    for (const QJsonValue &v : owners)
        if (v.toObject().value(u"controller"_s).toBool())
            return v.toObject().value(u"uid"_s).toString();
    return owners.isEmpty() ? QString() : owners.first().toObject().value(u"uid"_s).toString();
}

QString stampOf(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

qint64 msOf(const QString &stamp)
{
    return QDateTime::fromString(stamp, Qt::ISODate).toMSecsSinceEpoch();
}

// Annotations a Deployment passes on to its ReplicaSets (kubernetes.io/change-cause among them).
QJsonObject inheritedAnnotations(const QJsonObject &deployment)
{
    QJsonObject a = meta(deployment).value(u"annotations"_s).toObject();
    for (const QString &skip : {u"kubectl.kubernetes.io/last-applied-configuration"_s, RevisionAnnotation,
                                u"deployment.kubernetes.io/revision-history"_s, u"deployment.kubernetes.io/desired-replicas"_s,
                                u"deployment.kubernetes.io/max-replicas"_s, u"deprecated.deployment.rollback.to"_s})
        a.remove(skip);
    return a;
}

bool failingImage(const QJsonObject &podTemplate)
{
    for (const QJsonValue &c : podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
        const QString image = c.toObject().value(u"image"_s).toString();
        if (image.endsWith(u":fail"_s) || image.endsWith(u":crash"_s))
            return true;
    }
    return false;
}

} // namespace

DeploymentController::DeploymentController(ObjectStore &store, MetricsSimulator &metrics, QList<ResourceType> types, Options options,
                                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_metrics(metrics)
    , m_types(std::move(types))
    , m_options(options)
    , m_kubelet(options.readyAfterMs, options.speed, {u"demo-node-1"_s, u"demo-node-2"_s, u"demo-node-3"_s})
    , m_events(store, m_types)
    , m_endpoints(store, m_types)
    , m_jobs(store, m_events, m_types, options.speed,
             [this](const QString &key, const QJsonObject &object, const QJsonObject &status) { writeStatus(key, object, status); })
{
    // The nodes register themselves.
    const ResourceType *nodeType = builtinType(m_types, u"Node"_s);
    for (const QJsonObject &node : nodeObjects(m_kubelet.nodes(), m_kubelet.maxPodsPerNode())) {
        const QString key = u"/nodes//"_s + meta(node).value(u"name"_s).toString();
        QJsonObject stamped = m_store.stamp(node, m_store.value(key), *nodeType, QString());
        stamped.insert(u"status"_s, node.value(u"status"_s));
        m_store.store(key, stamped);
    }
    // Informers: the controllers work on what changed, not on every object every tick.
    connect(&m_store, &ObjectStore::stored, this, [this](const QString &key) {
        if (key.startsWith(PodsPrefix)) {
            if (!m_writingStatus) // its own status writes make nothing new to look at
                m_dirtyPods.insert(key);
            const QJsonObject pod = m_store.value(key);
            m_podOwner.insert(key, ownerUid(pod));
            m_podNode.insert(key, pod.value(u"spec"_s).toObject().value(u"nodeName"_s).toString());
        }
    });
    connect(&m_store, &ObjectStore::erased, this, [this](const QString &key) {
        // A pod that goes (deleted by a user, a controller or the garbage collector) leaves its node.
        if (key.startsWith(PodsPrefix)) {
            m_kubelet.forget(key);
            m_dirtyPods.remove(key);
            m_podOwner.remove(key);
            m_podNode.remove(key);
        }
        if (key.startsWith(DeploymentsPrefix) || key.startsWith(ReplicaSetsPrefix) || key.startsWith(JobsPrefix) || key.startsWith(CronJobsPrefix))
            m_ownerGone = true;
    });
    if (m_options.tickMs > 0) {
        auto *timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, &DeploymentController::reconcile);
        timer->start(m_options.tickMs);
    }
}

void DeploymentController::writeStatus(const QString &key, QJsonObject object, const QJsonObject &status)
{
    if (object.value(u"status"_s).toObject() == status)
        return;
    QJsonObject m = meta(object);
    m.insert(u"resourceVersion"_s, m_store.nextResourceVersion());
    object.insert(u"metadata"_s, m);
    object.insert(u"status"_s, status);
    m_writingStatus = true;
    m_store.store(key, object);
    m_writingStatus = false;
}

void DeploymentController::reconcile()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_ticks == 0) {
        // The first look: every pod there is (a cluster loaded from --state has some).
        for (const QString &key : m_store.keysUnder(PodsPrefix)) {
            const QJsonObject pod = m_store.value(key);
            m_dirtyPods.insert(key);
            m_podOwner.insert(key, ownerUid(pod));
            m_podNode.insert(key, pod.value(u"spec"_s).toObject().value(u"nodeName"_s).toString());
        }
        m_ownerGone = true;
    }
    runKubelets(nowMs);
    m_endpoints.sync();
    runReplicaSets(nowMs);
    m_jobs.sync(nowMs, m_podsByOwner);
    runDeployments(nowMs);
    // The garbage collector looks when an owner went, and sweeps every 10 s anyway.
    if (m_ownerGone || m_ticks % 40 == 0) {
        m_ownerGone = false;
        collectGarbage();
    }
    if (++m_ticks % 40 == 0)
        m_events.expire();
}

// Every pod's status as its node's kubelet reports it.
void DeploymentController::runKubelets(qint64 nowMs)
{
    m_kubelet.beginTick(m_options.tickMs);
    m_podsByOwner.clear();
    for (auto it = m_podOwner.constBegin(); it != m_podOwner.constEnd(); ++it)
        if (!it->isEmpty())
            m_podsByOwner[*it] << it.key();
    QSet<QString> candidates = m_dirtyPods;
    for (const QString &key : m_kubelet.duePods(nowMs))
        candidates.insert(key);
    for (const QString &key : std::as_const(candidates)) {
        // A backlog larger than this tick's writes waits without being looked at.
        const QString knownNode = m_podNode.value(key);
        if (knownNode.isEmpty() ? m_kubelet.schedulerBudget() == 0 : m_kubelet.kubeletBudget(knownNode) == 0)
            continue;
        if (!m_store.contains(key)) {
            m_dirtyPods.remove(key);
            continue;
        }
        QJsonObject pod = m_store.value(key);
        QJsonObject spec = pod.value(u"spec"_s).toObject();
        QString node = spec.value(u"nodeName"_s).toString();
        const bool binding = node.isEmpty();
        if (binding && !spec.value(u"schedulingGates"_s).toArray().isEmpty()) {
            m_dirtyPods.remove(key); // gated: the scheduler leaves it alone until the gates are removed
            continue;
        }
        if (binding) {
            // The scheduler: the least loaded node with room, or Pending, Unschedulable.
            if (!m_kubelet.schedulerMayWrite())
                continue;
            const Kubelet::Placement where = m_kubelet.schedule(key);
            if (where.node.isEmpty()) {
                m_kubelet.unschedulable(key);
                m_dirtyPods.remove(key);
                const QString why = u"0/%1 nodes are available: %1 Too many pods. preemption: 0/%1 nodes are available: %1 No preemption victims found for incoming pod."_s
                                        .arg(m_kubelet.nodes().size());
                m_events.record(pod, u"Warning"_s, u"FailedScheduling"_s, why, u"default-scheduler"_s);
                writeStatus(key, pod, QJsonObject{{u"phase"_s, u"Pending"_s},
                                                  {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"PodScheduled"_s}, {u"status"_s, u"False"_s},
                                                                                            {u"lastProbeTime"_s, QJsonValue::Null},
                                                                                            {u"lastTransitionTime"_s, stampOf(nowMs)},
                                                                                            {u"reason"_s, u"Unschedulable"_s}, {u"message"_s, why}}}}});
                continue;
            }
            node = where.node;
            spec.insert(u"nodeName"_s, node);
            pod.insert(u"spec"_s, spec);
            m_events.record(pod, u"Normal"_s, u"Scheduled"_s,
                            u"Successfully assigned %1/%2 to %3"_s.arg(meta(pod).value(u"namespace"_s).toString(), meta(pod).value(u"name"_s).toString(), node),
                            u"default-scheduler"_s);
        } else if (!m_kubelet.kubeletMayWrite(node)) {
            continue; // this node's kubelet has used its writes for this tick (still dirty)
        }
        m_dirtyPods.remove(key);
        QList<PodEvent> events;
        const QJsonObject status = m_kubelet.status(key, pod, nowMs, &events);
        for (const PodEvent &e : std::as_const(events))
            m_events.record(pod, e.type, e.reason, e.message, u"kubelet"_s);
        if (binding) {
            // Bound and started in one write.
            pod.insert(u"status"_s, QJsonObject{});
        }
        writeStatus(key, pod, status);
    }
}

// Each ReplicaSet's pods: as many as spec.replicas, and a status counted from them.
void DeploymentController::runReplicaSets(qint64 nowMs)
{
    const ResourceType *podType = builtinType(m_types, u"Pod"_s);
    for (const QString &key : m_store.keysUnder(ReplicaSetsPrefix)) {
        const QJsonObject rs = m_store.value(key);
        const QJsonObject rsMeta = meta(rs);
        const qint64 want = replicasOf(rs);
        QStringList pods = m_podsByOwner.value(rsMeta.value(u"uid"_s).toString());
        const QJsonObject tmpl = rs.value(u"spec"_s).toObject().value(u"template"_s).toObject();
        while (pods.size() < want) {
            const QString podKey = createPodFor(m_store, *podType, rs, tmpl, u"Always"_s);
            const QString podName = podKey.section(u'/', -1);
            pods << podKey;
            m_events.record(rs, u"Normal"_s, u"SuccessfulCreate"_s, u"Created pod: %1"_s.arg(podName), u"replicaset-controller"_s);
        }
        if (pods.size() > want) {
            // Pods that serve nobody go first, then the newest.
            std::sort(pods.begin(), pods.end(), [&](const QString &a, const QString &b) {
                const bool ra = m_kubelet.readyForMs(a, nowMs) >= 0, rb = m_kubelet.readyForMs(b, nowMs) >= 0;
                if (ra != rb)
                    return !ra;
                return meta(m_store.value(a)).value(u"creationTimestamp"_s).toString() > meta(m_store.value(b)).value(u"creationTimestamp"_s).toString();
            });
            while (pods.size() > want) {
                const QString podKey = pods.takeFirst();
                const QJsonObject pod = m_store.value(podKey);
                for (const QJsonValue &c : pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
                    m_events.record(pod, u"Normal"_s, u"Killing"_s, u"Stopping container %1"_s.arg(c.toObject().value(u"name"_s).toString()), u"kubelet"_s);
                m_events.record(rs, u"Normal"_s, u"SuccessfulDelete"_s, u"Deleted pod: %1"_s.arg(meta(pod).value(u"name"_s).toString()),
                                u"replicaset-controller"_s);
                m_store.erase(podKey);
            }
        }
        const qint64 minReadyMs = rs.value(u"spec"_s).toObject().value(u"minReadySeconds"_s).toInteger() * 1000;
        qint64 ready = 0, available = 0;
        for (const QString &p : std::as_const(pods)) {
            const qint64 readyFor = m_kubelet.readyForMs(p, nowMs);
            ready += readyFor >= 0;
            available += readyFor >= minReadyMs;
        }
        const QJsonObject status{{u"replicas"_s, qint64(pods.size())}, {u"fullyLabeledReplicas"_s, qint64(pods.size())},
                                 {u"readyReplicas"_s, ready}, {u"availableReplicas"_s, available},
                                 {u"observedGeneration"_s, rsMeta.value(u"generation"_s).toInteger(1)}};
        writeStatus(key, m_store.value(key), status);
    }
}

void DeploymentController::runDeployments(qint64 nowMs)
{
    QSet<QString> modules;
    for (const QString &key : m_store.keysUnder(DeploymentsPrefix)) {
        syncDeployment(key, nowMs);
        const QJsonObject d = m_store.value(key);
        const QString module = meta(d).value(u"namespace"_s).toString() + u'/' + meta(d).value(u"name"_s).toString();
        modules.insert(module);
        const QJsonObject st = d.value(u"status"_s).toObject();
        const bool failing = failingImage(d.value(u"spec"_s).toObject().value(u"template"_s).toObject());
        m_metrics.simulateTraffic(module, st.value(u"readyReplicas"_s).toInteger(),
                                  failing ? st.value(u"updatedReplicas"_s).toInteger() : 0);
    }
    // The series of a Deployment that is gone go with it.
    m_metrics.retainOnly(modules);
}

void DeploymentController::scaleReplicaSet(const QString &key, qint64 replicas, const QJsonObject &deployment)
{
    QJsonObject rs = m_store.value(key);
    const qint64 had = replicasOf(rs);
    if (had == replicas)
        return;
    QJsonObject spec = rs.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, replicas);
    rs.insert(u"spec"_s, spec);
    QJsonObject m = meta(rs);
    QJsonObject a = m.value(u"annotations"_s).toObject();
    a.insert(u"deployment.kubernetes.io/desired-replicas"_s, QString::number(replicasOf(deployment)));
    m.insert(u"annotations"_s, a);
    m.insert(u"resourceVersion"_s, m_store.nextResourceVersion());
    m.insert(u"generation"_s, m.value(u"generation"_s).toInteger(1) + 1);
    rs.insert(u"metadata"_s, m);
    m_store.store(key, rs);
    const QString name = m.value(u"name"_s).toString();
    const QString what = u"Scaled %1 replica set %2 to %3"_s.arg(replicas > had ? u"up"_s : u"down"_s, name).arg(replicas);
    m_events.record(deployment, u"Normal"_s, u"ScalingReplicaSet"_s, had == 0 ? what : what + u" from %1"_s.arg(had), u"deployment-controller"_s);
}

void DeploymentController::syncDeployment(const QString &key, qint64 nowMs)
{
    const ResourceType *rsType = builtinType(m_types, u"ReplicaSet"_s);
    QJsonObject d = m_store.value(key);
    const QJsonObject spec = d.value(u"spec"_s).toObject();
    const QJsonObject dmeta = meta(d);
    const QString ns = dmeta.value(u"namespace"_s).toString();
    const QString name = dmeta.value(u"name"_s).toString();
    const QString uid = dmeta.value(u"uid"_s).toString();
    const qint64 replicas = replicasOf(d);
    const bool paused = spec.value(u"paused"_s).toBool();
    const QJsonObject tmpl = hashableTemplate(spec.value(u"template"_s).toObject());
    const QString hash = podTemplateHash(tmpl);

    // Its ReplicaSets: the one of the current template (new) and the others (old).
    QString newKey;
    QList<RsView> old;
    int maxOldRevision = 0;
    for (const QString &rsKey : m_store.keysUnder(ReplicaSetsPrefix + ns + u'/')) {
        const QJsonObject rs = m_store.value(rsKey);
        if (ownerUid(rs) != uid)
            continue;
        const QJsonObject rsTmpl = rs.value(u"spec"_s).toObject().value(u"template"_s).toObject();
        if (newKey.isEmpty() && hashableTemplate(rsTmpl) == tmpl) {
            newKey = rsKey;
            continue;
        }
        const QJsonObject st = rs.value(u"status"_s).toObject();
        old.append({rsKey, replicasOf(rs), st.value(u"replicas"_s).toInteger(), st.value(u"availableReplicas"_s).toInteger(),
                    msOf(meta(rs).value(u"creationTimestamp"_s).toString())});
        maxOldRevision = std::max(maxOldRevision, meta(rs).value(u"annotations"_s).toObject().value(RevisionAnnotation).toString().toInt());
    }

    QJsonObject previous = d.value(u"status"_s).toObject();
    bool created = false;
    if (newKey.isEmpty() && !paused) {
        // A new template: a new ReplicaSet, one revision above the others.
        const QString rsName = name + u'-' + hash;
        QJsonObject tmplWithHash = spec.value(u"template"_s).toObject();
        QJsonObject tm = tmplWithHash.value(u"metadata"_s).toObject();
        QJsonObject labels = tm.value(u"labels"_s).toObject();
        labels.insert(u"pod-template-hash"_s, hash);
        tm.insert(u"labels"_s, labels);
        tmplWithHash.insert(u"metadata"_s, tm);
        QJsonObject selector = spec.value(u"selector"_s).toObject();
        QJsonObject matchLabels = selector.value(u"matchLabels"_s).toObject();
        matchLabels.insert(u"pod-template-hash"_s, hash);
        selector.insert(u"matchLabels"_s, matchLabels);
        QJsonObject annotations = inheritedAnnotations(d);
        annotations.insert(RevisionAnnotation, QString::number(maxOldRevision + 1));
        annotations.insert(u"deployment.kubernetes.io/desired-replicas"_s, QString::number(replicas));
        annotations.insert(u"deployment.kubernetes.io/max-replicas"_s, QString::number(replicas + (isRecreate(spec) ? 0 : resolveFenceposts(spec).surge)));
        QJsonObject rsSpec{{u"replicas"_s, 0}, {u"selector"_s, selector}, {u"template"_s, tmplWithHash}};
        if (spec.contains(u"minReadySeconds"_s))
            rsSpec.insert(u"minReadySeconds"_s, spec.value(u"minReadySeconds"_s));
        QJsonObject rs{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, rsName}, {u"namespace"_s, ns}, {u"labels"_s, labels}, {u"annotations"_s, annotations},
                                                   {u"ownerReferences"_s, QJsonArray{controllerRef(d)}}}},
                       {u"spec"_s, rsSpec}};
        newKey = ReplicaSetsPrefix + ns + u'/' + rsName;
        rs = m_store.stamp(rs, m_store.value(newKey), *rsType, ns);
        rs.insert(u"status"_s, QJsonObject{{u"replicas"_s, 0}, {u"observedGeneration"_s, 1}});
        m_store.store(newKey, rs);
        created = true;
    } else if (!newKey.isEmpty()) {
        // The current ReplicaSet carries the Deployment's annotations and the highest revision
        // (a rollback makes an old one current again).
        QJsonObject rs = m_store.value(newKey);
        QJsonObject m = meta(rs);
        const QJsonObject a = m.value(u"annotations"_s).toObject();
        QJsonObject want = a;
        const QJsonObject inherited = inheritedAnnotations(d);
        for (auto it = inherited.begin(); it != inherited.end(); ++it)
            want.insert(it.key(), *it);
        const int revision = a.value(RevisionAnnotation).toString().toInt();
        if (revision <= maxOldRevision) {
            if (revision > 0)
                want.insert(u"deployment.kubernetes.io/revision-history"_s,
                            a.contains(u"deployment.kubernetes.io/revision-history"_s)
                                ? a.value(u"deployment.kubernetes.io/revision-history"_s).toString() + u',' + QString::number(revision)
                                : QString::number(revision));
            want.insert(RevisionAnnotation, QString::number(maxOldRevision + 1));
        }
        if (want != m.value(u"annotations"_s).toObject()) {
            m.insert(u"annotations"_s, want);
            m.insert(u"resourceVersion"_s, m_store.nextResourceVersion());
            rs.insert(u"metadata"_s, m);
            m_store.store(newKey, rs);
        }
    }

    // One step of the rollout (a paused Deployment only follows scaling).
    if (!newKey.isEmpty()) {
        const QJsonObject rs = m_store.value(newKey);
        const RsView current{newKey, replicasOf(rs), rs.value(u"status"_s).toObject().value(u"replicas"_s).toInteger(),
                             rs.value(u"status"_s).toObject().value(u"availableReplicas"_s).toInteger(), 0};
        if (!paused) {
            const QHash<QString, qint64> changes = syncReplicaSets(spec, current, old);
            for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
                scaleReplicaSet(it.key(), *it, d);
        } else {
            qint64 total = current.replicas;
            for (const RsView &r : std::as_const(old))
                total += r.replicas;
            if (total != replicas)
                scaleReplicaSet(newKey, std::max<qint64>(0, current.replicas + replicas - total), d);
        }
    } else if (paused && !old.isEmpty()) {
        // Paused before its new template got a ReplicaSet: scaling goes to the newest one.
        const RsView newest = *std::max_element(old.begin(), old.end(), [](const RsView &a, const RsView &b) { return a.createdMs < b.createdMs; });
        qint64 total = 0;
        for (const RsView &r : std::as_const(old))
            total += r.replicas;
        if (total != replicas)
            scaleReplicaSet(newest.key, std::max<qint64>(0, newest.replicas + replicas - total), d);
    }

    // Status, counted over all its ReplicaSets.
    qint64 statusReplicas = 0, updated = 0, ready = 0, available = 0, specTotal = 0;
    QString newName;
    int revision = 0;
    QList<std::pair<qint64, QString>> emptyOld; // creation, key
    for (const QString &rsKey : m_store.keysUnder(ReplicaSetsPrefix + ns + u'/')) {
        const QJsonObject rs = m_store.value(rsKey);
        if (ownerUid(rs) != uid)
            continue;
        const QJsonObject st = rs.value(u"status"_s).toObject();
        statusReplicas += st.value(u"replicas"_s).toInteger();
        ready += st.value(u"readyReplicas"_s).toInteger();
        available += st.value(u"availableReplicas"_s).toInteger();
        specTotal += replicasOf(rs);
        if (rsKey == newKey) {
            updated = st.value(u"replicas"_s).toInteger();
            newName = meta(rs).value(u"name"_s).toString();
            revision = meta(rs).value(u"annotations"_s).toObject().value(RevisionAnnotation).toString().toInt();
        } else if (replicasOf(rs) == 0 && st.value(u"replicas"_s).toInteger() == 0) {
            emptyOld.append({msOf(meta(rs).value(u"creationTimestamp"_s).toString()), rsKey});
        }
    }
    QJsonObject st{{u"observedGeneration"_s, dmeta.value(u"generation"_s).toInteger(1)},
                   {u"replicas"_s, statusReplicas},
                   {u"updatedReplicas"_s, updated},
                   {u"readyReplicas"_s, ready},
                   {u"availableReplicas"_s, available}};
    if (specTotal - available > 0)
        st.insert(u"unavailableReplicas"_s, specTotal - available);
    const bool complete = updated == replicas && statusReplicas == replicas && available == replicas;

    // Conditions: Available, and Progressing with its deadline.
    QJsonObject prevProgressing, prevAvailable;
    for (const QJsonValue &c : previous.value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == u"Progressing"_s)
            prevProgressing = c.toObject();
        if (c.toObject().value(u"type"_s).toString() == u"Available"_s)
            prevAvailable = c.toObject();
    }
    auto condition = [&](const QJsonObject &prev, const QString &type, const QString &status, const QString &reason, const QString &message,
                         bool touched) {
        const bool same = prev.value(u"status"_s).toString() == status;
        const QString transition = same ? prev.value(u"lastTransitionTime"_s).toString() : stampOf(nowMs);
        const QString updateTime = touched || !same || prev.value(u"reason"_s).toString() != reason ? stampOf(nowMs)
                                                                                                   : prev.value(u"lastUpdateTime"_s).toString();
        return QJsonObject{{u"type"_s, type}, {u"status"_s, status}, {u"lastUpdateTime"_s, updateTime},
                           {u"lastTransitionTime"_s, transition}, {u"reason"_s, reason}, {u"message"_s, message}};
    };
    const bool minimum = available >= replicas - maxUnavailable(spec);
    const QJsonObject availableCondition = minimum
        ? condition(prevAvailable, u"Available"_s, u"True"_s, u"MinimumReplicasAvailable"_s, u"Deployment has minimum availability."_s, false)
        : condition(prevAvailable, u"Available"_s, u"False"_s, u"MinimumReplicasUnavailable"_s, u"Deployment does not have minimum availability."_s, false);
    const auto number = [&](const char *field) { return previous.value(QString::fromLatin1(field)).toInteger(); };
    const bool progressed = created || updated > number("updatedReplicas") || statusReplicas < number("replicas")
        || ready > number("readyReplicas") || available > number("availableReplicas");
    const QString rsText = u"ReplicaSet \"%1\""_s.arg(newName);
    const qint64 deadlineMs = spec.value(u"progressDeadlineSeconds"_s).toInteger(600) * 1000;
    QJsonObject progressing;
    if (paused) {
        progressing = condition(prevProgressing, u"Progressing"_s, u"Unknown"_s, u"DeploymentPaused"_s, u"Deployment is paused"_s, false);
    } else if (complete && !newName.isEmpty()) {
        progressing = condition(prevProgressing, u"Progressing"_s, u"True"_s, u"NewReplicaSetAvailable"_s, rsText + u" has successfully progressed."_s, false);
    } else if (created) {
        progressing = condition(prevProgressing, u"Progressing"_s, u"True"_s, u"NewReplicaSetCreated"_s, u"Created new replica set \"%1\""_s.arg(newName), true);
    } else if (progressed || prevProgressing.isEmpty() || prevProgressing.value(u"reason"_s).toString() == u"DeploymentPaused"_s
               || prevProgressing.value(u"reason"_s).toString() == u"NewReplicaSetAvailable"_s) {
        progressing = condition(prevProgressing, u"Progressing"_s, u"True"_s, u"ReplicaSetUpdated"_s, rsText + u" is progressing."_s, true);
    } else if (prevProgressing.value(u"reason"_s).toString() == u"ProgressDeadlineExceeded"_s
               || nowMs - msOf(prevProgressing.value(u"lastUpdateTime"_s).toString()) > deadlineMs) {
        progressing = condition(prevProgressing, u"Progressing"_s, u"False"_s, u"ProgressDeadlineExceeded"_s, rsText + u" has timed out progressing."_s, false);
    } else {
        progressing = prevProgressing;
    }
    st.insert(u"conditions"_s, QJsonArray{availableCondition, progressing});

    // Old ReplicaSets beyond revisionHistoryLimit go, oldest first, once the rollout is done.
    const qint64 limit = spec.value(u"revisionHistoryLimit"_s).toInteger(10);
    if (complete && emptyOld.size() > limit) {
        std::sort(emptyOld.begin(), emptyOld.end());
        for (qsizetype i = 0; i < emptyOld.size() - limit; ++i)
            m_store.erase(emptyOld[i].second);
    }

    d = m_store.value(key);
    QJsonObject m = meta(d);
    QJsonObject annotations = m.value(u"annotations"_s).toObject();
    const bool revisionChanged = revision > 0 && annotations.value(RevisionAnnotation).toString() != QString::number(revision);
    if (revisionChanged) {
        annotations.insert(RevisionAnnotation, QString::number(revision));
        m.insert(u"annotations"_s, annotations);
        d.insert(u"metadata"_s, m);
        d.insert(u"status"_s, QJsonObject{}); // written below with the new resourceVersion
    }
    writeStatus(key, d, st);
}

// Objects whose owner is gone go too (the garbage collector's background deletion).
void DeploymentController::collectGarbage()
{
    const QMap<QString, QJsonObject> &live = m_store.objects();
    QStringList orphans;
    static const QHash<QString, QString> ownerPrefix = {{u"Deployment"_s, DeploymentsPrefix}, {u"ReplicaSet"_s, ReplicaSetsPrefix},
                                                        {u"Job"_s, JobsPrefix}, {u"CronJob"_s, CronJobsPrefix}};
    for (const QString &prefix : {ReplicaSetsPrefix, PodsPrefix, JobsPrefix}) {
        for (auto it = live.lowerBound(prefix); it != live.constEnd() && it.key().startsWith(prefix); ++it) {
            const QJsonObject m = meta(*it);
            const QJsonArray owners = m.value(u"ownerReferences"_s).toArray();
            if (owners.isEmpty())
                continue;
            const QJsonObject owner = owners.first().toObject();
            const QString kind = owner.value(u"kind"_s).toString();
            if (!ownerPrefix.contains(kind))
                continue;
            const QString ownerKey = ownerPrefix.value(kind) + m.value(u"namespace"_s).toString() + u'/' + owner.value(u"name"_s).toString();
            const auto ownerIt = live.constFind(ownerKey);
            if (ownerIt == live.constEnd() || meta(*ownerIt).value(u"uid"_s) != owner.value(u"uid"_s))
                orphans << it.key();
        }
    }
    for (const QString &k : std::as_const(orphans))
        m_store.erase(k);
}

} // namespace dc::demo
