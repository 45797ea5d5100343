#pragma once

#include "config/target.h"
#include "kube/kubeconfig.h"
#include "manifests/bundle.h"
#include "metrics/applymarkers.h"
#include "metrics/charts.h"
#include "metrics/prometheussettings.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace dc {

class ChartCard;
class SecretStore;

namespace kube {
class KubeClient;
}

namespace metrics {
class LocalPrometheus;
class PrometheusClient;
class PrometheusDiscovery;
class PromCall;
}

/**
 * Cluster ▸ Metrics…: the built-in charts of the deployed module from Prometheus — at a URL, or
 * a Service reached through the chosen cluster's API server (Find lists the ones the usual
 * labels mark), signed in as Connection… says (secrets in the keychain) — over 15 min, 1 h,
 * 6 h, 24 h or a custom range, at a step from the range and the chart's width, with
 * auto-refresh (off, 5 s, 15 s, 60 s) that pauses while the window is hidden and a marker
 * for each apply of the module in the range. "Test connection" shows the server's version or
 * what failed. For the demo cluster it starts a local Prometheus. A refresh cancels the
 * queries it supersedes.
 */
class MetricsWindow : public QDialog
{
    Q_OBJECT
public:
    /// `cluster`: the context chosen in the target bar (none: offline, URLs only).
    MetricsWindow(const Bundle &bundle, const Target &target, std::optional<kube::Kubeconfig::Resolved> cluster, QWidget *parent = nullptr);
    ~MetricsWindow() override;

    void setPrometheusUrl(const QString &url);
    /// Reach Prometheus as this Service through the cluster ("[https:]NS/NAME[:PORT]").
    void setPrometheusService(const QString &service);
    void refresh();
    void testConnection();
    /// Lists the Prometheus servers the cluster's Services show (Find).
    void findInCluster();
    /// Charts [start, end] instead of the last 15 min … 24 h.
    void setCustomRange(const QDateTime &start, const QDateTime &end);
    /// Starts a local Prometheus scraping the demo cluster and charts from it.
    void startLocalPrometheus();
    [[nodiscard]] QList<ChartCard *> cards() const { return m_cards; }
    [[nodiscard]] const metrics::PrometheusSettings &settings() const { return m_settings; }
    /// Where the apply history is read from (tests).
    void setHistoryPath(const QString &path) { m_historyPath = path; }

Q_SIGNALS:
    /// Every chart has its answer (or its error).
    void refreshed();
    void connectionTested(bool ok, const QString &text);
    void discovered(const QStringList &services);
    /// The cluster was recognised as the demo cluster (the local Prometheus can be started).
    void demoClusterRecognised();
    void localPrometheusReady(const QString &url);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refreshCard(ChartCard *card, qint64 startMs, qint64 endMs, int step);
    void cardDone();
    [[nodiscard]] bool makeClient();
    void editConnection();
    void loadSecrets();
    void keepSecret(const QString &key, const QString &secret);
    void showSource();
    void saveSettings();
    void chooseCustomRange();
    void setStatus(const QString &text, bool error = false);

    Target m_target;
    metrics::ChartContext m_context;
    metrics::PrometheusSettings m_settings;
    std::unique_ptr<kube::KubeClient> m_kube;
    std::unique_ptr<metrics::PrometheusClient> m_client;
    QString m_clientKey; // what m_client was made from
    std::unique_ptr<metrics::LocalPrometheus> m_local;
    metrics::PrometheusDiscovery *m_discovery = nullptr;
    SecretStore *m_secrets;
    QString m_token, m_password;
    int m_secretsLoading = 0;
    bool m_refreshAfterSecrets = false;
    QComboBox *m_source;
    QLineEdit *m_url;
    QComboBox *m_service;
    QPushButton *m_find;
    QPushButton *m_startLocal;
    QComboBox *m_range;
    QComboBox *m_auto;
    QLabel *m_status;
    QTimer *m_timer;
    QList<ChartCard *> m_cards;
    QList<QPointer<metrics::PromCall>> m_calls;
    int m_pending = 0;
    qint64 m_customStart = 0, m_customEnd = 0;
    QString m_historyPath;
};

} // namespace dc
