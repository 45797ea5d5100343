#pragma once

#include "endpoints.h"
#include "events.h"
#include "jobs.h"
#include "kubelet.h"
#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

namespace dc::demo {

class MetricsSimulator;
class ObjectStore;

/**
 * The controllers of the demo cluster, run on a tick as Kubernetes runs them:
 * - the deployment controller: a ReplicaSet per pod template (named by its pod-template-hash,
 *   revisions and change-cause on it), rolled out with maxSurge / maxUnavailable /
 *   minReadySeconds or Recreate, paused Deployments held, status counted over all its
 *   ReplicaSets, Progressing and Available conditions, revisionHistoryLimit;
 * - the ReplicaSet controller: pods created and deleted to match spec.replicas (not-ready and
 *   newest pods go first), status from its pods;
 * - the Job and CronJob controllers (JobController);
 * - the kubelets (Kubelet) on three Node objects: scheduling, start-up, readiness, CrashLoopBackOff,
 *   pods that run to completion;
 * - the endpoints and EndpointSlice controllers (EndpointsController);
 * - garbage collection of objects whose owner is gone.
 * Events are recorded as the real components record them.
 */
class DeploymentController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int readyAfterMs = 1500; // a new pod's time to readiness
        double speed = 1;        // how much faster the kubelet's back-off runs
        int tickMs = 250;        // 0: no timer (reconcile() is called by hand)
    };
    DeploymentController(ObjectStore &store, MetricsSimulator &metrics, QList<ResourceType> types, Options options,
                         QObject *parent = nullptr);

    /// One tick of every controller (also run by the timer).
    void reconcile();
    /// The nodes' kubelets, for what they know of the containers (logs).
    [[nodiscard]] const Kubelet &kubelet() const { return m_kubelet; }

private:
    void runKubelets(qint64 nowMs);
    void runReplicaSets(qint64 nowMs);
    void runDeployments(qint64 nowMs);
    void syncDeployment(const QString &key, qint64 nowMs);
    void collectGarbage();
    /// Stores `object` with `status` when the status changed (a new resourceVersion).
    void writeStatus(const QString &key, QJsonObject object, const QJsonObject &status);
    void scaleReplicaSet(const QString &key, qint64 replicas, const QJsonObject &deployment);

    ObjectStore &m_store;
    MetricsSimulator &m_metrics;
    QList<ResourceType> m_types;
    Options m_options;
    Kubelet m_kubelet;
    EventRecorder m_events;
    EndpointsController m_endpoints;
    JobController m_jobs;
    // What the controllers' informers would tell them: pods changed since the last tick, the
    // owner of every pod, and whether an owner went (the garbage collector then looks).
    QSet<QString> m_dirtyPods;
    QHash<QString, QString> m_podOwner;        // pod key -> owner uid
    QHash<QString, QString> m_podNode;         // pod key -> the node it is bound to ("" = none yet)
    QHash<QString, QStringList> m_podsByOwner; // owner uid -> pod keys, rebuilt each tick
    bool m_ownerGone = false;
    bool m_writingStatus = false;
    qint64 m_ticks = 0;
};

} // namespace dc::demo
