#pragma once

#include "charts.h"
#include "promquery.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace dc::metrics {

/**
 * One chart's data as a table: a row per step (column 0 the time in ms since the epoch), a
 * column per series (its legend as header), NaN where a series has no sample at that step (a
 * gap). Filled from the answers of the chart's queries; what the chart draws, and what tests
 * check without painting.
 */
class ChartModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit ChartModel(QObject *parent = nullptr);

    /// The answers of `chart`'s queries, in its order, over [start, end] at `stepSeconds`.
    void setData(const ChartDef &chart, const QList<QueryResult> &answers, qint64 startMs, qint64 endMs, int stepSeconds);
    void clear();

    [[nodiscard]] QStringList legends() const { return m_legends; }
    [[nodiscard]] qint64 timeAt(int row) const { return m_times.value(row); }
    [[nodiscard]] double valueAt(int row, int series) const;
    /// The smallest and largest finite values (0, 0 when none).
    [[nodiscard]] std::pair<double, double> valueRange() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<qint64> m_times;
    QStringList m_legends;
    QList<QList<double>> m_values; // per series, per row
};

} // namespace dc::metrics
