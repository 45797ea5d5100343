#include "recoverystore.h"

#include "project.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace dc {

RecoveryStore::RecoveryStore(QString dir, qint64 pid)
    : m_dir(std::move(dir))
    , m_pid(pid)
{
}

bool RecoveryStore::processAlive(qint64 pid)
{
    return pid > 0 && QFileInfo::exists(u"/proc/%1"_s.arg(pid));
}

QString RecoveryStore::pathFor(const QString &projectFile) const
{
    const QByteArray key = projectFile.isEmpty() ? "untitled-" + QByteArray::number(m_pid) : projectFile.toUtf8();
    return m_dir + u'/' + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16)) + u".json"_s;
}

bool RecoveryStore::write(const QString &projectFile, const QByteArray &project, QString *error) const
{
    const QJsonObject o{{u"file"_s, projectFile}, {u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                        {u"pid"_s, m_pid}, {u"project"_s, QString::fromUtf8(project)}};
    // Unsaved work may hold what the user typed: only the user reads it.
    return writeFileAtomically(pathFor(projectFile), QJsonDocument(o).toJson(), error, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void RecoveryStore::remove(const QString &projectFile) const
{
    QFile::remove(pathFor(projectFile));
}

std::optional<RecoveryEntry> RecoveryStore::read(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"%1: %2"_s.arg(path, f.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    const QJsonObject o = doc.object();
    if (parseError.error != QJsonParseError::NoError || !o.value(u"project"_s).isString()) {
        if (error)
            *error = u"%1 is not a recovery file (%2)"_s.arg(path, parseError.error != QJsonParseError::NoError ? parseError.errorString() : u"no project in it"_s);
        return std::nullopt;
    }
    return RecoveryEntry{path, o.value(u"file"_s).toString(), QDateTime::fromString(o.value(u"time"_s).toString(), Qt::ISODate),
                         o.value(u"pid"_s).toInteger(), o.value(u"project"_s).toString().toUtf8()};
}

QList<RecoveryEntry> RecoveryStore::leftovers() const
{
    QList<RecoveryEntry> out;
    const QFileInfoList entries = QDir(m_dir).entryInfoList({u"*.json"_s}, QDir::Files, QDir::Time);
    for (const QFileInfo &info : entries) {
        const auto entry = read(info.filePath(), nullptr);
        if (!entry)
            continue;
        // A file of a console that is still running (this one included) is not a leftover.
        if (entry->pid == m_pid || processAlive(entry->pid))
            continue;
        out << *entry;
    }
    return out;
}

} // namespace dc
