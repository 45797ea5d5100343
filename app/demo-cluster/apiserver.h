#pragma once

#include "authz.h"
#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace dc {
class SchemaValidator;
}

namespace dc::demo {

struct HttpRequest;
struct HttpResponse;
class HttpConnection;
class ObjectStore;
class DeploymentController;
class CrdRegistry;
class MetricsSimulator;
class PodLogs;
class ServiceProxy;

struct ApiOptions
{
    QString user = QStringLiteral("demo-admin");
    QStringList groups = {QStringLiteral("system:masters"), QStringLiteral("system:authenticated")};
    QList<DeniedRule> denied;
    QStringList withoutGroups; // API groups (CRDs) left out, e.g. networking.istio.io
    QString token;             // required bearer token ("" = none)
    QString address;           // host:port, for discovery
    int readyAfterMs = 1500;   // how long a new pod takes to become ready
    double speed = 1;          // how much faster the kubelet's back-off runs (demos)
    int tickMs = 250;          // controller tick; 0: only when reconcile() is called
    int latencyMs = 0;         // every answer waits this long (a slow or distant server)
    int historySize = 1000;    // watch events kept for resuming; older resourceVersions get 410
    int bookmarkMs = 5000;     // BOOKMARK interval for watches that ask for them
    qint64 watchBacklogBytes = 16 * 1024 * 1024; // unsent bytes after which a watch is closed
};

/**
 * A Kubernetes API that unmodified kubectl works against. This class routes requests and
 * implements the verbs (get, list, create, update, patch, delete, the scale subresource); the
 * rest lives in its own units: ObjectStore (objects, resourceVersions, watch fan-out), patch.h
 * (merge, strategic merge, JSON patch, server-side apply), selectors.h, discovery.h, tables.h,
 * DeploymentController, MetricsSimulator and Authorizer.
 */
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ApiOptions options, QObject *parent = nullptr);
    ~ApiServer() override;

    void handle(const HttpRequest &request, HttpConnection *connection);

    /// Everything the cluster holds (objects with their managedFields) as JSON.
    [[nodiscard]] QJsonObject saveState() const;
    /// Restores a saved state; false with a message when it is not one.
    bool loadState(const QJsonObject &state, QString *error);
    /// Changes since the state was last saved or loaded.
    [[nodiscard]] qint64 resourceVersion() const;
    /// The objects (for the state database, which writes them as they change).
    [[nodiscard]] ObjectStore &store() { return *m_store; }
private:
    struct Route
    {
        const ResourceType *type = nullptr;
        QString ns;
        QString name;
        QString subresource;

        /// Storage key of the named object: "group/plural/namespace/name".
        [[nodiscard]] QString key() const { return type->id() + u'/' + ns + u'/' + name; }
    };
    HttpResponse dispatch(const HttpRequest &r);
    /// The request carries valid credentials (or none are required).
    [[nodiscard]] bool authenticated(const HttpRequest &r) const;
    bool resolveRoute(const QString &path, Route *route) const;
    HttpResponse resource(const HttpRequest &r, const Route &route);
    HttpResponse list(const HttpRequest &r, const Route &route);
    HttpResponse create(const HttpRequest &r, const Route &route);
    HttpResponse replace(const HttpRequest &r, const Route &route);
    HttpResponse patch(const HttpRequest &r, const Route &route);
    HttpResponse apply(const HttpRequest &r, const Route &route, const QJsonObject &body);
    HttpResponse remove(const HttpRequest &r, const Route &route);
    HttpResponse scale(const HttpRequest &r, const Route &route);
    /// The version a kind served in several is stored in (the first served); `t` itself when one.
    [[nodiscard]] const ResourceType *storageType(const ResourceType &t) const;
    /// A request for a version other than the storage one: converted to it, answered, and the
    /// answer converted back (apiserverversions.cpp).
    HttpResponse throughStorage(const HttpRequest &r, const Route &route, const ResourceType &storage);
    /// The openAPIV3Schema objects of a user's CRD kind are checked against ({} for other kinds).
    [[nodiscard]] QJsonObject crdSchema(const ResourceType &t) const;

    ApiOptions m_options;
    QList<ResourceType> m_types;
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<MetricsSimulator> m_metrics;
    std::unique_ptr<DeploymentController> m_controller;
    std::unique_ptr<CrdRegistry> m_crds;
    std::unique_ptr<PodLogs> m_logs;
    std::unique_ptr<ServiceProxy> m_proxy;
    HttpConnection *m_connection = nullptr; // of the request being answered (for streamed answers)
    QList<QByteArray> m_warnings; // of the request being answered (Warning headers)
    Authorizer m_authz;
    std::unique_ptr<SchemaValidator> m_schemas;
};

} // namespace dc::demo
