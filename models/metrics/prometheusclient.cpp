#include "prometheusclient.h"

#include "kube/kubeclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace dc::metrics {

void PromCall::abort()
{
    if (m_done)
        return;
    result.error = u"canceled"_s;
    result.errorType = u"canceled"_s;
    if (m_reply)
        m_reply->abort();
    else if (m_kubeCall)
        m_kubeCall->abort();
    else
        finish();
}

void PromCall::finish()
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished();
}

PrometheusClient::PrometheusClient(PrometheusEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    m_network->setProxy(QNetworkProxy::NoProxy);
}

PrometheusClient::~PrometheusClient() = default;

PromCall *PrometheusClient::queryRange(const QString &promql, const QDateTime &start, const QDateTime &end, int stepSeconds)
{
    return get(u"/api/v1/query_range"_s, {{u"query"_s, promql},
                                          {u"start"_s, QString::number(start.toMSecsSinceEpoch() / 1000.0, 'f', 3)},
                                          {u"end"_s, QString::number(end.toMSecsSinceEpoch() / 1000.0, 'f', 3)},
                                          {u"step"_s, QString::number(stepSeconds) + u's'}});
}

PromCall *PrometheusClient::query(const QString &promql, const QDateTime &at)
{
    QList<std::pair<QString, QString>> q{{u"query"_s, promql}};
    if (at.isValid())
        q.append({u"time"_s, QString::number(at.toMSecsSinceEpoch() / 1000.0, 'f', 3)});
    return get(u"/api/v1/query"_s, q);
}

PromCall *PrometheusClient::buildInfo()
{
    return get(u"/api/v1/status/buildinfo"_s, {});
}

PromCall *PrometheusClient::get(const QString &apiPath, QList<std::pair<QString, QString>> query)
{
    auto *call = new PromCall(this);
    if (!m_endpoint.tenancyNamespace.isEmpty())
        query.append({u"namespace"_s, m_endpoint.tenancyNamespace});
    QUrlQuery q;
    for (const auto &[k, v] : std::as_const(query))
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    if (m_endpoint.throughCluster()) {
        startThroughCluster(call, apiPath, q.query(QUrl::FullyEncoded));
        return call;
    }
    QUrl url = m_endpoint.url;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + apiPath);
    url.setQuery(q);
    if (m_endpoint.auth == PrometheusEndpoint::Auth::KubeconfigUser) {
        if (!m_endpoint.cluster) {
            call->result.error = u"no cluster is connected, so there is no kubeconfig user whose token Prometheus could get"_s;
            QTimer::singleShot(0, call, &PromCall::finish);
            return call;
        }
        QPointer<PromCall> guard(call);
        m_endpoint.cluster->bearerToken([this, guard, url](const QString &token, const kube::KubeError &error) {
            if (!guard || guard->m_done)
                return;
            if (!error.ok() || token.isEmpty()) {
                guard->result.error = error.ok() ? u"the kubeconfig user \"%1\" has no bearer token to send (it signs in with a client certificate or a password)"_s.arg(m_endpoint.cluster->context().user.name)
                                                 : u"the kubeconfig user's token cannot be had: %1"_s.arg(error.message);
                guard->finish();
                return;
            }
            startDirect(guard, url, token.toUtf8());
        });
        return call;
    }
    startDirect(call, url, m_endpoint.auth == PrometheusEndpoint::Auth::Bearer ? m_endpoint.token.toUtf8() : QByteArray());
    return call;
}

