#pragma once

#include "rolloutstatus.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

class QTimer;

namespace dc::deploy {

struct DeploymentState
{
    QString ns, name, uid;
    qint64 revision = 0, generation = 0, observedGeneration = 0;
    qint64 replicas = 0, updated = 0, ready = 0, available = 0, unavailable = 0;
    bool paused = false;
    RolloutStatus status; // kubectl rollout status's line
    QStringList conditions; // "Available=True (MinimumReplicasAvailable)"
};

struct ReplicaSetState
{
    QString ns, name, uid, owner; // owner: the Deployment's uid
    qint64 revision = 0, replicas = 0, ready = 0;
    QStringList images;
    QString changeCause;
};

struct PodState
{
    QString ns, name, owner; // owner: the ReplicaSet's uid
    QString phase, reason, node;
    int ready = 0, containers = 0, restarts = 0;
    bool terminating = false;
    QDateTime started;
};

struct EventState
{
    QString ns, object; // "Pod/model-registry-ui-5f6d-abcde"
    QString type, reason, message;
    int count = 1;
    QDateTime last;
};

/**
 * What the cluster says about a bundle's rollout, kept up to date from watch events: its
 * Deployments (with kubectl's status line), their ReplicaSets (revision, images, change-cause),
 * their pods (phase, readiness, restarts, the waiting reason such as CrashLoopBackOff or
 * ImagePullBackOff) and the events about them. Events are applied as they come; `changed` is
 * emitted at most every `coalesceMs` (default 100), so a view redraws a few times a second
 * however many thousands of pods change.
 */
class RolloutModel : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Deployment, ReplicaSet, Pod, Event };
    /// `deployments`: "namespace/name" of the bundle's Deployments (the others are ignored).
    explicit RolloutModel(QStringList deployments, QObject *parent = nullptr);
    ~RolloutModel() override;

    /// A (re)list of one kind in one namespace: replaces what was known there.
    void reset(Kind kind, const QString &ns, const QList<QJsonObject> &items);
    /// One watch event (ADDED, MODIFIED, DELETED).
    void apply(Kind kind, const QString &type, const QJsonObject &object);
    void setCoalesceMs(int ms) { m_coalesceMs = ms; }

    [[nodiscard]] QList<DeploymentState> deployments() const;
    /// The ReplicaSets of a Deployment (by uid), newest revision first.
    [[nodiscard]] QList<ReplicaSetState> replicaSetsOf(const QString &deploymentUid) const;
    /// The pods of a Deployment (through its ReplicaSets), by name.
    [[nodiscard]] QList<PodState> podsOf(const QString &deploymentUid) const;
    /// The revision of the ReplicaSet that owns a pod (0 when unknown).
    [[nodiscard]] qint64 revisionOfPod(const PodState &pod) const;
    /// The newest events about the bundle's objects, newest first (at most `limit`).
    [[nodiscard]] QList<EventState> events(int limit = 200) const;
    [[nodiscard]] int podCount() const { return int(m_pods.size()); }
    /// Grows whenever the events change (a view rebuilds its list only then).
    [[nodiscard]] quint64 eventsVersion() const { return m_eventsVersion; }

Q_SIGNALS:
    void changed();

private:
    void touch();
    [[nodiscard]] bool relevantEvent(const EventState &e) const;

    QSet<QString> m_wanted; // "namespace/name"
    QHash<QString, DeploymentState> m_deployments; // key: namespace/name
    QHash<QString, ReplicaSetState> m_replicaSets;
    QMap<QString, PodState> m_pods; // ordered by namespace/name: lists come out sorted
    QHash<QString, EventState> m_events; // key: namespace/event name
    quint64 m_eventsVersion = 0;
    QTimer *m_timer;
    int m_coalesceMs = 100;
};

} // namespace dc::deploy
