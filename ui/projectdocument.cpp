#include "projectdocument.h"

#include "config/fields.h"

#include <QFileInfo>
#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

/// One edit: the project before and after. Consecutive edits of the same field (typing)
/// merge into one step.
class EditCommand : public QUndoCommand
{
public:
    EditCommand(ProjectDocument *doc, const QString &text, Project before, Project after, QString path, bool mergeable)
        : QUndoCommand(text)
        , m_mergeable(mergeable)
        , m_doc(doc)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_path(std::move(path))
    {
    }

    void undo() override { m_doc->apply(m_before, m_path); }
    void redo() override { m_doc->apply(m_after, m_path); }
    int id() const override { return m_mergeable ? 1 : -1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = static_cast<const EditCommand *>(other);
        if (o->m_path != m_path || o->text() != text())
            return false;
        m_after = o->m_after;
        setObsolete(m_after == m_before); // typed and taken back: no step left
        return true;
    }

private:
    bool m_mergeable;
    ProjectDocument *m_doc;
    Project m_before;
    Project m_after;
    QString m_path;
};

} // namespace

ProjectDocument::ProjectDocument(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
    m_resolved = resolve(m_project, m_project.target);
}

ProjectDocument::~ProjectDocument() = default;

QString ProjectDocument::displayName() const
{
    return m_filePath.isEmpty() ? u"Untitled"_s : QFileInfo(m_filePath).fileName();
}

bool ProjectDocument::isModified() const
{
    return m_modified;
}

