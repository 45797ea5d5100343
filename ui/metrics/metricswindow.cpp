#include "metricswindow.h"

#include "chartcard.h"
#include "deploy/applyhistory.h"
#include "kube/kubeclient.h"
#include "metrics/chartmodel.h"
#include "metrics/localprometheus.h"
#include "metrics/prometheusclient.h"
#include "metrics/promquery.h"
#include "secrets/secretstore.h"
#include "theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace dc {

namespace {
constexpr int CustomRange = -1;
}

MetricsWindow::MetricsWindow(const Bundle &bundle, const Target &target, std::optional<kube::Kubeconfig::Resolved> cluster, QWidget *parent)
    : QDialog(parent)
    , m_target(target)
    , m_context(metrics::chartContextOf(bundle))
    , m_settings(metrics::PrometheusSettings::load(target.id()))
    , m_secrets(new SecretStore(this))
    , m_timer(new QTimer(this))
{
    setObjectName(u"metricsWindow"_s);
    setWindowTitle(u"Metrics — %1"_s.arg(target.id()));
    if (cluster)
        m_kube = std::make_unique<kube::KubeClient>(*cluster);

    // Where Prometheus is: a URL, or a Service through the cluster's API server.
    m_source = new QComboBox(this);
    m_source->setObjectName(u"prometheusSource"_s);
    m_source->setAccessibleName(u"Where Prometheus is"_s);
    m_source->addItem(u"At a URL"_s);
    m_source->addItem(u"Service in the cluster"_s);
    auto *sourceLabel = new QLabel(u"&Prometheus:"_s, this);
    sourceLabel->setBuddy(m_source);
    m_url = new QLineEdit(m_settings.url, this);
    m_url->setObjectName(u"prometheusUrl"_s);
    m_url->setPlaceholderText(u"http://prometheus.example:9090 (with its sub-path for Thanos, Mimir, VictoriaMetrics)"_s);
    m_url->setAccessibleName(u"Prometheus URL"_s);
    m_service = new QComboBox(this);
    m_service->setObjectName(u"prometheusService"_s);
    m_service->setEditable(true);
    m_service->setAccessibleName(u"Prometheus Service"_s);
    m_service->lineEdit()->setPlaceholderText(u"NAMESPACE/NAME:PORT — or press Find"_s);
    m_service->setEditText(m_settings.service);
    m_service->setMinimumContentsLength(28);
    m_service->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_find = new QPushButton(u"&Find"_s, this);
    m_find->setObjectName(u"findPrometheus"_s);
    m_find->setToolTip(u"List the Prometheus servers the cluster's Services show (kube-prometheus-stack, the Prometheus operator, Istio's addon, OpenShift's Thanos querier)"_s);
    auto *connection = new QPushButton(u"Co&nnection…"_s, this);
    connection->setObjectName(u"prometheusConnectionButton"_s);
    connection->setToolTip(u"Sign-in, CA, TLS check, headers, Thanos tenancy"_s);
    auto *test = new QPushButton(u"&Test Connection"_s, this);
    m_startLocal = new QPushButton(u"Start Prometheus for the &Demo Cluster"_s, this);
    m_startLocal->setObjectName(u"startLocalPrometheus"_s);
    m_startLocal->setVisible(false);
    m_range = new QComboBox(this);
    m_range->setObjectName(u"metricsRange"_s);
    m_range->setAccessibleName(u"Time range"_s);
    for (const auto &[text, seconds] : {std::pair{u"Last 15 min"_s, 900}, std::pair{u"Last 1 h"_s, 3600}, std::pair{u"Last 6 h"_s, 21600}, std::pair{u"Last 24 h"_s, 86400}})
        m_range->addItem(text, seconds);
    m_range->addItem(u"Custom…"_s, CustomRange);
    m_range->setCurrentIndex(1);
    m_auto = new QComboBox(this);
    m_auto->setObjectName(u"metricsAutoRefresh"_s);
    m_auto->setAccessibleName(u"Auto-refresh"_s);
    for (const auto &[text, ms] : {std::pair{u"Auto-refresh off"_s, 0}, std::pair{u"Every 5 s"_s, 5000}, std::pair{u"Every 15 s"_s, 15000}, std::pair{u"Every 60 s"_s, 60000}})
        m_auto->addItem(text, ms);
    auto *refreshButton = new QPushButton(u"&Refresh"_s, this);
    auto *top = new QHBoxLayout;
    top->addWidget(sourceLabel);
    top->addWidget(m_source);
    top->addWidget(m_url, 1);
    top->addWidget(m_service, 1);
    top->addWidget(m_find);
    top->addWidget(connection);
    top->addWidget(test);
    auto *second = new QHBoxLayout;
    second->addWidget(m_range);
    second->addWidget(m_auto);
    second->addWidget(refreshButton);
    second->addStretch(1);
    second->addWidget(m_startLocal);
    m_status = new QLabel(this);
    m_status->setObjectName(u"metricsStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

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
                setStatus(u"Could not write %1"_s.arg(path), true);
        });
        connect(csv, &QPushButton::clicked, this, [this, card] {
            const QString path = QFileDialog::getSaveFileName(this, u"Export data"_s, card->chart().id + u".csv"_s, u"CSV files (*.csv)"_s);
            QString error;
            if (!path.isEmpty() && !card->exportCsv(path, &error))
                setStatus(u"Could not write %1: %2"_s.arg(path, error), true);
        });
        connect(card, &ChartCard::queryChanged, this, &MetricsWindow::refresh);
        m_cards << card;
    }
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(charts);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(second);
    layout->addWidget(m_status);
    layout->addWidget(scroll, 1);
    resize(1000, 700);

    connect(test, &QPushButton::clicked, this, &MetricsWindow::testConnection);
    connect(m_find, &QPushButton::clicked, this, &MetricsWindow::findInCluster);
    connect(connection, &QPushButton::clicked, this, &MetricsWindow::editConnection);
    connect(m_startLocal, &QPushButton::clicked, this, &MetricsWindow::startLocalPrometheus);
    connect(refreshButton, &QPushButton::clicked, this, &MetricsWindow::refresh);
    connect(m_source, &QComboBox::activated, this, [this](int index) {
        m_settings.source = index == 1 ? metrics::PrometheusSettings::Source::Service : metrics::PrometheusSettings::Source::Url;
        saveSettings();
        showSource();
        refresh();
    });
    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        m_settings.url = m_url->text().trimmed();
        saveSettings();
        refresh();
    });
    connect(m_url, &QLineEdit::editingFinished, this, [this] {
        m_settings.url = m_url->text().trimmed();
        saveSettings();
    });
    connect(m_service, &QComboBox::activated, this, [this] { setPrometheusService(m_service->currentData().toString().isEmpty() ? m_service->currentText() : m_service->currentData().toString()); });
    connect(m_range, &QComboBox::activated, this, [this] {
        if (m_range->currentData().toInt() == CustomRange)
            chooseCustomRange();
        else
            refresh();
    });
    connect(m_auto, &QComboBox::currentIndexChanged, this, [this] {
        const int ms = m_auto->currentData().toInt();
        if (ms > 0 && isVisible())
            m_timer->start(ms);
        else
            m_timer->stop();
    });
    connect(m_timer, &QTimer::timeout, this, &MetricsWindow::refresh);
    showSource();
    setStatus(m_context.inMesh ? QString() : u"The module is not in an Istio mesh on this platform: traffic, latency and error charts need Istio's telemetry, so only the workload's charts are shown."_s);
    loadSecrets();
    if (m_kube) {
        // The demo cluster says so in its version; then the console can run Prometheus for it.
        kube::KubeCall *version = m_kube->get(u"/version"_s);
        version->setParent(this);
        connect(version, &kube::KubeCall::finished, this, [this, version] {
            version->deleteLater();
            if (version->json.value(u"gitVersion"_s).toString().endsWith(u"-demo"_s)) {
                m_startLocal->setVisible(true);
                Q_EMIT demoClusterRecognised();
            }
        });
    }
}

