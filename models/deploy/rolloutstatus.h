#pragma once

#include <QJsonObject>
#include <QString>

namespace dc::deploy {

/// What `kubectl rollout status` says of a Deployment at one moment.
struct RolloutStatus
{
    QString message; // the line kubectl prints (without the newline); for an error its text
    bool done = false;
    bool error = false; // kubectl prints "error: <message>" and exits 1
};

/**
 * kubectl's DeploymentStatusViewer (pkg/polymorphichelpers/rollout_status.go, v1.32), word for
 * word: a revision mismatch (when `revision` > 0), the progress deadline, then the new, old and
 * available replica counts once the controller has seen the current generation; missing counts
 * are 0.
 */
[[nodiscard]] RolloutStatus deploymentRolloutStatus(const QJsonObject &deployment, qint64 revision = 0);

/// The revision annotation of a Deployment or ReplicaSet (deployment.kubernetes.io/revision), 0 when none.
[[nodiscard]] qint64 revisionOf(const QJsonObject &object);

} // namespace dc::deploy
