#pragma once

#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
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
    int readyAfterMs = 1500;   // how long a new pod takes to become ready
    int historySize = 1000;    // watch events kept for resuming; older resourceVersions get 410
    int bookmarkMs = 5000;     // BOOKMARK interval for watches that ask for them
};

/**
 * A Kubernetes API that unmodified kubectl works against: discovery (legacy and aggregated),
 * OpenAPI v3 with fieldValidation, CRUD, server-side apply with field managers and conflicts,
 * Table output, SelfSubjectReview and SelfSubjectAccessReview. State is in memory.
 */
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ApiOptions options, QObject *parent = nullptr);
    ~ApiServer() override;

    void handle(const HttpRequest &request, HttpConnection *connection);

    /// Everything the cluster holds (objects, applied configurations, rollouts) as JSON.
    [[nodiscard]] QJsonObject saveState() const;
    /// Restores a saved state; false with a message when it is not one.
    bool loadState(const QJsonObject &state, QString *error);
    /// Changes since the state was last saved or loaded.
    [[nodiscard]] qint64 resourceVersion() const { return m_resourceVersion; }

private:
    struct Route;
    HttpResponse dispatch(const HttpRequest &r);
    bool resolveRoute(const QString &path, Route *route) const;
    HttpResponse discovery(const HttpRequest &r, const QString &path);
    HttpResponse openApi(const QString &path);
    HttpResponse resource(const HttpRequest &r, const Route &route);
    HttpResponse list(const HttpRequest &r, const Route &route);
    HttpResponse create(const HttpRequest &r, const Route &route);
    HttpResponse replace(const HttpRequest &r, const Route &route);
    HttpResponse patch(const HttpRequest &r, const Route &route);
    HttpResponse remove(const HttpRequest &r, const Route &route);
    HttpResponse scale(const HttpRequest &r, const Route &route);
    HttpResponse review(const HttpRequest &r, const ResourceType &type);

    void watch(const HttpRequest &r, const Route &route, HttpConnection *connection);
    void notify(const QString &type, const QString &key, const QJsonObject &object);
    void reconcile();
    struct PodFailure
    {
        bool probeFailing = false; // image tagged :fail: running, never ready
        int crashRestarts = -1;    // image tagged :crash: restarts so far (-1: not crashing)
    };
    void reconcileReplicaSets(const QJsonObject &deployment, const QByteArray &hash, int revision, qint64 replicas, qint64 ready,
                              bool done, PodFailure failure);
    void recordEvent(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component);
    void expireEvents();
    qint64 m_ticks = 0;

    bool allowed(const QString &verb, const QString &resource, const QString &ns) const;
    QJsonObject stamp(QJsonObject object, const QJsonObject &previous, const ResourceType &type, const QString &ns);
    void store(const QString &key, const QJsonObject &object);
    [[nodiscard]] const ResourceType *builtinType(const QString &kind) const;
    [[nodiscard]] QByteArray jsonOf(const QString &key) const;
    static QByteArray eventLine(const QString &type, const QByteArray &objectJson);
    void erase(const QString &key);

    struct Event
    {
        qint64 resourceVersion;
        QString type; // ADDED, MODIFIED, DELETED
        QString key;
        QJsonObject object;
    };
    struct Watcher
    {
        QPointer<HttpConnection> connection;
        QString prefix; // "group/plural/"
        QString ns;
        QString labelSelector;
        QString fieldSelector;
        bool bookmarks = false;
        QString kind;
        QString apiVersion;
    };

    ApiOptions m_options;
    QList<ResourceType> m_types;
    QMap<QString, QJsonObject> m_objects; // "group/plural/namespace/name" -> object (sorted: stable lists)
    mutable QHash<QString, QByteArray> m_json; // serialized m_objects, filled on first use
    // Server-side apply: per object, per field manager, the configuration it applied.
    QHash<QString, QHash<QString, QJsonObject>> m_applied;
    qint64 m_resourceVersion = 100;
    QList<Event> m_history;
    struct Rollout
    {
        QByteArray templateHash;
        int revision = 0;
        qint64 startedMs = 0;
        qint64 lastProgressMs = 0;
        qint64 ready = 0;
    };
    QHash<QString, Rollout> m_rollouts; // deployment key -> simulated rollout
    // Simulated traffic per Deployment ("namespace/name"), for /metrics.
    struct Traffic
    {
        QMap<QString, qint64> requests; // "METHOD CODE" -> count
        QList<qint64> buckets;          // cumulative counts per latency bucket
        double sumSeconds = 0;
        qint64 count = 0;
    };
    QMap<QString, Traffic> m_traffic;
    void simulateTraffic(const QString &module, qint64 readyPods, qint64 failingPods);
    HttpResponse metrics() const;
    QList<std::shared_ptr<Watcher>> m_watchers;
    std::unique_ptr<SchemaValidator> m_schemas;
};

} // namespace dc::demo
