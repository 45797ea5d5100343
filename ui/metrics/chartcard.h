#pragma once

#include "metrics/applymarkers.h"
#include "metrics/charts.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace dc {

namespace metrics {
class ChartModel;
}

/**
 * One chart of the metrics window: its title and source, the lines drawn from its ChartModel
 * (a gap where a series has no sample; hover shows the value; a legend entry hides or shows its
 * series), a dashed line at each apply (hover: which and by whom), its PromQL (editable, with
 * Reset), and what went wrong or why it is empty. Export
 * writes the chart as PNG and its data as CSV.
 */
class ChartCard : public QWidget
{
    Q_OBJECT
public:
    ChartCard(metrics::ChartDef chart, QWidget *parent = nullptr);

    [[nodiscard]] const metrics::ChartDef &chart() const { return m_chart; }
    /// The chart with the user's PromQL (one query) when edited.
    [[nodiscard]] metrics::ChartDef effectiveChart() const;
    [[nodiscard]] metrics::ChartModel *model() const { return m_model; }
    /// Redraws from the model (after ChartModel::setData).
    void redraw();
    /// The applies to mark on the time axis (drawn at the next redraw).
    void setMarkers(const QList<metrics::ApplyMarker> &markers) { m_markers = markers; }
    [[nodiscard]] const QList<metrics::ApplyMarker> &markers() const { return m_markers; }
    /// Errors, warnings or the reason the chart is empty ("" clears).
    void setMessage(const QString &text, bool error);
    bool exportPng(const QString &path);
    bool exportCsv(const QString &path, QString *error) const;

Q_SIGNALS:
    /// The PromQL was edited or reset: query again.
    void queryChanged();

private:
    /// New axes and lines for these series with these runs (a run per stretch without gaps).
    void rebuild(const QStringList &legends, const QList<int> &shape);
    /// A dashed vertical line per apply, across the value axis' range.
    void drawMarkers();

    metrics::ChartDef m_chart;
    metrics::ChartModel *m_model;
    QChart *m_plot;
    QChartView *m_view;
    QLineEdit *m_query;
    QLabel *m_message;
    QDateTimeAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    QStringList m_legends;
    QList<int> m_shape;
    QList<QList<QLineSeries *>> m_lines;
    QList<metrics::ApplyMarker> m_markers;
    QList<QLineSeries *> m_markerLines;
};

} // namespace dc