void ProjectDocument::updateModified()
{
    // Modified means: not what the file holds. Typing a value and taking it back is no change.
    const bool modified = m_unsaved || !(m_project == m_saved);
    if (modified == m_modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

void ProjectDocument::markUnsaved()
{
    m_unsaved = true;
    updateModified();
}

void ProjectDocument::setEditScope(Scope scope)
{
    if (scope == m_editScope)
        return;
    m_editScope = scope;
    Q_EMIT editScopeChanged(scope);
}

QStringList ProjectDocument::environmentsReached(const QString &path, Scope scope) const
{
    const Environment current = m_project.target.environment;
    if (scope == Scope::ThisEnvironment)
        return {dc::displayName(current)};
    QStringList out;
    for (int e = 0; e < int(m_project.environments.size()); ++e)
        if (Environment(e) == current || !m_project.environments[size_t(e)].contains(path))
            out << dc::displayName(Environment(e));
    return out;
}

void ProjectDocument::revertTyping(const QString &path, const Project &before)
{
    // Only this field's entries go back; anything else stays as it is now.
    Project after = m_project;
    copyEntries(path, before, &after);
    const FieldDef *def = findField(path);
    push(u"Change %1"_s.arg(def ? def->label : path), after, path, true);
}

void ProjectDocument::reset(const Project &project, const QString &filePath)
{
    m_undo->clear();
    m_project = project;
    m_saved = project;
    m_unsaved = false;
    m_filePath = filePath;
    m_resolved = resolve(m_project, m_project.target);
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT targetChanged();
    Q_EMIT changed(QString());
    Q_EMIT restored(QString());
    m_modified = true; // so that the signal goes out
    updateModified();
}

void ProjectDocument::apply(const Project &project, const QString &changedPath)
{
    const bool targetChange = !(project.target == m_project.target);
    m_project = project;
    m_resolved = resolve(m_project, m_project.target);
    if (targetChange)
        Q_EMIT targetChanged();
    Q_EMIT changed(changedPath);
    if (!m_pushing)
        Q_EMIT restored(changedPath);
    else if (!changedPath.isEmpty())
        Q_EMIT edited(changedPath);
    updateModified();
}

void ProjectDocument::push(const QString &text, const Project &after, const QString &path, bool mergeable)
{
    if (after == m_project)
        return;
    m_pushing = true;
    m_undo->push(new EditCommand(this, text, m_project, after, path, mergeable));
    m_pushing = false;
}

std::optional<Scope> ProjectDocument::overrideScope(const QString &path) const
{
    if (m_project.environments[size_t(m_project.target.environment)].contains(path))
        return Scope::ThisEnvironment;
    if (m_project.values.contains(path))
        return Scope::AllEnvironments;
    return std::nullopt;
}

void ProjectDocument::setValue(const QString &path, const QVariant &value)
{
    setValue(path, value, m_editScope);
}

void ProjectDocument::setValue(const QString &path, const QVariant &value, Scope scope)
{
    Project after = m_project;
    ValueMap &map = scope == Scope::ThisEnvironment ? after.environments[size_t(after.target.environment)] : after.values;
    // Set for every environment: this environment's own override would hide it, so it goes.
    if (scope == Scope::AllEnvironments)
        after.environments[size_t(after.target.environment)].remove(path);
    map.insert(path, LayerValue{value, QString(), 0});
    // The value the saved project gives this field: typing it back is no change, so the field's
    // entries go back to the saved ones (and the project compares equal to its file again).
    if (m_saved.target == after.target) {
        const size_t env = size_t(after.target.environment);
        const QVariant saved = m_saved.environments[env].contains(path) ? m_saved.environments[env].value(path).value
            : m_saved.values.contains(path)                            ? m_saved.values.value(path).value
                                                                       : inheritedValue(m_saved, m_saved.target, path).value;
        if (saved == value)
            copyEntries(path, m_saved, &after);
    }
    const FieldDef *def = findField(path);
    push(u"Change %1"_s.arg(def ? def->label : path), after, path, true);
}

void ProjectDocument::copyEntries(const QString &path, const Project &from, Project *to)
{
    auto copy = [&path](ValueMap &now, const ValueMap &then) {
        if (then.contains(path))
            now.insert(path, then.value(path));
        else
            now.remove(path);
    };
    copy(to->values, from.values);
    for (size_t e = 0; e < to->environments.size(); ++e)
        copy(to->environments[e], from.environments[e]);
}

void ProjectDocument::setScope(const QString &path, Scope scope)
{
    const std::optional<Scope> current = overrideScope(path);
    if (!current || *current == scope)
        return;
    Project after = m_project;
    ValueMap &env = after.environments[size_t(after.target.environment)];
    if (scope == Scope::ThisEnvironment) {
        env.insert(path, after.values.take(path));
    } else {
        after.values.insert(path, env.take(path));
    }
    const FieldDef *def = findField(path);
    push(scope == Scope::ThisEnvironment ? u"Use %1 in %2 only"_s.arg(def ? def->label : path, dc::displayName(after.target.environment))
                                         : u"Use %1 in every environment"_s.arg(def ? def->label : path),
         after, path, false);
}

void ProjectDocument::resetValue(const QString &path)
{
    Project after = m_project;
    after.values.remove(path);
    for (ValueMap &env : after.environments)
        env.remove(path);
    const FieldDef *def = findField(path);
    push(u"Reset %1"_s.arg(def ? def->label : path), after, path, false);
}

void ProjectDocument::setTarget(const Target &target)
{
    Project after = m_project;
    after.target = target;
    push(u"Switch to %1"_s.arg(target.id()), after, QString(), false);
}

ResolvedValue ProjectDocument::inherited(const QString &path) const
{
    return inheritedValue(m_project, m_project.target, path);
}

bool ProjectDocument::save(QString *error)
{
    if (m_filePath.isEmpty()) {
        *error = u"the project has no file yet: use Save As"_s;
        return false;
    }
    return saveAs(m_filePath, error);
}

bool ProjectDocument::saveAs(const QString &filePath, QString *error)
{
    if (!saveProjectFile(m_project, filePath, error))
        return false;
    if (filePath != m_filePath) {
        m_filePath = filePath;
        Q_EMIT filePathChanged(m_filePath);
    }
    m_undo->setClean();
    m_saved = m_project;
    m_unsaved = false;
    updateModified();
    return true;
}

} // namespace dc
