#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace dc::metrics {

/// A Prometheus configuration that scrapes one demo-cluster's /metrics every `intervalSeconds`
/// (https with `caFile` when given, the bearer `token` when given). demo-cluster's
/// --prometheus-config-out and the console's local Prometheus both write this one.
[[nodiscard]] QString scrapeConfig(const QString &hostPort, bool https, const QString &caFile, const QString &token, int intervalSeconds = 1);

/**
 * A real Prometheus (the installed `prometheus`) run for the demo cluster: on 127.0.0.1 at a
 * free port, with its own configuration and storage folder; `ready` once /-/ready answers,
 * `failed` with Prometheus' own last words when it exits or does not get ready within a minute.
 * Stopped when this object goes.
 */
class LocalPrometheus : public QObject
{
    Q_OBJECT
public:
    explicit LocalPrometheus(QObject *parent = nullptr);
    ~LocalPrometheus() override;

    /// The installed prometheus ("" when none).
    [[nodiscard]] static QString executable();
    /// How to install it, for the user.
    [[nodiscard]] static QString installHint();

    /// Writes `config` to `folder`/prometheus.yml and starts Prometheus with storage in
    /// `folder`/data. False (and `error`) when it cannot be started at all.
    bool start(const QString &config, const QString &folder, QString *error);
    void stop();
    [[nodiscard]] bool running() const { return m_process.state() != QProcess::NotRunning; }
    [[nodiscard]] QUrl url() const { return m_url; }

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    void poll();

    QProcess m_process;
    QUrl m_url;
    QString m_output;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QTimer *m_poll;
    int m_polls = 0;
    bool m_ready = false;
};

} // namespace dc::metrics
