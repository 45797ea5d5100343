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

namespace dc::kube {
class KubeCall;
class KubeClient;
}

namespace dc::metrics {

/// Where Prometheus answers and how to sign in to it.
struct PrometheusEndpoint
{
    enum class Auth { None, Bearer, Basic, KubeconfigUser };
    QUrl url; // the API's base, with any sub-path (Thanos, Mimir, VictoriaMetrics): http://h:9090/prefix
    /// With serviceProxyPath: requests go through this cluster's API server (its credentials,
    /// TLS and proxy). With Auth::KubeconfigUser: whose bearer token a direct URL gets.
    kube::KubeClient *cluster = nullptr;
    /// "/api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy" (servicePath() makes it).
    QString serviceProxyPath;
    /// Thanos querier's tenancy port (OpenShift, 9092): every query carries namespace=NS.
    QString tenancyNamespace;
    Auth auth = Auth::None;
    QString token;              // Bearer
    QString user, password;     // Basic
    QByteArray caCertificates;  // PEM; empty: the system's
    bool insecureSkipTlsVerify = false;
    QList<std::pair<QByteArray, QByteArray>> headers; // sent with every request (X-Scope-OrgID, ...)

    /// Where requests go, for messages: the URL, or the Service and the API server.
    [[nodiscard]] QString display() const;
    [[nodiscard]] bool throughCluster() const { return cluster && !serviceProxyPath.isEmpty(); }
};

/// The API server's proxy path of a Service port: scheme "" (http) or "https".
[[nodiscard]] QString servicePath(const QString &ns, const QString &name, const QString &port, const QString &scheme = {});

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
    QPointer<kube::KubeCall> m_kubeCall;
    bool m_done = false;
    void finish();
};

/**
 * Prometheus' HTTP API (query, query_range, build info) on Qt Network, asynchronous: the
 * endpoint's auth and headers on every request, its CA, a timeout, a cap on the reply's size
 * (16 MB by default) checked before parsing. Through a cluster (the API server's service proxy)
 * the requests go out on the one Kubernetes client, with the kubeconfig's credentials; an
 * error of the API server (no rights, no endpoints) is told apart from Prometheus' own.
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
    PromCall *get(const QString &apiPath, QList<std::pair<QString, QString>> query);
    /// Through the API server's service proxy.
    void startThroughCluster(PromCall *call, const QString &apiPath, const QString &query);
    /// Straight to the URL, with this bearer token when not empty.
    void startDirect(PromCall *call, const QUrl &url, const QByteArray &bearer);
    void finishFrom(PromCall *call, int status, const QByteArray &body);

    PrometheusEndpoint m_endpoint;
    std::unique_ptr<QNetworkAccessManager> m_network;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = 16 * 1024 * 1024;
};

} // namespace dc::metrics
