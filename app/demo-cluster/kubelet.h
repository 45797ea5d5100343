#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace dc::demo {

/// What the simulated kubelet reports about a pod's containers, for events and logs.
struct PodEvent
{
    QString type;   // Normal | Warning
    QString reason; // Pulled, Created, Started, Unhealthy, BackOff
    QString message;
};

/**
 * The kubelets of the demo cluster's nodes, simulated: a pod is scheduled on the least loaded
 * node, gets an IP from that node's range, starts its containers and becomes ready
 * `readyAfterMs` after it was created. Images tagged ":fail" run but never pass their
 * readiness probe; ":crash" ones exit and are restarted with the kubelet's back-off (10 s,
 * doubling, at most 5 minutes), `speed` times faster for demos. Pods of restartPolicy Never or
 * OnFailure (Jobs, `kubectl run --restart=Never`) run to completion: for the seconds of a
 * `sleep N` in their command or arguments, else twice the start-up time, then Succeeded; a
 * ":crash" image fails them (Never) or loops (OnFailure). Every status it reports is
 * computed from the pod's own clock, so a pod whose state did not change reads the same.
 */
class Kubelet
{
public:
    Kubelet(int readyAfterMs, double speed, QStringList nodes);

    /// Starts a controller tick: each node's kubelet, and the scheduler, may write about 50
    /// times a second (their default API rate limit), so a burst of pods is worked off over a
    /// few ticks, as on a real cluster.
    void beginTick(int tickMs);
    /// Whether the scheduler may bind another pod in this tick.
    bool schedulerMayWrite();
    /// Whether the node's kubelet may write another status in this tick.
    bool kubeletMayWrite(const QString &node);
    [[nodiscard]] int schedulerBudget() const { return m_schedulerBudget; }
    [[nodiscard]] int kubeletBudget(const QString &node) const { return m_budget.value(node, m_writesPerTick); }

    /// The node and pod IP for a new pod (spec.nodeName, status.podIP); an empty node when
    /// every node holds its 110 pods (the pod stays Pending, Unschedulable).
    struct Placement
    {
        QString node;
        QString hostIP;
        QString podIP;
    };
    Placement schedule(const QString &podKey);
    /// Marks a pod that found no node; it is tried again when a node has room.
    void unschedulable(const QString &podKey);
    [[nodiscard]] int maxPodsPerNode() const { return MaxPodsPerNode; }
    [[nodiscard]] const QStringList &nodes() const { return m_nodes; }
    [[nodiscard]] QString nodeIP(const QString &node) const;

    /// Pods whose status changes by `nowMs` (a container starts, becomes ready, restarts), and
    /// pods waiting for room on a node once some was freed. Other pods cost nothing per tick.
    [[nodiscard]] QStringList duePods(qint64 nowMs) const;
    /// The pod's status at `nowMs`; events that happened since the last call go to `events`.
    QJsonObject status(const QString &podKey, const QJsonObject &pod, qint64 nowMs, QList<PodEvent> *events);
    /// Ready and for how long (ms; -1 when not ready), for availability (minReadySeconds).
    [[nodiscard]] qint64 readyForMs(const QString &podKey, qint64 nowMs) const;
    void forget(const QString &podKey);

    /// What a pod's containers did up to `nowMs`, for their logs.
    struct Timeline
    {
        qint64 startedMs = 0;     // first start
        qint64 readyMs = -1;      // -1: never
        qint64 finishedMs = -1;   // run-to-completion pods: when the containers exited (-1: not yet, or never)
        int exitCode = 0;
        bool probeFailing = false;
        bool crashLoop = false;   // each run exits soon after it started and is restarted
        QList<qint64> restartsMs; // crash loops: when each restart happened
    };
    /// nullopt for a pod the kubelet has not started yet.
    [[nodiscard]] std::optional<Timeline> timeline(const QString &podKey, qint64 nowMs) const;

private:
    struct Clock
    {
        qint64 createdMs = 0;
        qint64 runningMs = 0;   // containers started
        qint64 readyMs = -1;    // -1: never (failing probe or crashing)
        int restarts = 0;
        qint64 nextRestartMs = 0;
        bool crashing = false;
        bool probeFailing = false;
        qint64 finishedMs = -1; // pods that run to completion (restartPolicy Never, OnFailure): when
        int exitCode = 0;       // their containers exit, and with what
        int reportedRestarts = -1;
        bool reportedStart = false;
        bool reportedUnhealthy = false;
        QString node;
        QString podIP;
    };
    Clock &clockFor(const QString &podKey, const QJsonObject &pod, qint64 nowMs);
    [[nodiscard]] qint64 backoffMs(int restarts) const;

    static constexpr int MaxPodsPerNode = 110;
    static constexpr int WritesPerSecond = 50;

    int m_readyAfterMs;
    QHash<QString, int> m_budget; // node -> writes left in this tick
    int m_schedulerBudget = 0;
    int m_writesPerTick = WritesPerSecond;
    QHash<QString, qint64> m_unschedulable; // pod key -> capacity generation it was refused in
    QHash<QString, qint64> m_timed;         // pod key -> its next status change (ms)
    qint64 m_capacityGeneration = 0;
    double m_speed;
    QStringList m_nodes;
    QHash<QString, int> m_podsOnNode;
    QHash<QString, int> m_nextIpOnNode;
    QHash<QString, Clock> m_clocks;
};

} // namespace dc::demo
