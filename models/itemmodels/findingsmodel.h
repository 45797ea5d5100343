#pragma once

#include "validation/finding.h"

#include <QAbstractTableModel>
#include <QList>

namespace dc {

/// The findings of the current bundle or manifest set, for the findings panel.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, LocationColumn, DocumentColumn, FieldColumn, MessageColumn, IdColumn, ColumnCount };
    enum Role {
        SeverityRole = Qt::UserRole, // int(Severity)
        IdRole,                      // lint or check id
        FileRole,
        LineRole,
        FieldPathRole,
        ConfigPathRole,              // the setting behind the field, for generated bundles
    };
    Q_ENUM(Column)

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(const QList<Finding> &findings);
    [[nodiscard]] const QList<Finding> &findings() const { return m_findings; }
    [[nodiscard]] int count(Severity s) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Finding> m_findings;
};

} // namespace dc
