#pragma once

#include "config/project.h"
#include "config/resolvedconfig.h"

#include <QObject>
#include <QString>
#include <QVariant>

#include <optional>

class QUndoStack;

namespace dc {

/// Where a project override lives: for every environment, or for the current one only.
enum class Scope { AllEnvironments, ThisEnvironment };

/**
 * The project being edited: its file, its undo history and its settings resolved for the
 * current target. Every change goes through an undoable command; the views listen to changed().
 */
class ProjectDocument : public QObject
{
    Q_OBJECT
public:
    explicit ProjectDocument(QObject *parent = nullptr);
    ~ProjectDocument() override;

    [[nodiscard]] const Project &project() const { return m_project; }
    [[nodiscard]] const ResolvedConfig &resolved() const { return m_resolved; }
    [[nodiscard]] Target target() const { return m_project.target; }
    [[nodiscard]] QString filePath() const { return m_filePath; }
    /// File name for titles: the file's name, or "Untitled".
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QUndoStack *undoStack() const { return m_undo; }

    /// Replaces the project (new or opened file): no undo history, not modified.
    void reset(const Project &project, const QString &filePath);
    /// Sets a field; the value goes where the field is overridden now (this environment's
    /// override if there is one, else every environment's) unless a scope is given.
    void setValue(const QString &path, const QVariant &value);
    void setValue(const QString &path, const QVariant &value, Scope scope);
    /// Moves the project's value of a field to every environment, or to the current one only.
    void setScope(const QString &path, Scope scope);
    /// Removes the project's overrides of a field: it shows the inherited value again.
    void resetValue(const QString &path);
    void setTarget(const Target &target);
    /// The scope of the project's override of `path`, if it has one.
    [[nodiscard]] std::optional<Scope> overrideScope(const QString &path) const;
    /// What reset would restore.
    [[nodiscard]] ResolvedValue inherited(const QString &path) const;

    bool save(QString *error);
    bool saveAs(const QString &filePath, QString *error);

    /// Applies a whole new state as one undoable step (used by the commands).
    void apply(const Project &project, const QString &changedPath);

Q_SIGNALS:
    /// A field changed (path), or many did (empty path: target change, undo of several, reset).
    void changed(const QString &path);
    void targetChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &filePath);

private:
    void push(const QString &text, const Project &after, const QString &path, bool mergeable);

    Project m_project;
    ResolvedConfig m_resolved;
    QString m_filePath;
    QUndoStack *m_undo;
};

} // namespace dc
