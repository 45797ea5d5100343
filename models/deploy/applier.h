#pragma once

#include "manifests/bundle.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

namespace dc::kube {
class KubeClient;
class KubeCall;
}

namespace dc::deploy {

/// One step of an apply and how it went.
struct ApplyStep
{
    enum class Kind { Object, Merge, WaitForCrd, Prune };
    enum class Result { Pending, Created, Configured, Unchanged, Deleted, Waited, Failed, NotAttempted };
    Kind kind = Kind::Object;
    QString id; // "Deployment/model-registry-ui", "merge into ConfigMap/centraldashboard-config"
    QString ns;
    Result result = Result::Pending;
    QString message;
    int retries = 0; // merges: how often a concurrent change made it read again
    [[nodiscard]] static QString resultText(Result r);
};

/**
 * Applies a bundle with server-side apply (field manager deploy-console), in the bundle's order:
 * the steps that must come first (ODH: the DataScienceCluster patch, then waiting until the
 * ModelRegistry CRD is served), the objects (namespaces first), then the merges into shared
 * objects. A merge is read-merge-write with the read resourceVersion as precondition, read again
 * and retried on a conflict (up to 5 times), so entries of other teams are kept. The first
 * failure stops the run; the summary says exactly which steps were applied, which failed and
 * which were not attempted (also when the connection drops half-way). A conflict with another
 * field manager is reported with that manager and the fields; forcing is a separate option.
 */
class Applier : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool dryRun = false;        // dryRun=All: nothing is persisted
        bool forceConflicts = false; // take over fields other managers own
        int crdWaitMs = 120000;
    };
    Applier(kube::KubeClient *client, Bundle bundle, Options options, QObject *parent = nullptr);
    ~Applier() override;

    /// Objects to delete after everything else applied (the prune candidates the user confirmed).
    void setPrune(const QList<std::pair<QString, QString>> &pathsAndIds) { m_prune = pathsAndIds; }
    void start();
    void cancel();

    [[nodiscard]] const QList<ApplyStep> &steps() const { return m_steps; }
    [[nodiscard]] bool succeeded() const;
    [[nodiscard]] QString summary() const;
    [[nodiscard]] QJsonObject toJson() const;
    /// "namespace/name" -> the Deployment's generation after the apply (for the history).
    [[nodiscard]] const QMap<QString, qint64> &deploymentGenerations() const { return m_generations; }

Q_SIGNALS:
    void stepStarted(int index);
    void stepFinished(int index);
    /// A merge has read the shared object and is about to write it back (attempt 1, 2, ...).
    void mergeRead(int index, int attempt);
    void finished();

private:
    void runStep(int index);
    void applyObject(int index, const Document &d);
    void merge(int index, const MergeAction &a, int attempt);
    void waitForCrd(int index, const MergeAction &a, qint64 startedMs);
    void prune(int index, const QString &path);
    void done(int index, ApplyStep::Result result, const QString &message = {});
    kube::KubeCall *track(kube::KubeCall *call);

    kube::KubeClient *m_client;
    Bundle m_bundle;
    Options m_options;
    QList<ApplyStep> m_steps;
    // What each step applies: a document, an action or a prune (index into the lists).
    QList<std::pair<ApplyStep::Kind, int>> m_plan;
    QList<std::pair<QString, QString>> m_prune;
    QMap<QString, qint64> m_generations;
    QList<QPointer<kube::KubeCall>> m_calls;
    bool m_finished = false;
    bool m_canceled = false;
};

/// Our entry merged into a JSON document held in a ConfigMap key (the list at `listKey`, or the
/// document itself when it is a list), matched by `matchField`; other entries are kept in their
/// order. `changed` says whether anything differs. An unreadable document is an error.
[[nodiscard]] QString mergeJsonEntry(const QString &document, const MergeAction &action, bool *changed, QString *error);

} // namespace dc::deploy
