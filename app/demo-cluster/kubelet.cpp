#include "kubelet.h"

#include <QRegularExpression>

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

QString stamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString fakeDigest(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString qosClass(const QJsonArray &containers)
{
    bool any = false;
    bool guaranteed = true;
    for (const QJsonValue &c : containers) {
        const QJsonObject r = c.toObject().value(u"resources"_s).toObject();
        const QJsonObject req = r.value(u"requests"_s).toObject();
        const QJsonObject lim = r.value(u"limits"_s).toObject();
        any = any || !req.isEmpty() || !lim.isEmpty();
        for (const QString &k : {u"cpu"_s, u"memory"_s})
            guaranteed = guaranteed && lim.contains(k) && (!req.contains(k) || req.value(k) == lim.value(k));
    }
    return !any ? u"BestEffort"_s : guaranteed ? u"Guaranteed"_s : u"Burstable"_s;
}

QJsonObject condition(const QString &type, bool status, qint64 sinceMs, const QString &reason = QString(), const QString &message = QString())
{
    QJsonObject c{{u"type"_s, type}, {u"status"_s, status ? u"True"_s : u"False"_s}, {u"lastProbeTime"_s, QJsonValue::Null},
                  {u"lastTransitionTime"_s, stamp(sinceMs)}};
    if (!reason.isEmpty())
        c.insert(u"reason"_s, reason);
    if (!message.isEmpty())
        c.insert(u"message"_s, message);
    return c;
}

// How long a run-to-completion pod runs: the seconds of a "sleep N" in its first container's
// command or arguments (also inside "sh -c"), else `fallbackMs`.
qint64 runMs(const QJsonObject &podSpec, qint64 fallbackMs)
{
    const QJsonObject first = podSpec.value(u"containers"_s).toArray().first().toObject();
    QStringList words;
    for (const char *field : {"command", "args"})
        for (const QJsonValue &v : first.value(QLatin1String(field)).toArray())
            words += v.toString().split(QRegularExpression(u"[\\s;&|]+"_s), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        bool ok = false;
        const double seconds = words.at(i + 1).toDouble(&ok);
        if (words.at(i) == u"sleep"_s && ok && seconds >= 0)
            return qint64(seconds * 1000);
    }
    return fallbackMs;
}

} // namespace

Kubelet::Kubelet(int readyAfterMs, double speed, QStringList nodes)
    : m_readyAfterMs(readyAfterMs)
    , m_speed(speed > 0 ? speed : 1)
    , m_nodes(std::move(nodes))
{
}

QString Kubelet::nodeIP(const QString &node) const
{
    return u"172.18.0.%1"_s.arg(2 + m_nodes.indexOf(node));
}

void Kubelet::beginTick(int tickMs)
{
    m_writesPerTick = std::max(1, WritesPerSecond * (tickMs > 0 ? tickMs : 1000) / 1000);
    for (const QString &n : std::as_const(m_nodes))
        m_budget[n] = m_writesPerTick;
    m_schedulerBudget = m_writesPerTick;
}

bool Kubelet::schedulerMayWrite()
{
    if (m_schedulerBudget <= 0)
        return false;
    --m_schedulerBudget;
    return true;
}

bool Kubelet::kubeletMayWrite(const QString &node)
{
    int &left = m_budget[node];
    if (left <= 0)
        return false;
    --left;
    return true;
}

void Kubelet::unschedulable(const QString &podKey)
{
    m_unschedulable.insert(podKey, m_capacityGeneration);
}

Kubelet::Placement Kubelet::schedule(const QString &podKey)
{
    // The least loaded node with room, as the default scheduler's spreading would pick.
    QString node;
    for (const QString &n : std::as_const(m_nodes))
        if (m_podsOnNode.value(n) < MaxPodsPerNode && (node.isEmpty() || m_podsOnNode.value(n) < m_podsOnNode.value(node)))
            node = n;
    if (node.isEmpty())
        return {};
    m_unschedulable.remove(podKey);
    m_podsOnNode[node] += 1;
    const int index = int(m_nodes.indexOf(node));
    const int ip = 2 + (m_nextIpOnNode[node]++ % 250);
    Clock &c = m_clocks[podKey];
    c.node = node;
    c.podIP = u"10.244.%1.%2"_s.arg(index + 1).arg(ip);
    return {node, nodeIP(node), c.podIP};
}