MetricsWindow::~MetricsWindow()
{
    // The calls belong to the client; nothing may answer into a window that is going.
    for (const QPointer<metrics::PromCall> &c : std::as_const(m_calls))
        if (c)
            c->disconnect(this);
}

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

void MetricsWindow::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, statusColour(u"fail"_s));
    m_status->setPalette(p);
}

void MetricsWindow::chooseCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(u"Custom Time Range"_s);
    const QDateTime now = QDateTime::currentDateTime();
    auto *from = new QDateTimeEdit(m_customStart ? QDateTime::fromMSecsSinceEpoch(m_customStart) : now.addSecs(-3600), &dialog);
    auto *to = new QDateTimeEdit(m_customEnd ? QDateTime::fromMSecsSinceEpoch(m_customEnd) : now, &dialog);
    for (QDateTimeEdit *e : {from, to}) {
        e->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
        e->setCalendarPopup(true);
    }
    auto *error = new QLabel(&dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(u"&From:"_s, from);
    form->addRow(u"&To:"_s, to);
    form->addRow(error);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (from->dateTime() >= to->dateTime())
            error->setText(u"The start must come before the end."_s);
        else
            dialog.accept();
    });
    if (dialog.exec() == QDialog::Accepted) {
        setCustomRange(from->dateTime(), to->dateTime());
        return;
    }
    if (!m_customEnd) // nothing chosen before: back to the last hour
        m_range->setCurrentIndex(1);
    else
        m_range->setCurrentIndex(m_range->findData(CustomRange));
}

