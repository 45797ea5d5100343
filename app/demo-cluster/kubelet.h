#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

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
 * doubling, at most 5 minutes), `speed` times faster for demos. Every status it reports is
 * computed from the pod's own clock, so a pod whose state did not change reads the same.
 */
class Kubelet
{
public:
    Kubelet(int readyAfterMs, double speed, QStringList nodes);

    /// The node and pod IP for a new pod (spec.nodeName, status.podIP).
    struct Placement
    {
        QString node;
        QString hostIP;
        QString podIP;
    };
    Placement schedule(const QString &podKey);
    [[nodiscard]] const QStringList &nodes() const { return m_nodes; }
    [[nodiscard]] QString nodeIP(const QString &node) const;

    /// The pod's status at `nowMs`; events that happened since the last call go to `events`.
    QJsonObject status(const QString &podKey, const QJsonObject &pod, qint64 nowMs, QList<PodEvent> *events);
    /// Ready and for how long (ms; -1 when not ready), for availability (minReadySeconds).
    [[nodiscard]] qint64 readyForMs(const QString &podKey, qint64 nowMs) const;
    /// Restarts so far and the crash message, for logs.
    [[nodiscard]] int restarts(const QString &podKey) const;
    void forget(const QString &podKey);

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
        int reportedRestarts = -1;
        bool reportedStart = false;
        bool reportedUnhealthy = false;
        QString node;
        QString podIP;
    };
    Clock &clockFor(const QString &podKey, const QJsonObject &pod, qint64 nowMs);
    [[nodiscard]] qint64 backoffMs(int restarts) const;

    int m_readyAfterMs;
    double m_speed;
    QStringList m_nodes;
    QHash<QString, int> m_podsOnNode;
    QHash<QString, int> m_nextIpOnNode;
    QHash<QString, Clock> m_clocks;
};

} // namespace dc::demo
