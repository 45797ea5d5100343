#pragma once

#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace dc::demo {

class MetricsSimulator;
class ObjectStore;

/**
 * The deployment controller, the ReplicaSet controller and the kubelet, simulated on a 250 ms
 * tick: each new pod template is a new revision with its own ReplicaSet and pods, which become
 * ready one every `readyAfterMs`; images tagged ":fail" never become ready and ":crash" ones
 * restart in CrashLoopBackOff; after progressDeadlineSeconds without progress the rollout is
 * ProgressDeadlineExceeded. Events are recorded as the real components record them, and objects
 * whose owner is gone are garbage-collected.
 */
class DeploymentController : public QObject
{
    Q_OBJECT
public:
    DeploymentController(ObjectStore &store, MetricsSimulator &metrics, QList<ResourceType> types, int readyAfterMs,
                         QObject *parent = nullptr);

    /// One tick (also run by the timer).
    void reconcile();

    /// The rollout revision of each Deployment, for saving the state.
    [[nodiscard]] QJsonObject saveRollouts() const;
    void loadRollouts(const QJsonObject &rollouts);

private:
    struct PodFailure
    {
        bool probeFailing = false; // image tagged :fail: running, never ready
        int crashRestarts = -1;    // image tagged :crash: restarts so far (-1: not crashing)
    };
    void reconcileReplicaSets(const QJsonObject &deployment, const QByteArray &hash, int revision, qint64 replicas, qint64 ready,
                              bool done, PodFailure failure);
    void recordEvent(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component);
    void expireEvents();

    struct Rollout
    {
        QByteArray templateHash;
        int revision = 0;
        qint64 startedMs = 0;
        qint64 lastProgressMs = 0;
        qint64 ready = 0;
    };
    ObjectStore &m_store;
    MetricsSimulator &m_metrics;
    QList<ResourceType> m_types;
    int m_readyAfterMs;
    QHash<QString, Rollout> m_rollouts; // deployment key -> simulated rollout
    qint64 m_ticks = 0;
};

} // namespace dc::demo
