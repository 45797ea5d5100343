#pragma once

#include "manifests/bundle.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace dc::kube {
class KubeClient;
class KubeCall;
}

namespace dc::deploy {

/// One object of the bundle against the cluster.
struct ObjectDiff
{
    enum class State { New, Changed, Unchanged, Error };
    QString id;         // "Deployment/model-registry-ui"
    QString ns;
    State state = State::Unchanged;
    QString live;       // the live object as YAML, without what the server keeps for itself ("" when new)
    QString merged;     // what it becomes: the server's dry-run apply result, same treatment
    QString unified;    // unified diff live -> merged ("" when unchanged)
    QString message;    // an error, or why a new object could not be dry-run
    QString liveResourceVersion;
};

/// An object that carries the project's labels and is no longer in the bundle.
struct PruneCandidate
{
    QString apiVersion;
    QString kind;
    QString ns;
    QString name;
    [[nodiscard]] QString id() const { return kind + u'/' + name; }
};

/// What kubectl diff leaves out of both sides: managedFields, status and the metadata the
/// server sets (resourceVersion, uid, creationTimestamp, generation, selfLink).
[[nodiscard]] QJsonObject comparable(QJsonObject object);

/**
 * The bundle against the live cluster, computed as `kubectl diff --server-side` does: each
 * object's live state against the result of a server-side dry-run apply (field manager
 * deploy-console) of it, both without managed fields, status and server-set metadata; new
 * objects in full. Objects with the project's labels (app.kubernetes.io/managed-by=deploy-console
 * and its name) that the bundle no longer has are listed as prune candidates.
 */
class BundleDiff : public QObject
{
    Q_OBJECT
public:
    BundleDiff(kube::KubeClient *client, Bundle bundle, QObject *parent = nullptr);
    ~BundleDiff() override;
    void setForceConflicts(bool force) { m_force = force; }
    void start();
    void cancel();

    [[nodiscard]] const QList<ObjectDiff> &objects() const { return m_objects; }
    [[nodiscard]] const QList<PruneCandidate> &pruneCandidates() const { return m_prune; }
    [[nodiscard]] bool hasDifferences() const;
    [[nodiscard]] bool hasErrors() const;
    [[nodiscard]] QJsonObject toJson() const;

Q_SIGNALS:
    void objectDone(const dc::deploy::ObjectDiff &diff);
    void finished();

private:
    void diffObject(size_t index);
    void findPruneCandidates();
    void finish();

    kube::KubeClient *m_client;
    Bundle m_bundle;
    bool m_force = false;
    QList<ObjectDiff> m_objects;
    QList<PruneCandidate> m_prune;
    QList<QPointer<kube::KubeCall>> m_calls;
    bool m_finished = false;
};

} // namespace dc::deploy