qint64 Kubelet::backoffMs(int restarts) const
{
    const qint64 base = std::min<qint64>(qint64(10000) << std::min(restarts, 10), 300000);
    return qint64(double(base) / m_speed);
}

Kubelet::Clock &Kubelet::clockFor(const QString &podKey, const QJsonObject &pod, qint64 nowMs)
{
    Clock &c = m_clocks[podKey];
    if (c.createdMs != 0)
        return c;
    const QJsonObject status = pod.value(u"status"_s).toObject();
    const QJsonObject spec = pod.value(u"spec"_s).toObject();
    for (const QJsonValue &v : spec.value(u"containers"_s).toArray()) {
        const QString image = v.toObject().value(u"image"_s).toString();
        c.probeFailing = c.probeFailing || image.endsWith(u":fail"_s);
        c.crashing = c.crashing || image.endsWith(u":crash"_s);
    }
    if (c.node.isEmpty()) {
        c.node = spec.value(u"nodeName"_s).toString();
        c.podIP = status.value(u"podIP"_s).toString();
        if (!c.node.isEmpty())
            m_podsOnNode[c.node] += 1;
    }
    const bool completes = spec.value(u"restartPolicy"_s).toString(u"Always"_s) != u"Always"_s;
    const QString phase = status.value(u"phase"_s).toString();
    bool wasReady = false;
    for (const QJsonValue &cond : status.value(u"conditions"_s).toArray())
        wasReady = wasReady || (cond.toObject().value(u"type"_s).toString() == u"Ready"_s && cond.toObject().value(u"status"_s).toString() == u"True"_s);
    if (phase == u"Succeeded"_s || phase == u"Failed"_s) {
        // Finished before the server restarted (--state): it stays finished.
        c.createdMs = nowMs - 3600000;
        c.runningMs = c.createdMs;
        c.finishedMs = c.createdMs + 1;
        c.exitCode = phase == u"Succeeded"_s ? 0 : 1;
        c.reportedStart = true;
    } else if (wasReady) {
        // A pod that was ready before the server restarted (--state) stays ready and available.
        c.createdMs = nowMs - 3600000;
        c.runningMs = c.createdMs;
        c.readyMs = c.createdMs;
        c.reportedStart = true;
    } else {
        c.createdMs = nowMs;
        c.runningMs = nowMs + std::min(500, m_readyAfterMs / 3);
        c.readyMs = c.crashing || c.probeFailing ? -1 : std::max(c.runningMs, nowMs + m_readyAfterMs);
        if (completes && !(c.crashing && spec.value(u"restartPolicy"_s).toString() == u"OnFailure"_s)) {
            c.readyMs = c.crashing || c.probeFailing ? -1 : c.runningMs;
            c.exitCode = c.crashing ? 1 : 0;
            c.crashing = false;
            c.finishedMs = c.runningMs + (c.exitCode ? 500 : runMs(spec, 2 * m_readyAfterMs));
        }
    }
    c.nextRestartMs = c.runningMs + backoffMs(0);
    return c;
}

