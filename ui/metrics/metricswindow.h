#pragma once

#include "config/target.h"
#include "manifests/bundle.h"
#include "metrics/charts.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace dc {

class ChartCard;

namespace metrics {
class PrometheusClient;
class PromCall;
}

/**
 * Cluster ▸ Metrics…: the built-in charts of the deployed module from a Prometheus URL (kept per
 * target), over 15 min, 1 h, 6 h or 24 h at a step from the range and the chart's width, with
 * auto-refresh (off, 5 s, 15 s, 60 s) that pauses while the window is hidden. "Test connection"
 * shows the server's version or what failed. A refresh cancels the queries it supersedes.
 */
class MetricsWindow : public QDialog
{
    Q_OBJECT
public:
    MetricsWindow(const Bundle &bundle, const Target &target, QWidget *parent = nullptr);
    ~MetricsWindow() override;

    void setPrometheusUrl(const QString &url);
    void refresh();
    void testConnection();
    [[nodiscard]] QList<ChartCard *> cards() const { return m_cards; }

Q_SIGNALS:
    /// Every chart has its answer (or its error).
    void refreshed();
    void connectionTested(bool ok, const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refreshCard(ChartCard *card, qint64 startMs, qint64 endMs, int step);
    void cardDone();
    [[nodiscard]] bool makeClient();

    Target m_target;
    metrics::ChartContext m_context;
    std::unique_ptr<metrics::PrometheusClient> m_client;
    QLineEdit *m_url;
    QComboBox *m_range;
    QComboBox *m_auto;
    QLabel *m_status;
    QTimer *m_timer;
    QList<ChartCard *> m_cards;
    QList<QPointer<metrics::PromCall>> m_calls;
    int m_pending = 0;
};

} // namespace dc
