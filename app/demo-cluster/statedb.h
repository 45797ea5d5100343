#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace dc::demo {

class ApiServer;

/**
 * The cluster's state in an SQLite database (Qt SQL, WAL journal), written as each change is
 * acknowledged: every stored or erased object (field ownership is in their managedFields) and
 * the resourceVersion. A process killed right after answering a write has that write on disk.
 */
class StateDb : public QObject
{
    Q_OBJECT
public:
    explicit StateDb(QObject *parent = nullptr);
    ~StateDb() override;

    /// Opens (or creates, mode 0600) the database at `path`; false with a message when it is
    /// not a database this server wrote.
    bool open(const QString &path, QString *error);
    /// True when the database holds no state yet.
    [[nodiscard]] bool isEmpty() const;
    /// The saved state, in the form ApiServer::loadState() reads.
    [[nodiscard]] QJsonObject load(QString *error) const;
    /// From now on every change of `api` is written; with `snapshot`, everything it holds now too.
    void follow(ApiServer &api, bool snapshot);

private:
    bool exec(const QString &sql, QString *error = nullptr) const;
    void writeObject(const QString &key);
    void eraseObject(const QString &key);
    void writeVersion();

    QString m_connection;
    ApiServer *m_api = nullptr;
};

} // namespace dc::demo
