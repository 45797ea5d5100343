#include "metricswindow.h"

#include "chartcard.h"
#include "metrics/chartmodel.h"
#include "metrics/prometheusclient.h"
#include "metrics/promquery.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace dc {

MetricsWindow::MetricsWindow(const Bundle &bundle, const Target &target, QWidget *parent)
    : QDialog(parent)
    , m_target(target)
    , m_context(metrics::chartContextOf(bundle))
    , m_timer(new QTimer(this))
{
    setObjectName(u"metricsWindow"_s);
    setWindowTitle(u"Metrics — %1"_s.arg(target.id()));
    m_url = new QLineEdit(QSettings().value(u"metrics/url/"_s + target.id()).toString(), this);
    m_url->setObjectName(u"prometheusUrl"_s);
    m_url->setPlaceholderText(u"http://prometheus.example:9090 (with its sub-path for Thanos, Mimir, VictoriaMetrics)"_s);
    m_url->setAccessibleName(u"Prometheus URL"_s);
    auto *urlLabel = new QLabel(u"&Prometheus:"_s, this);
    urlLabel->setBuddy(m_url);
    auto *test = new QPushButton(u"&Test Connection"_s, this);
    m_range = new QComboBox(this);
    m_range->setObjectName(u"metricsRange"_s);
    for (const auto &[text, seconds] : {std::pair{u"15 min"_s, 900}, std::pair{u"1 h"_s, 3600}, std::pair{u"6 h"_s, 21600}, std::pair{u"24 h"_s, 86400}})
        m_range->addItem(text, seconds);
    m_range->setCurrentIndex(1);
    m_auto = new QComboBox(this);
    m_auto->setObjectName(u"metricsAutoRefresh"_s);
    for (const auto &[text, ms] : {std::pair{u"Auto-refresh off"_s, 0}, std::pair{u"Every 5 s"_s, 5000}, std::pair{u"Every 15 s"_s, 15000}, std::pair{u"Every 60 s"_s, 60000}})
        m_auto->addItem(text, ms);
    auto *refreshButton = new QPushButton(u"&Refresh"_s, this);
    auto *top = new QHBoxLayout;
    top->addWidget(urlLabel);
    top->addWidget(m_url, 1);
    top->addWidget(test);
    top->addWidget(m_range);
    top->addWidget(m_auto);
    top->addWidget(refreshButton);
    m_status = new QLabel(this);
    m_status->setObjectName(u"metricsStatus"_s);
    m_status->setWordWrap(true);

    auto *charts = new QWidget(this);
    auto *chartsLayout = new QVBoxLayout(charts);
    for (const metrics::ChartDef &def : metrics::builtinCharts(m_context)) {
        auto *card = new ChartCard(def, charts);
        card->setMinimumHeight(330);
        auto *exportRow = new QHBoxLayout;
        auto *png = new QPushButton(u"Export PNG…"_s, charts);
        auto *csv = new QPushButton(u"Export CSV…"_s, charts);
        exportRow->addStretch(1);
        exportRow->addWidget(png);
        exportRow->addWidget(csv);
        chartsLayout->addWidget(card);
        chartsLayout->addLayout(exportRow);
        connect(png, &QPushButton::clicked, this, [this, card] {
            const QString path = QFileDialog::getSaveFileName(this, u"Export chart"_s, card->chart().id + u".png"_s, u"PNG images (*.png)"_s);
            if (!path.isEmpty() && !card->exportPng(path))
                m_status->setText(u"Could not write %1"_s.arg(path));
        });
        connect(csv, &QPushButton::clicked, this, [this, card] {
            const QString path = QFileDialog::getSaveFileName(this, u"Export data"_s, card->chart().id + u".csv"_s, u"CSV files (*.csv)"_s);
            QString error;
            if (!path.isEmpty() && !card->exportCsv(path, &error))
                m_status->setText(u"Could not write %1: %2"_s.arg(path, error));
        });
        connect(card, &ChartCard::queryChanged, this, &MetricsWindow::refresh);
        m_cards << card;
    }
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(charts);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(scroll, 1);
    resize(1000, 700);

    connect(test, &QPushButton::clicked, this, &MetricsWindow::testConnection);
    connect(refreshButton, &QPushButton::clicked, this, &MetricsWindow::refresh);
    connect(m_url, &QLineEdit::returnPressed, this, &MetricsWindow::refresh);
    connect(m_range, &QComboBox::currentIndexChanged, this, &MetricsWindow::refresh);
    connect(m_auto, &QComboBox::currentIndexChanged, this, [this] {
        const int ms = m_auto->currentData().toInt();
        if (ms > 0 && isVisible())
            m_timer->start(ms);
        else
            m_timer->stop();
    });
    connect(m_timer, &QTimer::timeout, this, &MetricsWindow::refresh);
    m_status->setText(m_context.inMesh ? QString() : u"The module is not in an Istio mesh on this platform: traffic, latency and error charts need Istio's telemetry, so only the workload's charts are shown."_s);
}

MetricsWindow::~MetricsWindow() = default;

