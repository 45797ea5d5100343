#include "applyhistory.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace dc::deploy {

const ApplyRecord *applyOfRevision(const QList<ApplyRecord> &records, const QString &server, const QString &ns, const QString &name, qint64 revision)
{
    if (revision <= 0)
        return nullptr;
    for (auto it = records.crbegin(); it != records.crend(); ++it)
        if ((server.isEmpty() || it->server == server) && it->deployments[ns + u'/' + name][u"revision"_s].toInteger() == revision)
            return &*it;
    return nullptr;
}

QString ApplyHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/deploy-console/history.db"_s;
}

ApplyHistory::ApplyHistory(const QString &path)
    : m_path(path.isEmpty() ? defaultPath() : path)
    , m_connection(u"history-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        m_error = u"cannot create the folder of %1"_s.arg(m_path);
        return;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        m_error = u"%1: %2"_s.arg(m_path, db.lastError().text());
        return;
    }
    QSqlQuery q(db);
    const bool ok = q.exec(u"PRAGMA journal_mode=WAL"_s)
        && q.exec(u"CREATE TABLE IF NOT EXISTS applies (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, project TEXT, context TEXT, "
                  "server TEXT, user TEXT, target TEXT, digest TEXT, dry_run INTEGER, succeeded INTEGER, summary TEXT, deployments TEXT)"_s);
    if (!ok) {
        m_error = u"%1: %2 (the file is kept as it is)"_s.arg(m_path, q.lastError().text());
        return;
    }
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_open = true;
}

ApplyHistory::~ApplyHistory()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool ApplyHistory::add(ApplyRecord *r)
{
    if (!m_open)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT INTO applies (time, project, context, server, user, target, digest, dry_run, succeeded, summary, deployments) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant &v : {QVariant(r->time.toUTC().toString(Qt::ISODateWithMs)), QVariant(r->project), QVariant(r->context), QVariant(r->server),
                              QVariant(r->user), QVariant(r->target), QVariant(r->digest), QVariant(int(r->dryRun)), QVariant(int(r->succeeded)),
                              QVariant(r->summary), QVariant(QString::fromUtf8(QJsonDocument(r->deployments).toJson(QJsonDocument::Compact)))})
        q.addBindValue(v);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    r->id = q.lastInsertId().toLongLong();
    return true;
}

bool ApplyHistory::setDeployments(qint64 id, const QJsonObject &deployments)
{
    if (!m_open)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"UPDATE applies SET deployments = ? WHERE id = ?"_s);
    q.addBindValue(QString::fromUtf8(QJsonDocument(deployments).toJson(QJsonDocument::Compact)));
    q.addBindValue(id);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

QList<ApplyRecord> ApplyHistory::records(const QString &context, int limit) const
{
    QList<ApplyRecord> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT id, time, project, context, server, user, target, digest, dry_run, succeeded, summary, deployments FROM applies "_s
              + (context.isEmpty() ? QString() : u"WHERE context = ? "_s) + u"ORDER BY id DESC LIMIT ?"_s);
    if (!context.isEmpty())
        q.addBindValue(context);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next()) {
        ApplyRecord r;
        r.id = q.value(0).toLongLong();
        r.time = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        r.project = q.value(2).toString();
        r.context = q.value(3).toString();
        r.server = q.value(4).toString();
        r.user = q.value(5).toString();
        r.target = q.value(6).toString();
        r.digest = q.value(7).toString();
        r.dryRun = q.value(8).toBool();
        r.succeeded = q.value(9).toBool();
        r.summary = q.value(10).toString();
        r.deployments = QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object();
        out << r;
    }
    return out;
}

} // namespace dc::deploy
