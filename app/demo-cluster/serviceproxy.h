#pragma once

#include "httpserver.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace dc::demo {

class ObjectStore;

/**
 * The API server's service proxy: `/api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy/PATH`
 * forwards the request to an address of the Service's Endpoints, as kube-apiserver's
 * ResourceLocation picks it: a port number is first turned into the Service port's name, then
 * an endpoint port of that name is looked for; no Service port of that number, no Endpoints or
 * no such endpoint port is 503 ServiceUnavailable. The caller's credentials end at the API
 * server (the Authorization header is not forwarded); an https backend's certificate is not
 * verified (as the API server's proxy transport does not). One difference, on purpose: the
 * real API server refuses loopback endpoint addresses, demo-cluster allows only those (it
 * serves on 127.0.0.1, and its Endpoints point at local processes such as a Prometheus).
 */
class ServiceProxy : public QObject
{
    Q_OBJECT
public:
    explicit ServiceProxy(const ObjectStore &store, QObject *parent = nullptr);
    ~ServiceProxy() override;

    /// Answers `r` for Service id `id` ("name", "name:port", "scheme:name:port") in `ns`, the rest
    /// of the path being `rest` ("/" at least). Returns the error to answer, or status 0 when the
    /// answer comes later on `connection` (after `latencyMs`, a slow server).
    HttpResponse serve(const HttpRequest &r, const QString &ns, const QString &id, const QString &rest, HttpConnection *connection, int latencyMs);

private:
    const ObjectStore &m_store;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace dc::demo
