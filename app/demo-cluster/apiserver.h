#pragma once

#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QSet>
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

struct DeniedRule
{
    QString verb;      // "*" for any
    QString resource;  // plural, "*" for any
    QString ns;        // "" for any
};

struct ApiOptions
{
    QString user = QStringLiteral("demo-admin");
    QStringList groups = {QStringLiteral("system:masters"), QStringLiteral("system:authenticated")};
    QList<DeniedRule> denied;
    QStringList withoutGroups; // API groups (CRDs) left out, e.g. networking.istio.io
    QString token;             // required bearer token ("" = none)
    QString address;           // host:port, for discovery
};

/**
 * A Kubernetes API that unmodified kubectl works against: discovery (legacy and aggregated),
 * OpenAPI v3 with fieldValidation, CRUD, server-side apply with field managers and conflicts,
 * Table output, SelfSubjectReview and SelfSubjectAccessReview. State is in memory.
 */
class ApiServer
{
public:
    explicit ApiServer(ApiOptions options);
    ~ApiServer();

    void handle(const HttpRequest &request, HttpConnection *connection);
    /// The same, for tests without sockets (no streaming).
    HttpResponse handle(const HttpRequest &request);

    [[nodiscard]] const QList<ResourceType> &types() const { return m_types; }

private:
    struct Route;
    HttpResponse dispatch(const HttpRequest &r);
    HttpResponse discovery(const HttpRequest &r, const QString &path);
    HttpResponse openApi(const QString &path);
    HttpResponse resource(const HttpRequest &r, const Route &route);
    HttpResponse list(const HttpRequest &r, const Route &route);
    HttpResponse create(const HttpRequest &r, const Route &route);
    HttpResponse replace(const HttpRequest &r, const Route &route);
    HttpResponse patch(const HttpRequest &r, const Route &route);
    HttpResponse remove(const HttpRequest &r, const Route &route);
    HttpResponse review(const HttpRequest &r, const ResourceType &type);

    bool allowed(const QString &verb, const QString &resource, const QString &ns) const;
    QJsonObject stamp(QJsonObject object, const QJsonObject &previous, const ResourceType &type, const QString &ns);
    void store(const QString &key, const QJsonObject &object);

    ApiOptions m_options;
    QList<ResourceType> m_types;
    QMap<QString, QJsonObject> m_objects; // "group/plural/namespace/name" -> object (sorted: stable lists)
    // Server-side apply: per object, per field manager, the configuration it applied.
    QHash<QString, QHash<QString, QJsonObject>> m_applied;
    qint64 m_resourceVersion = 100;
    std::unique_ptr<SchemaValidator> m_schemas;
};

} // namespace dc::demo
