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
    /// Closes the document: an empty project, no file, no history. Nothing edits what was closed.
    void close() { reset(Project{}, QString()); }
    /// Marks the project as holding unsaved changes (recovered from a crash).
    void markUnsaved();
    /// Where edits go (the form's scope control): every environment, or the current one only.
    [[nodiscard]] Scope editScope() const { return m_editScope; }
    void setEditScope(Scope scope);
    /// The environments (display names) an edit of `path` in `scope` changes: every one except
    /// those with their own value for it, or the current one.
    [[nodiscard]] QStringList environmentsReached(const QString &path, Scope scope) const;
    /// Puts the project back as it was before typing into `path` began (the typed text turned
    /// invalid): merges into the typing's undo step, which disappears when nothing is left of it.
    void revertTyping(const QString &path, const Project &before);
    /// Sets a field; the value goes where editScope() says unless a scope is given.
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
    /// A state came back from the history (undo, redo): the form shows it, whatever was typed.
    void restored(const QString &path);
    /// The user changed `path` (not undo, redo or a reset of the whole project).
    void edited(const QString &path);
    void editScopeChanged(Scope scope);

private:
    void push(const QString &text, const Project &after, const QString &path, bool mergeable);

    void updateModified();
    /// Sets `path`'s entries (every environment's and each environment's own) in `to` as `from` has them.
    static void copyEntries(const QString &path, const Project &from, Project *to);

    Project m_project;
    Project m_saved;        // as in its file (or as new)
    bool m_unsaved = false; // recovered: modified whatever it holds
    bool m_modified = false;
    bool m_pushing = false;
    Scope m_editScope = Scope::AllEnvironments;
    ResolvedConfig m_resolved;
    QString m_filePath;
    QUndoStack *m_undo;
};

} // namespace dc
