#include "chartcard.h"

#include "metrics/chartmodel.h"
#include "theme.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSaveFile>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc {

ChartCard::ChartCard(metrics::ChartDef chart, QWidget *parent)
    : QWidget(parent)
    , m_chart(std::move(chart))
    , m_model(new metrics::ChartModel(this))
    , m_plot(new QChart)
{
    setObjectName(u"chart:"_s + m_chart.id);
    auto *title = new QLabel(u"<b>%1</b> (%2) — %3"_s.arg(m_chart.title.toHtmlEscaped(), m_chart.unit.toHtmlEscaped(), m_chart.source.toHtmlEscaped()), this);
    m_plot->legend()->setAlignment(Qt::AlignBottom);
    m_plot->setMargins(QMargins(4, 4, 4, 4));
    m_plot->setBackgroundBrush(palette().base());
    m_plot->setTitleBrush(palette().text());
    m_plot->legend()->setLabelColor(palette().text().color());
    m_view = new QChartView(m_plot, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(200);
    m_query = new QLineEdit(this);
    m_query->setObjectName(u"promql:"_s + m_chart.id);
    m_query->setAccessibleName(u"PromQL of %1"_s.arg(m_chart.title));
    m_query->setFont(QFont(u"monospace"_s));
    QStringList queries;
    for (const metrics::ChartQuery &q : m_chart.queries)
        queries << q.promql;
    m_query->setText(queries.join(u" ;; "_s));
    m_query->setToolTip(u"The chart's PromQL (queries separated by \" ;; \"). Edit and press Enter to query again."_s);
    auto *reset = new QPushButton(u"Re&set"_s, this);
    reset->setToolTip(u"Back to the built-in query"_s);
    m_message = new QLabel(this);
    m_message->setObjectName(u"message:"_s + m_chart.id);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *queryRow = new QHBoxLayout;
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(reset);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_view, 1);
    layout->addLayout(queryRow);
    layout->addWidget(m_message);
    connect(m_query, &QLineEdit::returnPressed, this, &ChartCard::queryChanged);
    connect(reset, &QPushButton::clicked, this, [this, queries] {
        m_query->setText(queries.join(u" ;; "_s));
        Q_EMIT queryChanged();
    });
}

metrics::ChartDef ChartCard::effectiveChart() const
{
    QStringList builtin;
    for (const metrics::ChartQuery &q : m_chart.queries)
        builtin << q.promql;
    if (m_query->text() == builtin.join(u" ;; "_s))
        return m_chart;
    metrics::ChartDef edited = m_chart;
    edited.queries.clear();
    for (const QString &q : m_query->text().split(u" ;; "_s, Qt::SkipEmptyParts))
        edited.queries.append({QString(), q.trimmed()});
    return edited;
}

void ChartCard::redraw()
{
    const int rows = m_model->rowCount();
    const QStringList legends = m_model->legends();
    // The runs of samples of each series: a missing sample is a gap, not a slope.
    QList<QList<QList<QPointF>>> runs(legends.size());
    for (int s = 0; s < legends.size(); ++s) {
        QList<QPointF> points;
        points.reserve(rows);
        for (int r = 0; r < rows; ++r) {
            const double v = m_model->valueAt(r, s);
            if (std::isfinite(v)) {
                points.append(QPointF(double(m_model->timeAt(r)), v));
            } else if (!points.isEmpty()) {
                runs[s].append(points);
                points.clear();
            }
        }
        if (!points.isEmpty())
            runs[s].append(points);
    }
    QList<int> shape;
    for (const auto &r : std::as_const(runs))
        shape << int(r.size());
    // Smooth lines cost more than the frame has for many points; plain ones are sharp enough there.
    m_view->setRenderHint(QPainter::Antialiasing, qint64(rows) * legends.size() <= 4000);
    if (!m_x || legends != m_legends || shape != m_shape)
        rebuild(legends, shape);
    for (int s = 0; s < runs.size(); ++s)
        for (int i = 0; i < runs[s].size(); ++i)
            m_lines[s][i]->replace(runs[s][i]); // the same lines, new points: no new series
    if (rows > 0) {
        m_x->setRange(QDateTime::fromMSecsSinceEpoch(m_model->timeAt(0)), QDateTime::fromMSecsSinceEpoch(m_model->timeAt(rows - 1)));
        const auto [lo, hi] = m_model->valueRange();
        m_y->setRange(std::min(0.0, lo), hi > lo ? hi * 1.1 : lo + 1);
    }
    drawMarkers();
}

