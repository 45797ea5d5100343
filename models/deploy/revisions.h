#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dc::deploy {

/// One revision of a Deployment, from the ReplicaSet that holds it.
struct Revision
{
    qint64 number = 0;
    QString replicaSet;
    QStringList images;
    QString changeCause; // kubernetes.io/change-cause
    QJsonObject podTemplate; // without the pod-template-hash label
    bool current = false;
    qint64 replicas = 0; // the ReplicaSet's current replicas
};

/// The revisions of `deployment` from the ReplicaSets it owns (a ReplicaSetList's items),
/// oldest first.
[[nodiscard]] QList<Revision> revisionsOf(const QJsonObject &deployment, const QJsonArray &replicaSets);

/// What `kubectl rollout undo` does, as a JSON patch of the Deployment (the template of the
/// revision and the Deployment's annotations with that revision's change-cause); or an error as
/// kubectl words it (paused, no history, the revision not found). `skipped` when the template is
/// already that revision's.
struct RollbackPlan
{
    QByteArray jsonPatch;
    qint64 toRevision = 0;
    QString error;
    bool skipped = false;
};
[[nodiscard]] RollbackPlan planRollback(const QJsonObject &deployment, const QList<Revision> &revisions, qint64 toRevision);

} // namespace dc::deploy
