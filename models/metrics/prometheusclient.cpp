#include "prometheusclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
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

PromCall *PrometheusClient::get(const QString &apiPath, const QList<std::pair<QString, QString>> &query)
{
    auto *call = new PromCall(this);
    QUrl url = m_endpoint.url;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + apiPath);
    QUrlQuery q;
    for (const auto &[k, v] : query)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (m_endpoint.auth == PrometheusEndpoint::Auth::Bearer)
        request.setRawHeader("Authorization", "Bearer " + m_endpoint.token.toUtf8());
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
                ? u"Prometheus at %1 did not answer within %2 s"_s.arg(m_endpoint.url.toDisplayString()).arg(m_timeoutMs / 1000)
                : u"Prometheus at %1 cannot be reached: %2"_s.arg(m_endpoint.url.toDisplayString(), reply->errorString());
            call->finish();
            return;
        }
        call->result = parseQueryReply(status, reply->readAll(), m_maxBytes);
        if (status == 401 || status == 403)
            call->result.error = u"Prometheus refused the credentials (HTTP %1): %2"_s.arg(status).arg(call->result.error);
        call->finish();
    });
    return call;
}

} // namespace dc::metrics
