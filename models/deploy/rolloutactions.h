#pragma once

#include "revisions.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace dc::kube {
class KubeClient;
}

namespace dc::deploy {

/**
 * The actions on a Deployment, asynchronous, for the console and deployctl alike, with
 * kubectl's checks and words: restart (kubectl rollout restart's restartedAt annotation), pause
 * and resume, scale (the scale subresource) and roll back to a revision (kubectl rollout undo).
 * Each calls `done` once with an error ("" when it worked) and kubectl's outcome text
 * ("restarted", "rolled back", "skipped rollback (...)"). Writes use field manager deploy-console.
 * Calls are parented to `context`: they end with it.
 */
namespace actions {

using Done = std::function<void(const QString &error, const QString &outcome)>;
using RevisionsDone = std::function<void(const QString &error, const QJsonObject &deployment, const QList<Revision> &revisions)>;

void revisions(kube::KubeClient *client, const QString &ns, const QString &name, QObject *context, RevisionsDone done);
void restart(kube::KubeClient *client, const QString &ns, const QString &name, QObject *context, Done done);
void setPaused(kube::KubeClient *client, const QString &ns, const QString &name, bool paused, QObject *context, Done done);
void scale(kube::KubeClient *client, const QString &ns, const QString &name, qint64 replicas, QObject *context, Done done);
/// `toRevision` 0: the revision before the current one.
void rollback(kube::KubeClient *client, const QString &ns, const QString &name, qint64 toRevision, QObject *context, Done done);

} // namespace actions

} // namespace dc::deploy
