#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dc::deploy {

/// One apply, as the history keeps it.
struct ApplyRecord
{
    qint64 id = 0;
    QDateTime time;
    QString project;   // the project file ("" for the built-in defaults)
    QString context;   // kubeconfig context
    QString server;
    QString user;      // who the server said we are
    QString target;    // "kubeflow/production/model-registry-ui"
    QString digest;    // sha256 of the bundle's YAML
    bool dryRun = false;
    bool succeeded = false;
    QString summary;
    QJsonObject deployments; // "namespace/name" -> {"generation": n, "revision": n}
};

/// The apply that made `revision` of Deployment `ns`/`name` on `server` ("" any), from records
/// newest first: the oldest one that recorded that revision; nullptr when none did.
[[nodiscard]] const ApplyRecord *applyOfRevision(const QList<ApplyRecord> &records, const QString &server, const QString &ns, const QString &name, qint64 revision);

/**
 * The local record of every apply (for the timeline and for rollback): an SQLite database
 * through Qt SQL in the app's data folder ($XDG_DATA_HOME/deploy-console/history.db), written
 * in one transaction per apply; a database that cannot be opened is reported, never replaced.
 */
class ApplyHistory
{
public:
    /// The default location; `path` overrides it (tests).
    explicit ApplyHistory(const QString &path = {});
    ~ApplyHistory();
    ApplyHistory(const ApplyHistory &) = delete;
    ApplyHistory &operator=(const ApplyHistory &) = delete;

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString path() const { return m_path; }
    /// Stores the record; its id is set. False (and error()) when it could not be written.
    bool add(ApplyRecord *record);
    /// Sets the Deployment revisions of a record once the controller has made them.
    bool setDeployments(qint64 id, const QJsonObject &deployments);
    /// The records of a context (all when empty), newest first.
    [[nodiscard]] QList<ApplyRecord> records(const QString &context = {}, int limit = 100) const;

    [[nodiscard]] static QString defaultPath();

private:
    QString m_path;
    QString m_connection;
    QString m_error;
    bool m_open = false;
};

} // namespace dc::deploy
