#pragma once

#include "validation/finding.h"

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>

#include <vector>

namespace dc {

struct Bundle;

/**
 * The bundle's objects grouped by the kind registry's tree groups, in apply order, each with the
 * number of its errors and warnings. Two levels: groups, then objects.
 */
class ResourceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { ResourceColumn, FindingsColumn, ColumnCount };
    enum Role {
        DocumentIndexRole = Qt::UserRole, // objects: index into Bundle::documents; groups: -1
        ErrorsRole,
        WarningsRole,
    };

    explicit ResourceTreeModel(QObject *parent = nullptr);

    /// The objects of a new bundle (their counts cleared until setFindings()).
    void setBundle(const Bundle &bundle);
    /// Counts errors and warnings per object ("Kind/name" = Finding::document).
    void setFindings(const QList<Finding> &findings);

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Entry
    {
        QString id; // Kind/name
        QString apiVersion;
        QString ns;
        int document = -1;
        int errors = 0;
        int warnings = 0;
    };
    struct Group
    {
        QString name;
        std::vector<Entry> entries;
    };
    static std::vector<Group> groupsOf(const Bundle &bundle);
    std::vector<Group> m_groups;
};

/// Shows only the objects with at least the chosen severity (and the groups that hold them).
class ResourceSeverityFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum Level { Everything, WarningsOrErrors, ErrorsOnly };
    explicit ResourceSeverityFilter(QObject *parent = nullptr);
    void setLevel(Level level);
    [[nodiscard]] Level level() const { return m_level; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Level m_level = Everything;
};

} // namespace dc