void MetricsWindow::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_auto->currentData().toInt() > 0)
        m_timer->start(m_auto->currentData().toInt()); // auto-refresh runs while the window shows
}

void MetricsWindow::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QDialog::hideEvent(event);
}

void MetricsWindow::setPrometheusUrl(const QString &url)
{
    m_url->setText(url);
}

bool MetricsWindow::makeClient()
{
    const QUrl url(m_url->text().trimmed());
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty()) {
        m_status->setText(u"Enter Prometheus' http:// or https:// address above (for the demo cluster: start Prometheus with the configuration demo-cluster --prometheus-config-out writes)."_s);
        return false;
    }
    QSettings().setValue(u"metrics/url/"_s + m_target.id(), url.toString());
    if (!m_client || m_client->endpoint().url != url) {
        metrics::PrometheusEndpoint endpoint;
        endpoint.url = url;
        m_client = std::make_unique<metrics::PrometheusClient>(endpoint);
    }
    return true;
}

void MetricsWindow::testConnection()
{
    if (!makeClient())
        return;
    metrics::PromCall *call = m_client->buildInfo();
    connect(call, &metrics::PromCall::finished, this, [this, call] {
        call->deleteLater();
        const metrics::QueryResult &r = call->result;
        QString text;
        if (r.ok || r.httpStatus == 200) {
            text = u"Connected to %1"_s.arg(m_client->endpoint().url.toDisplayString());
        } else {
            text = u"Not connected: %1"_s.arg(r.error);
        }
        m_status->setText(text);
        Q_EMIT connectionTested(r.ok || r.httpStatus == 200, text);
    });
}

void MetricsWindow::refresh()
{
    if (!makeClient())
        return;
    // What is still on its way is superseded.
    for (const QPointer<metrics::PromCall> &c : std::as_const(m_calls))
        if (c)
            c->abort();
    m_calls.clear();
    const qint64 range = m_range->currentData().toLongLong();
    const int width = m_cards.isEmpty() ? 960 : std::max(200, m_cards.first()->width());
    const int step = metrics::stepFor(range, width);
    const qint64 end = QDateTime::currentMSecsSinceEpoch() / (step * 1000LL) * (step * 1000LL);
    const qint64 start = end - range * 1000;
    m_pending = int(m_cards.size());
    m_status->setText(u"Querying %1 (step %2 s)…"_s.arg(m_client->endpoint().url.toDisplayString()).arg(step));
    for (ChartCard *card : std::as_const(m_cards))
        refreshCard(card, start, end, step);
}

void MetricsWindow::refreshCard(ChartCard *card, qint64 startMs, qint64 endMs, int step)
{
    // The built-in queries get the rate window of this step; an edited query is sent as written.
    metrics::ChartDef chart = card->effectiveChart();
    if (chart.queries == card->chart().queries)
        for (const metrics::ChartDef &def : metrics::builtinCharts(m_context, metrics::rateWindow(step)))
            if (def.id == chart.id)
                chart = def;
    auto answers = std::make_shared<QList<metrics::QueryResult>>(chart.queries.size());
    auto left = std::make_shared<int>(int(chart.queries.size()));
    for (qsizetype i = 0; i < chart.queries.size(); ++i) {
        metrics::PromCall *call = m_client->queryRange(chart.queries[i].promql, QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs), step);
        m_calls << call;
        connect(call, &metrics::PromCall::finished, this, [this, call, card, chart, answers, left, i, startMs, endMs, step] {
            call->deleteLater();
            (*answers)[i] = call->result;
            if (--*left > 0)
                return;
            if (answers->constFirst().errorType == u"canceled"_s)
                return; // superseded: the newer refresh fills the card
            card->model()->setData(chart, *answers, startMs, endMs, step);
            card->redraw();
            QStringList errors, warnings;
            bool empty = true;
            for (const metrics::QueryResult &r : std::as_const(*answers)) {
                if (!r.ok)
                    errors << (r.errorType.isEmpty() ? r.error : r.errorType + u": "_s + r.error);
                warnings << r.warnings;
                empty = empty && r.series.isEmpty();
            }
            if (!errors.isEmpty())
                card->setMessage(errors.join(u'\n'), true);
            else if (empty) {
                QStringList names;
                for (const metrics::ChartQuery &q : chart.queries)
                    for (const QString &m : metrics::metricNames(q.promql))
                        if (!names.contains(m))
                            names << m;
                QStringList why;
                for (const QString &m : std::as_const(names))
                    why << u"%1 — from %2"_s.arg(m, metrics::providerOf(m));
                card->setMessage(u"No data in this range. If a metric is missing, this is what usually provides it:\n"_s + why.join(u'\n'), false);
            } else
                card->setMessage(warnings.join(u'\n'), false);
            cardDone();
        });
    }
}

void MetricsWindow::cardDone()
{
    if (--m_pending > 0)
        return;
    m_status->setText(u"Updated %1 from %2"_s.arg(QTime::currentTime().toString(u"HH:mm:ss"_s), m_client->endpoint().url.toDisplayString()));
    Q_EMIT refreshed();
}

} // namespace dc