void PrometheusClient::startThroughCluster(PromCall *call, const QString &apiPath, const QString &query)
{
    QString base = m_endpoint.serviceProxyPath;
    while (base.endsWith(u'/'))
        base.chop(1);
    kube::KubeCall *kc = m_endpoint.cluster->send("GET", base + apiPath + (query.isEmpty() ? QString() : u'?' + query));
    kc->setParent(call);
    kc->maxBytes = m_maxBytes;
    call->m_kubeCall = kc;
    // The cluster's client has its own timeout for every caller; this one is Prometheus'.
    auto *timer = new QTimer(call);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, call, [this, call, kc] {
        call->result.error = u"Prometheus (%1) did not answer within %2 s"_s.arg(m_endpoint.display()).arg(m_timeoutMs / 1000.0);
        call->result.errorType = u"timeout"_s;
        kc->abort();
    });
    timer->start(m_timeoutMs);
    connect(kc, &kube::KubeCall::finished, call, [this, call, kc, timer] {
        timer->stop();
        if (call->result.errorType == u"canceled"_s || call->result.errorType == u"timeout"_s) {
            call->finish();
            return;
        }
        if (kc->tooLarge) {
            call->result = tooLargeReply(kc->tooLarge, m_maxBytes);
            call->finish();
            return;
        }
        if (kc->httpStatus == 0) {
            call->result.error = u"the API server at %1 cannot be reached: %2"_s.arg(m_endpoint.cluster->context().cluster.server, kc->error.message);
            call->finish();
            return;
        }
        // A Status is the API server's own answer (no rights to services/proxy, no endpoints, no
        // such Service); anything else comes from Prometheus.
        if (kc->json.value(u"kind"_s).toString() == u"Status"_s && kc->json.value(u"status"_s).toString() == u"Failure"_s) {
            call->result.httpStatus = kc->httpStatus;
            call->result.errorType = u"apiserver"_s;
            call->result.error = u"the API server refused the service proxy request (HTTP %1 %2): %3"_s.arg(kc->httpStatus)
                                     .arg(kc->json.value(u"reason"_s).toString(), kc->json.value(u"message"_s).toString());
            call->finish();
            return;
        }
        finishFrom(call, kc->httpStatus, kc->body);
    });
}

void PrometheusClient::startDirect(PromCall *call, const QUrl &url, const QByteArray &bearer)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    else if (m_endpoint.auth == PrometheusEndpoint::Auth::Basic)
        request.setRawHeader("Authorization", "Basic " + (m_endpoint.user + u':' + m_endpoint.password).toUtf8().toBase64());
    for (const auto &[name, value] : m_endpoint.headers)
        request.setRawHeader(name, value);
    if (url.scheme() == u"https"_s) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_endpoint.caCertificates.isEmpty())
            ssl.setCaCertificates(QSslCertificate::fromData(m_endpoint.caCertificates));
        if (m_endpoint.insecureSkipTlsVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply *reply = m_network->get(request);
    call->m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, call, [this, call, reply] {
        // A reply announced larger than allowed is not read at all.
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (length > m_maxBytes) {
            call->result = tooLargeReply(length, m_maxBytes);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, call, [this, call, reply](qint64 received, qint64) {
        if (received > m_maxBytes && !call->result.truncated) {
            call->result = tooLargeReply(received, m_maxBytes);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, call, [this, call, reply] {
        reply->deleteLater();
        if (call->result.truncated || call->result.errorType == u"canceled"_s) {
            call->finish();
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            call->result.error = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError
                ? u"Prometheus at %1 did not answer within %2 s"_s.arg(m_endpoint.display()).arg(m_timeoutMs / 1000.0)
                : u"Prometheus at %1 cannot be reached: %2"_s.arg(m_endpoint.display(), reply->errorString());
            if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
                call->result.errorType = u"timeout"_s;
            call->finish();
            return;
        }
        finishFrom(call, status, reply->readAll());
    });
}

void PrometheusClient::finishFrom(PromCall *call, int status, const QByteArray &body)
{
    call->result = parseQueryReply(status, body, m_maxBytes);
    if (status == 401 || status == 403)
        call->result.error = u"Prometheus refused the credentials (HTTP %1): %2"_s.arg(status).arg(call->result.error);
    call->finish();
}

QString PrometheusEndpoint::display() const
{
    if (throughCluster())
        return u"%1 through the API server at %2"_s.arg(serviceProxyPath, cluster->context().cluster.server);
    return url.toDisplayString();
}

QString servicePath(const QString &ns, const QString &name, const QString &port, const QString &scheme)
{
    QString id = name;
    if (!port.isEmpty())
        id += u':' + port;
    if (!scheme.isEmpty() && scheme != u"http"_s)
        id = scheme + u':' + id;
    return u"/api/v1/namespaces/%1/services/%2/proxy"_s.arg(ns, id);
}

} // namespace dc::metrics
