#include "statedb.h"

#include "apiserver.h"
#include "objectstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace dc::demo {

StateDb::StateDb(QObject *parent)
    : QObject(parent)
    , m_connection(u"demo-cluster-state-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

StateDb::~StateDb()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool StateDb::exec(const QString &sql, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool StateDb::open(const QString &path, QString *error)
{
    if (!QFile::exists(path)) {
        // Created empty with owner-only permissions first: SQLite keeps them, and gives its
        // journal files the same.
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            *error = u"cannot create %1: %2"_s.arg(path, f.errorString());
            return false;
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    if (!db.open()) {
        *error = u"%1: %2"_s.arg(path, db.lastError().text());
        return false;
    }
    QString why;
    // WAL: a commit is a write to the journal (no fsync per change); a killed process loses
    // nothing that was committed.
    if (!exec(u"PRAGMA journal_mode=WAL"_s, &why) || !exec(u"PRAGMA synchronous=NORMAL"_s, &why)
        || !exec(u"CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, object BLOB NOT NULL)"_s, &why)
        || !exec(u"CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"_s, &why)) {
        *error = u"%1: %2"_s.arg(path, why);
        return false;
    }
    return true;
}

bool StateDb::isEmpty() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return !q.exec(u"SELECT 1 FROM objects LIMIT 1"_s) || !q.next();
}

QJsonObject StateDb::load(QString *error) const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QJsonObject objects;
    QString version = u"0"_s;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT key, object FROM objects"_s)) {
        *error = q.lastError().text();
        return {};
    }
    while (q.next()) {
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toByteArray(), &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = u"objects.%1: not a JSON object (%2)"_s.arg(q.value(0).toString(), pe.errorString());
            return {};
        }
        objects.insert(q.value(0).toString(), doc.object());
    }
    if (q.exec(u"SELECT value FROM meta WHERE name = 'resourceVersion'"_s) && q.next())
        version = q.value(0).toString();
    return QJsonObject{{u"kind"_s, u"DemoClusterState"_s}, {u"version"_s, 1}, {u"resourceVersion"_s, version},
                       {u"objects"_s, objects}};
}

void StateDb::follow(ApiServer &api, bool snapshot)
{
    m_api = &api;
    ObjectStore &store = api.store();
    connect(&store, &ObjectStore::stored, this, &StateDb::writeObject);
    connect(&store, &ObjectStore::erased, this, &StateDb::eraseObject);
    if (!snapshot)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (auto it = store.objects().constBegin(); it != store.objects().constEnd(); ++it)
        writeObject(it.key());
    db.commit();
}

void StateDb::writeObject(const QString &key)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT OR REPLACE INTO objects (key, object) VALUES (?, ?)"_s);
    q.addBindValue(key);
    q.addBindValue(m_api->store().jsonOf(key));
    q.exec();
    writeVersion();
}

void StateDb::eraseObject(const QString &key)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"DELETE FROM objects WHERE key = ?"_s);
    q.addBindValue(key);
    q.exec();
    writeVersion();
}

void StateDb::writeVersion()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT OR REPLACE INTO meta (name, value) VALUES ('resourceVersion', ?)"_s);
    q.addBindValue(QString::number(m_api->resourceVersion()));
    q.exec();
}

} // namespace dc::demo