QJsonObject Kubelet::status(const QString &podKey, const QJsonObject &pod, qint64 nowMs, QList<PodEvent> *events)
{
    Clock &c = clockFor(podKey, pod, nowMs);
    const QJsonArray containers = pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray();
    const bool finished = c.finishedMs >= 0 && nowMs >= c.finishedMs;
    const bool running = nowMs >= c.runningMs && !finished;
    const bool ready = c.readyMs >= 0 && nowMs >= c.readyMs && !finished;
    while (c.crashing && running && nowMs >= c.nextRestartMs) {
        c.restarts += 1;
        c.nextRestartMs += backoffMs(c.restarts);
    }
    if ((running || finished) && !c.reportedStart) {
        c.reportedStart = true;
        for (const QJsonValue &v : containers) {
            const QJsonObject ct = v.toObject();
            events->append({u"Normal"_s, u"Pulled"_s, u"Container image \"%1\" already present on machine"_s.arg(ct.value(u"image"_s).toString())});
            events->append({u"Normal"_s, u"Created"_s, u"Created container: %1"_s.arg(ct.value(u"name"_s).toString())});
            events->append({u"Normal"_s, u"Started"_s, u"Started container %1"_s.arg(ct.value(u"name"_s).toString())});
        }
    }
    if (c.probeFailing && running && !c.reportedUnhealthy && nowMs >= c.runningMs + m_readyAfterMs) {
        c.reportedUnhealthy = true;
        events->append({u"Warning"_s, u"Unhealthy"_s, u"Readiness probe failed: HTTP probe failed with statuscode: 503"_s});
    }
    if (c.crashing && running && c.restarts != c.reportedRestarts) {
        c.reportedRestarts = c.restarts;
        for (const QJsonValue &v : containers)
            events->append({u"Warning"_s, u"BackOff"_s,
                            u"Back-off restarting failed container %1 in pod %2_%3(%4)"_s.arg(
                                v.toObject().value(u"name"_s).toString(), pod.value(u"metadata"_s).toObject().value(u"name"_s).toString(),
                                pod.value(u"metadata"_s).toObject().value(u"namespace"_s).toString(),
                                pod.value(u"metadata"_s).toObject().value(u"uid"_s).toString())});
    }

    QJsonArray statuses;
    QStringList unready;
    for (const QJsonValue &v : containers) {
        const QJsonObject ct = v.toObject();
        const QString name = ct.value(u"name"_s).toString();
        const QString image = ct.value(u"image"_s).toString();
        QJsonObject cs{{u"name"_s, name},
                       {u"image"_s, image},
                       {u"imageID"_s, QString(image.section(u':', 0, 0) + u"@sha256:"_s + fakeDigest(image))},
                       {u"ready"_s, ready},
                       {u"restartCount"_s, c.restarts},
                       {u"started"_s, running && !c.crashing}};
        if (finished) {
            cs.insert(u"containerID"_s, QString(u"containerd://"_s + fakeDigest(podKey + name)));
            cs.insert(u"state"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, c.exitCode},
                                                                           {u"reason"_s, c.exitCode ? u"Error"_s : u"Completed"_s},
                                                                           {u"startedAt"_s, stamp(c.runningMs)}, {u"finishedAt"_s, stamp(c.finishedMs)},
                                                                           {u"containerID"_s, cs.value(u"containerID"_s)}}}});
        } else if (!running) {
            cs.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"ContainerCreating"_s}}}});
        } else if (c.crashing) {
            const qint64 lastCrash = c.nextRestartMs - backoffMs(c.restarts);
            cs.insert(u"containerID"_s, QString(u"containerd://"_s + fakeDigest(podKey + name + QString::number(c.restarts))));
            cs.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"CrashLoopBackOff"_s},
                                                                        {u"message"_s, u"back-off %1s restarting failed container=%2 pod=%3_%4(%5)"_s
                                                                                           .arg(backoffMs(c.restarts) / 1000)
                                                                                           .arg(name, pod.value(u"metadata"_s).toObject().value(u"name"_s).toString(),
                                                                                                pod.value(u"metadata"_s).toObject().value(u"namespace"_s).toString(),
                                                                                                pod.value(u"metadata"_s).toObject().value(u"uid"_s).toString())}}}});
            cs.insert(u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, 1}, {u"reason"_s, u"Error"_s},
                                                                               {u"startedAt"_s, stamp(lastCrash)}, {u"finishedAt"_s, stamp(lastCrash)},
                                                                               {u"containerID"_s, cs.value(u"containerID"_s)}}}});
        } else {
            cs.insert(u"containerID"_s, QString(u"containerd://"_s + fakeDigest(podKey + name)));
            cs.insert(u"state"_s, QJsonObject{{u"running"_s, QJsonObject{{u"startedAt"_s, stamp(c.runningMs)}}}});
        }
        if (!ready)
            unready << name;
        statuses.append(cs);
    }
    const QString notReady = u"containers with unready status: [%1]"_s.arg(unready.join(u' '));
    const qint64 readySince = finished ? c.finishedMs : ready ? c.readyMs : (running ? c.runningMs : c.createdMs);
    const QString notReadyReason = finished ? u"PodCompleted"_s : u"ContainersNotReady"_s;
    QJsonArray conditions{
        condition(u"PodReadyToStartContainers"_s, running, running ? c.runningMs : c.createdMs),
        condition(u"Initialized"_s, true, c.createdMs),
        ready ? condition(u"Ready"_s, true, readySince) : condition(u"Ready"_s, false, readySince, notReadyReason, finished ? QString() : notReady),
        ready ? condition(u"ContainersReady"_s, true, readySince)
              : condition(u"ContainersReady"_s, false, readySince, notReadyReason, finished ? QString() : notReady),
        condition(u"PodScheduled"_s, true, c.createdMs),
    };
    // The next moment this status changes: containers starting, becoming ready, a restart, a
    // failing probe reported.
    qint64 next = std::numeric_limits<qint64>::max();
    if (finished)
        next = std::numeric_limits<qint64>::max();
    else if (!running)
        next = c.runningMs;
    else if (c.readyMs >= 0 && !ready)
        next = c.readyMs;
    if (c.finishedMs >= 0 && !finished)
        next = std::min(next, c.finishedMs);
    if (c.crashing)
        next = std::min(next, std::max(c.runningMs, c.nextRestartMs));
    if (c.probeFailing && !c.reportedUnhealthy)
        next = std::min(next, c.runningMs + m_readyAfterMs);
    if (next == std::numeric_limits<qint64>::max())
        m_timed.remove(podKey);
    else
        m_timed.insert(podKey, next);
    const QString phase = finished ? (c.exitCode ? u"Failed"_s : u"Succeeded"_s) : running ? u"Running"_s : u"Pending"_s;
    QJsonObject st{{u"phase"_s, phase},
                   {u"conditions"_s, conditions},
                   {u"hostIP"_s, nodeIP(c.node)},
                   {u"hostIPs"_s, QJsonArray{QJsonObject{{u"ip"_s, nodeIP(c.node)}}}},
                   {u"startTime"_s, stamp(c.createdMs)},
                   {u"qosClass"_s, qosClass(containers)},
                   {u"containerStatuses"_s, statuses}};
    if (running || finished) {
        st.insert(u"podIP"_s, c.podIP);
        st.insert(u"podIPs"_s, QJsonArray{QJsonObject{{u"ip"_s, c.podIP}}});
    }
    return st;
}

