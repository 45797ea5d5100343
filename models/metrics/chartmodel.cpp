#include "chartmodel.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace dc::metrics {

ChartModel::ChartModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ChartModel::clear()
{
    beginResetModel();
    m_times.clear();
    m_legends.clear();
    m_values.clear();
    endResetModel();
}

void ChartModel::setData(const ChartDef &chart, const QList<QueryResult> &answers, qint64 startMs, qint64 endMs, int stepSeconds)
{
    beginResetModel();
    const qint64 step = std::max(1, stepSeconds) * 1000LL;
    // Prometheus aligns the samples to start + k × step.
    const qint64 rows = std::max<qint64>(0, (endMs - startMs) / step + 1);
    m_times.resize(rows);
    for (qint64 i = 0; i < rows; ++i)
        m_times[i] = startMs + i * step;
    m_legends.clear();
    m_values.clear();
    for (qsizetype q = 0; q < answers.size() && q < chart.queries.size(); ++q) {
        for (const Series &s : answers[q].series) {
            m_legends << (chart.queries[q].legend.isEmpty() ? s.name() : legendOf(chart.queries[q], s.labels));
            QList<double> column(rows, std::numeric_limits<double>::quiet_NaN());
            for (const Point &p : s.points) {
                const qint64 row = (p.t - startMs + step / 2) / step;
                if (row >= 0 && row < rows)
                    column[row] = p.v;
            }
            m_values << column;
        }
    }
    endResetModel();
}

double ChartModel::valueAt(int row, int series) const
{
    if (series < 0 || series >= m_values.size() || row < 0 || row >= m_times.size())
        return std::numeric_limits<double>::quiet_NaN();
    return m_values[series][row];
}

std::pair<double, double> ChartModel::valueRange() const
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const QList<double> &column : m_values)
        for (double v : column)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    return std::isfinite(lo) ? std::pair{lo, hi} : std::pair{0.0, 0.0};
}

int ChartModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_times.size());
}

int ChartModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.size()) + 1;
}

QVariant ChartModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    if (index.column() == 0)
        return m_times.value(index.row());
    return valueAt(index.row(), index.column() - 1);
}

QVariant ChartModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? u"time"_s : m_legends.value(section - 1);
}

} // namespace dc::metrics
