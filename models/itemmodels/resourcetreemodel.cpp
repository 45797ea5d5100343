#include "resourcetreemodel.h"

#include "manifests/bundle.h"
#include "manifests/kinds.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc {

// Internal ids: 0 for group rows, group index + 1 for the objects of that group.

ResourceTreeModel::ResourceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void ResourceTreeModel::setBundle(const Bundle &bundle)
{
    // Most edits keep the same objects: then the rows stay (and the view keeps its state).
    std::vector<Group> groups = groupsOf(bundle);
    bool same = groups.size() == m_groups.size();
    for (size_t g = 0; same && g < groups.size(); ++g) {
        same = groups[g].name == m_groups[g].name && groups[g].entries.size() == m_groups[g].entries.size();
        for (size_t e = 0; same && e < groups[g].entries.size(); ++e) {
            const Entry &a = groups[g].entries[e];
            const Entry &b = m_groups[g].entries[e];
            same = a.id == b.id && a.apiVersion == b.apiVersion && a.ns == b.ns && a.document == b.document;
        }
    }
    if (same)
        return;
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
}

std::vector<ResourceTreeModel::Group> ResourceTreeModel::groupsOf(const Bundle &bundle)
{
    std::vector<Group> groups;
    for (size_t i = 0; i < bundle.documents.size(); ++i) {
        const Document &d = bundle.documents[i];
        // A group per kind, so that its rows need show only names; groups in the order of the
        // tree's categories (workload, networking, ...), kinds in the bundle's order within.
        const QString group = d.kind();
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group &g) { return g.name == group; });
        if (it == groups.end()) {
            const qsizetype category = treeGroups().indexOf(treeGroup(group));
            auto at = std::find_if(groups.begin(), groups.end(), [&](const Group &g) { return treeGroups().indexOf(treeGroup(g.name)) > category; });
            it = groups.insert(at, {group, {}});
        }
        it->entries.push_back({d.id(), d.apiVersion(), d.ns(), int(i), 0, 0});
    }
    return groups;
}

void ResourceTreeModel::setFindings(const QList<Finding> &findings)
{
    QHash<QString, QPair<int, int>> counts;
    for (const Finding &f : findings) {
        if (f.severity == Severity::Error)
            ++counts[f.document].first;
        else if (f.severity == Severity::Warning)
            ++counts[f.document].second;
    }
    for (size_t g = 0; g < m_groups.size(); ++g) {
        std::vector<Entry> &entries = m_groups[g].entries;
        for (size_t e = 0; e < entries.size(); ++e) {
            const auto c = counts.value(entries[e].id);
            if (entries[e].errors == c.first && entries[e].warnings == c.second)
                continue;
            entries[e].errors = c.first;
            entries[e].warnings = c.second;
            const QModelIndex groupIndex = index(int(g), 0);
            Q_EMIT dataChanged(index(int(e), ResourceColumn, groupIndex), index(int(e), FindingsColumn, groupIndex));
        }
    }
}

QModelIndex ResourceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_groups.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0)
        return {};
    const size_t g = size_t(parent.row());
    return g < m_groups.size() && row < int(m_groups[g].entries.size()) ? createIndex(row, column, quintptr(g + 1)) : QModelIndex();
}

QModelIndex ResourceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ResourceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_groups[size_t(parent.row())].entries.size());
}

int ResourceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ResourceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const Group &g = m_groups[size_t(index.row())];
        if (role == Qt::DisplayRole && index.column() == ResourceColumn)
            return g.entries.size() > 1 ? u"%1 (%2)"_s.arg(g.name).arg(g.entries.size()) : g.name;
        if (role == Qt::ToolTipRole)
            return u"%1 — %2"_s.arg(g.name, treeGroup(g.name));
        if (role == DocumentIndexRole)
            return -1;
        if (role == ErrorsRole || role == WarningsRole) {
            int n = 0;
            for (const Entry &e : g.entries)
                n += role == ErrorsRole ? e.errors : e.warnings;
            return n;
        }
        return {};
    }
    const Entry &e = m_groups[size_t(index.internalId() - 1)].entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == ResourceColumn)
            return e.id.section(u'/', 1); // the group says the kind: the row shows the name
        return e.errors ? u"%1 ✖"_s.arg(e.errors) : e.warnings ? u"%1 ⚠"_s.arg(e.warnings) : QString();
    case Qt::ToolTipRole:
        if (index.column() == FindingsColumn)
            return u"%1, %2"_s.arg(e.errors == 1 ? u"1 error"_s : u"%1 errors"_s.arg(e.errors), e.warnings == 1 ? u"1 warning"_s : u"%1 warnings"_s.arg(e.warnings));
        return e.ns.isEmpty() ? u"%1 (%2)"_s.arg(e.id, e.apiVersion) : u"%1 (%2, namespace %3)"_s.arg(e.id, e.apiVersion, e.ns);
    case DocumentIndexRole: return e.document;
    case ErrorsRole: return e.errors;
    case WarningsRole: return e.warnings;
    default: return {};
    }
}

QVariant ResourceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == ResourceColumn ? u"Resource"_s : section == FindingsColumn ? u"Findings"_s : QVariant();
}

Qt::ItemFlags ResourceTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    // Groups are headings: enabled, not selectable.
    return index.internalId() == 0 ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

ResourceSeverityFilter::ResourceSeverityFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true); // a group shows when one of its objects does
}

void ResourceSeverityFilter::setLevel(Level level)
{
    if (level == m_level)
        return;
    m_level = level;
    invalidateRowsFilter();
}

bool ResourceSeverityFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    const bool group = !sourceParent.isValid();
    switch (m_level) {
    case Everything: return true;
    case WarningsOrErrors:
        return !group && (i.data(ResourceTreeModel::ErrorsRole).toInt() > 0 || i.data(ResourceTreeModel::WarningsRole).toInt() > 0);
    case ErrorsOnly: return !group && i.data(ResourceTreeModel::ErrorsRole).toInt() > 0;
    }
    return true;
}

} // namespace dc