void MetricsWindow::setCustomRange(const QDateTime &start, const QDateTime &end)
{
    m_customStart = start.toMSecsSinceEpoch();
    m_customEnd = end.toMSecsSinceEpoch();
    const int index = m_range->findData(CustomRange);
    m_range->setItemText(index, u"%1 – %2"_s.arg(start.toString(u"MM-dd HH:mm"_s), end.toString(start.date() == end.date() ? u"HH:mm"_s : u"MM-dd HH:mm"_s)));
    m_range->setCurrentIndex(index);
    refresh();
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
    const bool custom = m_range->currentData().toInt() == CustomRange && m_customEnd > m_customStart;
    const qint64 range = custom ? (m_customEnd - m_customStart) / 1000 : m_range->currentData().toLongLong();
    const int width = m_cards.isEmpty() ? 960 : std::max(200, m_cards.first()->width());
    const int step = metrics::stepFor(std::max<qint64>(range, 60), width);
    const qint64 end = custom ? m_customEnd : QDateTime::currentMSecsSinceEpoch() / (step * 1000LL) * (step * 1000LL);
    const qint64 start = custom ? m_customStart : end - range * 1000;
    // The applies of this module in the range, from the local history.
    const deploy::ApplyHistory history(m_historyPath);
    const QList<metrics::ApplyMarker> markers = history.isOpen()
        ? metrics::applyMarkers(history.records({}, 500), m_target.id(), m_kube ? m_kube->context().cluster.server : QString(), start, end)
        : QList<metrics::ApplyMarker>();
    m_pending = int(m_cards.size());
    setStatus(u"Querying %1 (step %2 s)…"_s.arg(m_client->endpoint().display()).arg(step));
    for (ChartCard *card : std::as_const(m_cards)) {
        card->setMarkers(markers);
        refreshCard(card, start, end, step);
    }
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
                    errors << (r.errorType.isEmpty() || r.errorType == u"apiserver"_s || r.errorType == u"timeout"_s ? r.error : r.errorType + u": "_s + r.error);
                warnings << r.warnings;
                empty = empty && r.series.isEmpty();
            }
            errors.removeDuplicates();
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
    setStatus(u"Updated %1 from %2"_s.arg(QTime::currentTime().toString(u"HH:mm:ss"_s), m_client->endpoint().display()));
    Q_EMIT refreshed();
}

} // namespace dc
