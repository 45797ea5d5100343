#include "findingsmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FindingsModel::setFindings(const QList<Finding> &findings)
{
    beginResetModel();
    m_findings = findings;
    endResetModel();
}

int FindingsModel::count(Severity s) const
{
    return int(std::count_if(m_findings.begin(), m_findings.end(), [s](const Finding &f) { return f.severity == s; }));
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case SeverityColumn: return toId(f.severity);
        case LocationColumn: return f.line > 0 ? f.file + u':' + QString::number(f.line) : f.file;
        case DocumentColumn: return f.document;
        case FieldColumn: return f.path;
        case MessageColumn: return f.message;
        case IdColumn: return f.id;
        case ColumnCount: break;
        }
        return {};
    case Qt::ToolTipRole: return f.format();
    case SeverityRole: return int(f.severity);
    case IdRole: return f.id;
    case FileRole: return f.file;
    case LineRole: return f.line;
    case FieldPathRole: return f.path;
    case ConfigPathRole: return f.configPath;
    default: return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char *const names[] = {"Severity", "Location", "Object", "Field", "Message", "Check"};
    return QString::fromLatin1(names[section]);
}

} // namespace dc