QStringList Kubelet::duePods(qint64 nowMs) const
{
    QStringList due;
    for (auto it = m_timed.constBegin(); it != m_timed.constEnd(); ++it)
        if (nowMs >= *it)
            due << it.key();
    for (auto it = m_unschedulable.constBegin(); it != m_unschedulable.constEnd(); ++it)
        if (*it != m_capacityGeneration)
            due << it.key();
    return due;
}

qint64 Kubelet::readyForMs(const QString &podKey, qint64 nowMs) const
{
    const auto it = m_clocks.constFind(podKey);
    if (it == m_clocks.constEnd() || it->readyMs < 0 || nowMs < it->readyMs || (it->finishedMs >= 0 && nowMs >= it->finishedMs))
        return -1;
    return nowMs - it->readyMs;
}

std::optional<Kubelet::Timeline> Kubelet::timeline(const QString &podKey, qint64 nowMs) const
{
    const auto it = m_clocks.constFind(podKey);
    if (it == m_clocks.constEnd() || nowMs < it->runningMs)
        return std::nullopt;
    Timeline t{it->runningMs, it->readyMs, it->finishedMs, it->exitCode, it->probeFailing, it->crashing, {}};
    if (it->crashing) {
        qint64 at = it->runningMs;
        for (int restart = 0; restart < 1000; ++restart) {
            at += backoffMs(restart);
            if (at > nowMs)
                break;
            t.restartsMs << at;
        }
    }
    return t;
}

void Kubelet::forget(const QString &podKey)
{
    m_unschedulable.remove(podKey);
    m_timed.remove(podKey);
    const auto it = m_clocks.constFind(podKey);
    if (it == m_clocks.constEnd())
        return;
    if (!it->node.isEmpty()) {
        m_podsOnNode[it->node] = std::max(0, m_podsOnNode.value(it->node) - 1);
        ++m_capacityGeneration;
    }
    m_clocks.erase(it);
}

} // namespace dc::demo
