#include "serviceproxy.h"

#include "apierror.h"
#include "objectstore.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// Hop-by-hop headers and what belongs to the API server, not the backend.
bool forwarded(const QByteArray &name)
{
    // Accept-Encoding too: the answer goes back decoded (an HttpResponse carries no Content-Encoding).
    static const QList<QByteArray> dropped{"authorization", "host", "accept-encoding", "connection", "keep-alive", "content-length", "transfer-encoding",
                                           "upgrade", "proxy-authorization", "te", "trailer"};
    return !dropped.contains(name) && !name.startsWith("impersonate-");
}

} // namespace

ServiceProxy::ServiceProxy(const ObjectStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    m_network->setProxy(QNetworkProxy::NoProxy);
}

ServiceProxy::~ServiceProxy() = default;

HttpResponse ServiceProxy::serve(const HttpRequest &r, const QString &ns, const QString &id, const QString &rest, HttpConnection *connection, int latencyMs)
{
    // "name", "name:port" or "scheme:name:port", as utilnet.SplitSchemeNamePort reads it.
    const QStringList parts = id.split(u':');
    QString scheme, name, port;
    if (parts.size() == 1) {
        name = parts[0];
    } else if (parts.size() == 2) {
        name = parts[0];
        port = parts[1];
    } else if (parts.size() == 3) {
        scheme = parts[0];
        name = parts[1];
        port = parts[2];
    }
    if (name.isEmpty() || parts.size() > 3 || (!scheme.isEmpty() && scheme != u"http"_s && scheme != u"https"_s))
        return apiError(ApiReason::BadRequest, u"invalid service request \"%1\""_s.arg(id));
    const QJsonObject service = m_store.value(u"/services/%1/%2"_s.arg(ns, name));
    if (service.isEmpty())
        return apiError(ApiReason::NotFound, u"services \"%1\" not found"_s.arg(name), QJsonObject{{u"name"_s, name}, {u"kind"_s, u"services"_s}});
    bool isNumber = false;
    const int portNumber = port.toInt(&isNumber);
    if (isNumber) {
        // A port number names the Service port it is; the endpoints are matched by that name.
        bool found = false;
        for (const QJsonValue &p : service[u"spec"_s][u"ports"_s].toArray())
            if (p[u"port"_s].toInt() == portNumber) {
                port = p[u"name"_s].toString();
                found = true;
                break;
            }
        if (!found)
            return apiError(ApiReason::ServiceUnavailable, u"no service port %1 found for service \"%2\""_s.arg(portNumber).arg(name));
    }
    const QJsonObject endpoints = m_store.value(u"/endpoints/%1/%2"_s.arg(ns, name));
    const QJsonArray subsets = endpoints[u"subsets"_s].toArray();
    if (subsets.isEmpty())
        return apiError(ApiReason::ServiceUnavailable, u"no endpoints available for service \"%1\""_s.arg(name));
    QString host;
    int target = 0;
    for (const QJsonValue &subset : subsets) {
        const QJsonArray addresses = subset[u"addresses"_s].toArray();
        if (addresses.isEmpty())
            continue;
        for (const QJsonValue &p : subset[u"ports"_s].toArray())
            if (p[u"name"_s].toString() == port) {
                host = addresses.first()[u"ip"_s].toString();
                target = p[u"port"_s].toInt();
                break;
            }
        if (target)
            break;
    }
    if (!target)
        return apiError(ApiReason::ServiceUnavailable, u"no endpoints available for service \"%1\""_s.arg(id));
    if (!QHostAddress(host).isLoopback())
        return apiError(ApiReason::BadRequest, u"address not allowed: demo-cluster proxies only to loopback addresses (%1 is not one)"_s.arg(host));

    QUrl url;
    url.setScheme(scheme.isEmpty() ? u"http"_s : scheme);
    url.setHost(host);
    url.setPort(target);
    url.setPath(rest, QUrl::TolerantMode);
    url.setQuery(r.query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    QNetworkRequest request(url);
    for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it)
        if (forwarded(it.key()))
            request.setRawHeader(it.key(), it.value());
    request.setRawHeader("X-Forwarded-Uri", r.path.toUtf8());
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (url.scheme() == u"https"_s) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // as the API server's proxy transport
        request.setSslConfiguration(ssl);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, r.method, r.body);
    QPointer<HttpConnection> client(connection);
    connect(reply, &QNetworkReply::finished, this, [reply, client, latencyMs, this] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        HttpResponse response;
        if (status == 0) {
            response = apiError(ApiReason::ServiceUnavailable, u"error trying to reach service: %1"_s.arg(reply->errorString()));
        } else {
            response.status = status;
            response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            if (response.contentType.isEmpty())
                response.contentType = "application/octet-stream";
            response.body = reply->readAll();
        }
        if (latencyMs > 0) {
            QTimer::singleShot(latencyMs, this, [client, response] {
                if (client)
                    client->respond(response);
            });
        } else if (client) {
            client->respond(response);
        }
    });
    return {0, {}, {}};
}

} // namespace dc::demo
