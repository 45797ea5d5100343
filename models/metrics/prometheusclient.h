#pragma once

#include "promquery.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace dc::metrics {

/// Where Prometheus answers and how to sign in to it.
struct PrometheusEndpoint
{
    enum class Auth { None, Bearer, Basic };
    QUrl url; // the API's base, with any sub-path (Thanos, Mimir, VictoriaMetrics): http://h:9090/prefix
    Auth auth = Auth::None;
    QString token;              // Bearer
    QString user, password;     // Basic
    QByteArray caCertificates;  // PEM; empty: the system's
    bool insecureSkipTlsVerify = false;
    QList<std::pair<QByteArray, QByteArray>> headers; // sent with every request (X-Scope-OrgID, ...)
};

/// One query in flight; `finished` once (also after abort(), with error "canceled").
class PromCall : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    QueryResult result;
    void abort();

Q_SIGNALS:
    void finished();

private:
    friend class PrometheusClient;
    QPointer<QNetworkReply> m_reply;
    bool m_done = false;
    void finish();
};

/**
 * Prometheus' HTTP API (query, query_range, build info) on Qt Network, asynchronous: the
 * endpoint's auth and headers on every request, its CA, a timeout, a cap on the reply's size
 * (16 MB by default) checked before parsing.
 */
class PrometheusClient : public QObject
{
    Q_OBJECT
public:
    explicit PrometheusClient(PrometheusEndpoint endpoint, QObject *parent = nullptr);
    ~PrometheusClient() override;

    PromCall *queryRange(const QString &promql, const QDateTime &start, const QDateTime &end, int stepSeconds);
    PromCall *query(const QString &promql, const QDateTime &at = {});
    /// GET /api/v1/status/buildinfo: "Test connection".
    PromCall *buildInfo();
    void setTimeout(int ms) { m_timeoutMs = ms; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    [[nodiscard]] const PrometheusEndpoint &endpoint() const { return m_endpoint; }

private:
    PromCall *get(const QString &apiPath, const QList<std::pair<QString, QString>> &query);

    PrometheusEndpoint m_endpoint;
    std::unique_ptr<QNetworkAccessManager> m_network;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = 16 * 1024 * 1024;
};

} // namespace dc::metrics
