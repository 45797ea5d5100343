#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace dc {

/// One autosaved, unsaved project.
struct RecoveryEntry
{
    QString path;        // the recovery file
    QString projectFile; // the project's own file ("" when it was never saved)
    QDateTime time;      // when it was autosaved (UTC)
    qint64 pid = 0;      // the console process that wrote it
    QByteArray project;  // the project, serialized
};

/**
 * The console's crash recovery files: one JSON file per open project in a folder
 * (`<app data>/recovery`), written atomically while the project has unsaved changes and removed
 * when they are saved or discarded. A file whose writer process is still running is not a
 * leftover; only those of ended processes are offered.
 */
class RecoveryStore
{
public:
    /// `pid` is this process (tests pass others).
    explicit RecoveryStore(QString dir, qint64 pid);

    /// The recovery file of a project (keyed by its file, or by this process when untitled).
    [[nodiscard]] QString pathFor(const QString &projectFile) const;
    bool write(const QString &projectFile, const QByteArray &project, QString *error) const;
    void remove(const QString &projectFile) const;
    /// Files left by consoles that ended without saving, newest first.
    [[nodiscard]] QList<RecoveryEntry> leftovers() const;
    /// Reads one recovery file; nullopt with a message when it is not one.
    [[nodiscard]] static std::optional<RecoveryEntry> read(const QString &path, QString *error);
    [[nodiscard]] const QString &dir() const { return m_dir; }

    /// Whether a process with this id runs on this machine.
    [[nodiscard]] static bool processAlive(qint64 pid);

private:
    QString m_dir;
    qint64 m_pid;
};

} // namespace dc