void ChartCard::drawMarkers()
{
    if (!m_x)
        return;
    if (m_markerLines.size() != m_markers.size()) {
        for (QLineSeries *line : std::as_const(m_markerLines)) {
            m_plot->removeSeries(line);
            delete line;
        }
        m_markerLines.clear();
        for (const metrics::ApplyMarker &marker : std::as_const(m_markers)) {
            auto *line = new QLineSeries;
            line->setName(marker.text);
            m_plot->addSeries(line);
            line->attachAxis(m_x);
            line->attachAxis(m_y);
            for (QLegendMarker *m : m_plot->legend()->markers(line))
                m->setVisible(false);
            connect(line, &QLineSeries::hovered, this, [this, line](const QPointF &, bool state) {
                if (state)
                    QToolTip::showText(QCursor::pos(), line->name(), this);
            });
            m_markerLines << line;
        }
    }
    for (qsizetype i = 0; i < m_markers.size(); ++i) {
        QPen pen(m_markers[i].succeeded ? palette().text().color() : statusColour(u"fail"_s));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        m_markerLines[i]->setPen(pen);
        m_markerLines[i]->setName(m_markers[i].text);
        const double t = double(m_markers[i].timeMs);
        m_markerLines[i]->replace({QPointF(t, m_y->min()), QPointF(t, m_y->max())});
    }
}

void ChartCard::rebuild(const QStringList &legends, const QList<int> &shape)
{
    m_plot->removeAllSeries(); // the apply markers too
    m_markerLines.clear();
    for (QAbstractAxis *axis : m_plot->axes()) {
        m_plot->removeAxis(axis); // the axis is ours again
        delete axis;
    }
    m_legends = legends;
    m_shape = shape;
    m_lines.clear();
    m_x = new QDateTimeAxis;
    m_x->setFormat(u"HH:mm"_s);
    m_y = new QValueAxis;
    m_y->setLabelFormat(u"%.3g"_s);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_y)}) {
        axis->setLabelsColor(palette().text().color());
        axis->setGridLineColor(palette().mid().color()); // quiet on light and dark palettes
        axis->setLinePenColor(palette().mid().color());
    }
    m_plot->addAxis(m_x, Qt::AlignBottom);
    m_plot->addAxis(m_y, Qt::AlignLeft);
    for (int s = 0; s < legends.size(); ++s) {
        QList<QLineSeries *> parts;
        QColor colour;
        for (int i = 0; i < shape[s]; ++i) {
            auto *line = new QLineSeries;
            line->setName(legends[s]);
            m_plot->addSeries(line);
            line->attachAxis(m_x);
            line->attachAxis(m_y);
            if (i == 0)
                colour = line->color();
            else
                line->setColor(colour);
            const QString unit = m_chart.unit;
            connect(line, &QLineSeries::hovered, this, [this, legend = legends[s], unit](const QPointF &p, bool state) {
                if (state)
                    QToolTip::showText(QCursor::pos(), u"%1: %2 %3 at %4"_s.arg(legend).arg(p.y(), 0, 'g', 4).arg(unit, QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString(u"HH:mm:ss"_s)), this);
            });
            parts << line;
        }
        // One legend entry per series; clicking it hides or shows the series.
        for (qsizetype i = 0; i < parts.size(); ++i) {
            for (QLegendMarker *m : m_plot->legend()->markers(parts[i])) {
                m->setVisible(i == 0);
                if (i == 0)
                    connect(m, &QLegendMarker::clicked, this, [parts, m] {
                        const bool show = !parts.first()->isVisible();
                        for (QLineSeries *p : parts)
                            p->setVisible(show);
                        m->setVisible(true);
                        m->setLabelBrush(show ? QBrush(m->labelBrush().color()) : QBrush(Qt::gray));
                    });
            }
        }
        m_lines << parts;
    }
}

void ChartCard::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText, error ? statusColour(u"fail"_s) : statusColour(u"warn"_s));
    m_message->setPalette(p);
}

bool ChartCard::exportPng(const QString &path)
{
    return m_view->grab().save(path, "PNG");
}

bool ChartCard::exportCsv(const QString &path, QString *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    QString text = u"time"_s;
    for (const QString &l : m_model->legends())
        text += u",\""_s + QString(l).replace(u'"', u"\"\""_s) + u'"';
    text += u'\n';
    for (int r = 0; r < m_model->rowCount(); ++r) {
        text += QDateTime::fromMSecsSinceEpoch(m_model->timeAt(r), Qt::UTC).toString(Qt::ISODate);
        for (int s = 0; s < m_model->legends().size(); ++s) {
            const double v = m_model->valueAt(r, s);
            text += u',' + (std::isnan(v) ? QString() : QString::number(v, 'g', 10));
        }
        text += u'\n';
    }
    f.write(text.toUtf8());
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace dc
