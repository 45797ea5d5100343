#include "apiserver.h"

#include "statemetrics.h"

#include "apierror.h"
#include "conversion.h"
#include "controller.h"
#include "crds.h"
#include "discovery.h"
#include "httpserver.h"
#include "metricssim.h"
#include "objectstore.h"
#include "openapi.h"
#include "managedfields.h"
#include "patch.h"
#include "podlogs.h"
#include "serviceproxy.h"
#include "requestbody.h"
#include "selectors.h"
#include "tables.h"
#include "writechecks.h"

#include "validation/schemavalidator.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// A patch that sets metadata.resourceVersion makes it a precondition (kubectl's managedFields
// upgrade does): another version is a conflict.
std::optional<HttpResponse> staleVersion(const ResourceType &t, const QJsonObject &live, const QJsonObject &patched)
{
    const QString wanted = patched.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
    const QString name = live.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    if (wanted.isEmpty() || wanted == live.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString())
        return std::nullopt;
    return apiError(ApiReason::Conflict, u"Operation cannot be fulfilled on %1 \"%2\": the object has been modified; please apply your changes to the latest version and try again"_s.arg(pluralGroup(t), name));
}

} // namespace




ApiServer::ApiServer(ApiOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(std::make_unique<ObjectStore>(ObjectStore::Options{m_options.historySize, m_options.bookmarkMs, m_options.watchBacklogBytes}))
    , m_metrics(std::make_unique<MetricsSimulator>())
    , m_authz(m_options.user, m_options.groups, m_options.denied)
    , m_schemas(std::make_unique<SchemaValidator>())
{
    for (const ResourceType &t : allResourceTypes())
        if (!(t.crd && m_options.withoutGroups.contains(t.group)))
            m_types.append(t);
    m_controller = std::make_unique<DeploymentController>(*m_store, *m_metrics, m_types,
                                                          DeploymentController::Options{m_options.readyAfterMs, m_options.speed, m_options.tickMs});
    // A cluster with the platforms installed: their namespaces exist.
    const ResourceType &nsType = *builtinType(m_types, u"Namespace"_s);
    for (const QString &ns : {u"default"_s, u"kube-system"_s, u"kube-public"_s, u"kubeflow"_s, u"istio-system"_s,
                              u"opendatahub"_s, u"odh-model-registries"_s, u"redhat-ods-applications"_s, u"rhoai-model-registries"_s}) {
        QJsonObject o{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, ns}}}};
        m_store->store(u"/namespaces//"_s + ns, m_store->stamp(o, {}, nsType, QString()));
    }
    m_logs = std::make_unique<PodLogs>(*m_store, m_controller->kubelet());
    m_proxy = std::make_unique<ServiceProxy>(*m_store);
    m_crds = std::make_unique<CrdRegistry>(*m_store, m_types, *m_schemas);
    m_crds->installBuiltins();
    installPlatformObjects(*m_store, m_types);
}

ApiServer::~ApiServer() = default;

qint64 ApiServer::resourceVersion() const
{
    return m_store->resourceVersion();
}

QJsonObject ApiServer::saveState() const
{
    QJsonObject objects;
    for (auto it = m_store->objects().constBegin(); it != m_store->objects().constEnd(); ++it)
        objects.insert(it.key(), *it);
    return QJsonObject{{u"kind"_s, u"DemoClusterState"_s}, {u"version"_s, 1}, {u"resourceVersion"_s, QString::number(m_store->resourceVersion())},
                       {u"objects"_s, objects}};
}

bool ApiServer::loadState(const QJsonObject &state, QString *error)
{
    if (state.value(u"kind"_s).toString() != u"DemoClusterState"_s || state.value(u"version"_s).toInt() != 1) {
        *error = u"not a demo-cluster state (expected kind DemoClusterState, version 1)"_s;
        return false;
    }
    const QJsonObject objects = state.value(u"objects"_s).toObject();
    QMap<QString, QJsonObject> restored;
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        const QJsonObject o = it->toObject();
        const QStringList parts = it.key().split(u'/');
        if (parts.size() != 4 || o.value(u"metadata"_s).toObject().value(u"name"_s).toString() != parts[3]) {
            *error = u"objects.%1: the key does not match the object's name"_s.arg(it.key());
            return false;
        }
        restored.insert(it.key(), o);
    }
    m_store->restore(restored, state.value(u"resourceVersion"_s).toString().toLongLong());
    m_crds->resync();
    return true;
}

bool ApiServer::authenticated(const HttpRequest &r) const
{
    // As the API server's authenticators: a client certificate its CA signed (checked at the
    // TLS handshake), else the bearer token.
    return m_options.token.isEmpty() || !r.certificateUser.isEmpty() || r.header("authorization") == "Bearer " + m_options.token.toUtf8();
}

void ApiServer::handle(const HttpRequest &r, HttpConnection *connection)
{
    const bool watching = r.method == "GET" && (r.query.queryItemValue(u"watch"_s) == u"true"_s || r.query.queryItemValue(u"watch"_s) == u"1"_s);
    if (watching && !r.query.hasQueryItem(u"sendInitialEvents"_s) && authenticated(r)) {
        Route route;
        if (resolveRoute(r.path, &route) && route.type && route.name.isEmpty() && !route.type->plural.endsWith(u"reviews"_s)) {
            HttpResponse refusal{0, {}, {}};
            (void)m_authz.identity(r, &refusal);
            if (refusal.status != 0) {
                connection->respond(refusal);
                return;
            }
            if (!m_authz.allowed(u"watch"_s, route.type->plural, route.ns)) {
                connection->respond(apiError(ApiReason::Forbidden, u"User \"%1\" cannot watch resource \"%2\""_s.arg(m_authz.user(), route.type->plural)));
                return;
            }
            const ResourceType &t = *route.type;
            WatchRequest w;
            w.prefix = t.id() + u'/';
            w.ns = t.namespaced ? route.ns : QString();
            w.labelSelector = r.query.queryItemValue(u"labelSelector"_s, QUrl::FullyDecoded);
            w.fieldSelector = r.query.queryItemValue(u"fieldSelector"_s, QUrl::FullyDecoded);
            w.bookmarks = r.query.queryItemValue(u"allowWatchBookmarks"_s) == u"true"_s;
            w.kind = t.kind;
            w.apiVersion = t.groupVersion();
            w.resourceVersion = r.query.queryItemValue(u"resourceVersion"_s).toLongLong();
            w.timeoutSeconds = r.query.queryItemValue(u"timeoutSeconds"_s).toInt();
            const bool tables = r.header("accept").contains("as=Table");
            if (tables || storageType(t) != &t) {
                // kubectl get -w: every event's object is a Table of that one object; a version
                // other than the storage one gets its objects converted.
                const TableObjects rows = tableObjectsFrom(r.query.queryItemValue(u"includeObject"_s));
                w.encode = [t, rows, tables](const QJsonObject &stored) {
                    const QJsonObject object = convertTo(stored, t);
                    if (!tables)
                        return toJson(object);
                    const QString rv = object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
                    return toJson(tableOf(t, QJsonArray{object}, QJsonObject{{u"resourceVersion"_s, rv}}, rows));
                };
            }
            m_store->watch(w, connection);
            return;
        }
    }
    m_warnings.clear();
    m_connection = connection;
    HttpResponse response = dispatch(r);
    m_connection = nullptr;
    if (response.status == 0)
        return; // answered with a stream (kubectl logs -f)
    response.warnings += m_warnings;
    if (m_options.latencyMs > 0) {
        QPointer<HttpConnection> client(connection);
        QTimer::singleShot(m_options.latencyMs, this, [client, response] {
            if (client)
                client->respond(response);
        });
        return;
    }
    connection->respond(response);
}


HttpResponse ApiServer::dispatch(const HttpRequest &r)
{
    const QString path = r.path;
    // As on a real cluster: a request without credentials is system:anonymous, which may read
    // the version and the health endpoints (system:public-info-viewer) and nothing else; a
    // wrong token is refused outright.
    const bool publicInfo = path == u"/version"_s || path == u"/healthz"_s || path == u"/readyz"_s || path == u"/livez"_s;
    if (!m_options.token.isEmpty() && r.certificateUser.isEmpty()) {
        const QByteArray credentials = r.header("authorization");
        if (!credentials.isEmpty() && credentials != "Bearer " + m_options.token.toUtf8())
            return apiError(ApiReason::Unauthorized, u"Unauthorized"_s);
        if (credentials.isEmpty() && !publicInfo)
            return apiError(ApiReason::Forbidden, u"forbidden: User \"system:anonymous\" cannot %1 path \"%2\""_s
                                                      .arg(r.method == "GET" ? u"get"_s : QString::fromUtf8(r.method).toLower(), path));
    }
    if (path == u"/healthz"_s || path == u"/readyz"_s || path == u"/livez"_s)
        return {200, "text/plain; charset=utf-8", "ok"};
    if (path == u"/metrics"_s) {
        // The simulated traffic, then what kube-state-metrics and cAdvisor would add.
        HttpResponse response = m_metrics->metrics();
        response.body += stateMetrics(*m_store, QDateTime::currentDateTimeUtc());
        return response;
    }
    if (path == u"/version"_s) {
        return json(QJsonObject{{u"major"_s, u"1"_s}, {u"minor"_s, u"32"_s}, {u"gitVersion"_s, u"v1.32.0-demo"_s},
                                {u"gitCommit"_s, u"0000000000000000000000000000000000000000"_s}, {u"gitTreeState"_s, u"clean"_s},
                                {u"buildDate"_s, u"2026-01-01T00:00:00Z"_s}, {u"goVersion"_s, u"go1.23.0"_s},
                                {u"compiler"_s, u"gc"_s}, {u"platform"_s, u"linux/amd64"_s}});
    }
    if (path.startsWith(u"/openapi/"_s))
        return openApi(m_types, path, [this](const ResourceType &t) {
            return t.crd ? m_crds->schemaOf(t)
                         : builtinSchema(t, m_schemas->schemaFile(t.groupVersion(), t.kind), m_schemas->schemaFile(u"apps/v1"_s, u"Deployment"_s));
        });
    const QStringList segs = path.split(u'/', Qt::SkipEmptyParts);
    if (segs.isEmpty() || (segs[0] != u"api"_s && segs[0] != u"apis"_s))
        return apiError(ApiReason::NotFound, u"the server could not find the requested resource"_s);
    if ((segs[0] == u"api"_s && segs.size() <= 2) || (segs[0] == u"apis"_s && segs.size() <= 3))
        return discovery(m_types, m_options.address, r, path);
    Route route;
    resolveRoute(path, &route);
    if (!route.type)
        return apiError(ApiReason::NotFound, u"the server could not find the requested resource (%1 %2)"_s.arg(QString::fromUtf8(r.method), path));
    return resource(r, route);
}

bool ApiServer::resolveRoute(const QString &path, Route *route) const
{
    const QStringList segs = path.split(u'/', Qt::SkipEmptyParts);
    QString group, version;
    QStringList rest;
    if (segs.size() > 2 && segs[0] == u"api"_s) {
        version = segs[1];
        rest = segs.mid(2);
    } else if (segs.size() > 3 && segs[0] == u"apis"_s) {
        group = segs[1];
        version = segs[2];
        rest = segs.mid(3);
    } else {
        return false;
    }
    auto find = [&](const QString &plural) -> const ResourceType * {
        for (const ResourceType &t : m_types)
            if (t.group == group && t.version == version && t.plural == plural)
                return &t;
        return nullptr;
    };
    if (rest.size() >= 3 && rest[0] == u"namespaces"_s && find(rest[2]) && find(rest[2])->namespaced) {
        route->ns = rest[1];
        route->type = find(rest[2]);
        route->name = rest.value(3);
        route->subresource = rest.value(4);
    } else if (rest.size() >= 3 && rest[0] == u"namespaces"_s && rest[2] != u"status"_s && rest[2] != u"finalize"_s) {
        route->type = nullptr; // a resource this API group version does not serve
    } else {
        route->type = find(rest[0]);
        route->name = rest.value(1);
        route->subresource = rest.value(2);
    }
    return route->type != nullptr;
}


// The scale subresource (kubectl scale): an autoscaling/v1 Scale view of spec.replicas.
HttpResponse ApiServer::scale(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString verb = r.method == "GET" ? u"get"_s : r.method == "PUT" ? u"update"_s : r.method == "PATCH" ? u"patch"_s : QString();
    if (verb.isEmpty())
        return apiError(ApiReason::MethodNotAllowed, u"the scale subresource supports get, update and patch"_s);
    if (!m_authz.allowed(verb, t.plural + u"/scale"_s, route.ns) || !m_authz.allowed(verb, t.plural, route.ns))
        return apiError(ApiReason::Forbidden, u"%1 \"%2\" is forbidden: User \"%3\" cannot %4 resource \"%5/scale\" in API group \"%6\" in the namespace \"%7\""_s.arg(
                                              pluralGroup(t), route.name, m_authz.user(), verb, t.plural, t.group, route.ns));
    const auto it = m_store->objects().constFind(route.key());
    if (it == m_store->objects().constEnd())
        return notFound(t, route.name);
    auto view = [](const QJsonObject &o) {
        const QJsonObject meta = o.value(u"metadata"_s).toObject();
        const QJsonObject spec = o.value(u"spec"_s).toObject();
        QStringList selector;
        const QJsonObject match = spec.value(u"selector"_s).toObject().value(u"matchLabels"_s).toObject();
        for (auto m = match.begin(); m != match.end(); ++m)
            selector << m.key() + u'=' + m->toString();
        QJsonObject scaleMeta;
        for (const QString &k : {u"name"_s, u"namespace"_s, u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s})
            scaleMeta.insert(k, meta.value(k));
        return QJsonObject{{u"kind"_s, u"Scale"_s}, {u"apiVersion"_s, u"autoscaling/v1"_s}, {u"metadata"_s, scaleMeta},
                           {u"spec"_s, QJsonObject{{u"replicas"_s, spec.value(u"replicas"_s).toInteger(1)}}},
                           {u"status"_s, QJsonObject{{u"replicas"_s, o.value(u"status"_s).toObject().value(u"replicas"_s).toInteger()},
                                                     {u"selector"_s, selector.join(u',')}}}};
    };
    if (verb == u"get"_s)
        return json(view(*it));
    const QByteArray type = r.header("content-type").split(';').first().trimmed();
    if (verb == u"patch"_s && type != "application/merge-patch+json" && type != "application/strategic-merge-patch+json")
        return apiError(ApiReason::UnsupportedMediaType, u"the scale subresource accepts merge and strategic merge patches"_s);
    const auto decoded = decodeBody(r);
    if (const auto *bad = std::get_if<BodyError>(&decoded))
        return apiError(bad->reason, bad->message);
    const QJsonObject &body = std::get<QJsonObject>(decoded);
    const QJsonObject wanted = verb == u"patch"_s ? mergePatch(view(*it), body) : body;
    const QJsonValue replicas = wanted.value(u"spec"_s).toObject().value(u"replicas"_s);
    if (!replicas.isDouble() || replicas.toDouble() < 0 || replicas.toDouble() != double(replicas.toInteger()))
        return apiError(ApiReason::Invalid, u"Scale \"%1\" is invalid: spec.replicas: Invalid value: must be a non-negative integer"_s.arg(route.name));
    QJsonObject object = *it;
    QJsonObject spec = object.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, replicas.toInteger());
    object.insert(u"spec"_s, spec);
    object = m_store->stamp(recordOwnership(r, t, *it, object, u"scale"_s), *it, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        m_store->store(route.key(), object);
    return json(view(object));
}


HttpResponse ApiServer::resource(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    HttpResponse refusal{0, {}, {}};
    const Identity who = m_authz.identity(r, &refusal);
    if (refusal.status != 0)
        return refusal;
    if (t.kind == u"Service"_s && t.group.isEmpty() && route.subresource == u"proxy"_s && !route.name.isEmpty()) {
        static const QHash<QByteArray, QString> verbs{{"GET", u"get"_s}, {"HEAD", u"get"_s}, {"POST", u"create"_s}, {"PUT", u"update"_s}, {"PATCH", u"patch"_s}, {"DELETE", u"delete"_s}};
        const QString verb = verbs.value(r.method, u"get"_s);
        if (!m_authz.allowed(verb, u"services/proxy"_s, route.ns))
            return apiError(ApiReason::Forbidden, u"services \"%1\" is forbidden: User \"%2\" cannot %3 resource \"services/proxy\" in API group \"\" in the namespace \"%4\""_s.arg(
                                                      route.name, who.user, verb, route.ns));
        const QString prefix = u"/api/v1/namespaces/%1/services/%2/proxy"_s.arg(route.ns, route.name);
        const QString rest = r.path.startsWith(prefix) ? r.path.mid(prefix.size()) : QString();
        return m_proxy->serve(r, route.ns, route.name, rest.isEmpty() ? u"/"_s : rest, m_connection, m_options.latencyMs);
    }
    if (r.query.hasQueryItem(u"sendInitialEvents"_s))
        return apiError(ApiReason::BadRequest, u"sendInitialEvents is not supported by demo-cluster; use list and watch"_s);
    if (r.query.hasQueryItem(u"watch"_s) && r.query.queryItemValue(u"watch"_s) != u"false"_s)
        return apiError(ApiReason::MethodNotAllowed, u"watch is only served for collections"_s);
    if (route.subresource == u"scale"_s && t.subresources.contains(u"scale"_s) && !route.name.isEmpty())
        return scale(r, route);
    if (t.kind == u"Pod"_s && t.group.isEmpty() && !route.name.isEmpty()) {
        if (route.subresource == u"log"_s) {
            if (r.method != "GET")
                return apiError(ApiReason::MethodNotAllowed, u"the log subresource supports get"_s);
            if (!m_authz.allowed(u"get"_s, u"pods/log"_s, route.ns))
                return apiError(ApiReason::Forbidden, u"pods \"%1\" is forbidden: User \"%2\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"%3\""_s.arg(
                                                          route.name, m_authz.user(), route.ns));
            if (!m_store->contains(route.key()))
                return notFound(t, route.name);
            return m_logs->serve(r, route.key(), m_connection);
        }
        if (route.subresource == u"exec"_s || route.subresource == u"attach"_s || route.subresource == u"portforward"_s)
            return apiError(ApiReason::BadRequest, u"demo-cluster simulates its containers: there is no process to %1 (kubectl exec, attach and port-forward are not available; kubectl logs is)"_s
                                                       .arg(route.subresource == u"portforward"_s ? u"forward a port to"_s : route.subresource + u" into"_s));
    }
    if (!route.subresource.isEmpty() && route.subresource != u"status"_s)
        return apiError(ApiReason::NotFound, u"the subresource %1 is not implemented in demo-cluster"_s.arg(route.subresource));
    if (t.plural.endsWith(u"reviews"_s)) {
        if (r.method != "POST")
            return apiError(ApiReason::MethodNotAllowed, u"%1 only supports create"_s.arg(t.plural));
        return m_authz.review(r, t, who, m_types);
    }
    if (r.header("content-type").startsWith("application/vnd.kubernetes.protobuf") && r.method != "POST")
        return apiError(ApiReason::UnsupportedMediaType, u"demo-cluster reads protobuf request bodies only for create; send JSON or YAML"_s);
    QString verb;
    if (r.method == "GET")
        verb = route.name.isEmpty() ? u"list"_s : u"get"_s;
    else if (r.method == "POST")
        verb = u"create"_s;
    else if (r.method == "PUT")
        verb = u"update"_s;
    else if (r.method == "PATCH")
        verb = u"patch"_s;
    else if (r.method == "DELETE")
        verb = route.name.isEmpty() ? u"deletecollection"_s : u"delete"_s;
    else
        return apiError(ApiReason::MethodNotAllowed, u"method %1 is not allowed"_s.arg(QString::fromUtf8(r.method)));
    if (!m_authz.allowed(verb, t.plural, route.ns))
        return apiError(ApiReason::Forbidden,
                      u"%1 is forbidden: User \"%2\" cannot %3 resource \"%4\" in API group \"%5\"%6"_s.arg(
                          pluralGroup(t) + (route.name.isEmpty() ? QString() : u" \""_s + route.name + u'"'), m_authz.user(), verb, t.plural, t.group,
                          route.ns.isEmpty() ? u" at the cluster scope"_s : u" in the namespace \""_s + route.ns + u'"'),
                      QJsonObject{{u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
    if (const ResourceType *storage = storageType(t); storage != &t)
        return throughStorage(r, route, *storage);
    if (verb == u"list"_s)
        return list(r, route);
    if (verb == u"get"_s) {
        const auto it = m_store->objects().constFind(route.key());
        if (it == m_store->objects().constEnd())
            return notFound(t, route.name);
        if (r.header("accept").contains("as=Table"))
            return json(tableOf(t, QJsonArray{*it}, QJsonObject{{u"resourceVersion"_s, QString::number(m_store->resourceVersion())}},
                                tableObjectsFrom(r.query.queryItemValue(u"includeObject"_s))));
        return json(*it);
    }
    if (verb == u"create"_s)
        return create(r, route);
    if (verb == u"update"_s)
        return replace(r, route);
    if (verb == u"patch"_s)
        return patch(r, route);
    if (verb == u"delete"_s)
        return remove(r, route);
    return apiError(ApiReason::MethodNotAllowed, u"deletecollection is not implemented in demo-cluster"_s);
}


QJsonObject ApiServer::crdSchema(const ResourceType &t) const
{
    // The cluster's own CRD kinds are checked against the project's schema files.
    if (!t.crd || !m_schemas->schemaFile(t.groupVersion(), t.kind).isEmpty())
        return {};
    return m_crds->schemaOf(t);
}

HttpResponse ApiServer::list(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString prefix = t.id() + u'/';
    const QString labelSelector = r.query.queryItemValue(u"labelSelector"_s, QUrl::FullyDecoded);
    const QString fieldSelector = r.query.queryItemValue(u"fieldSelector"_s, QUrl::FullyDecoded);
    const int limit = r.query.queryItemValue(u"limit"_s).toInt();
    const QString after = QString::fromUtf8(QByteArray::fromBase64(r.query.queryItemValue(u"continue"_s).toLatin1()));
    QStringList keys;
    QString lastKey;
    bool more = false;
    const QMap<QString, QJsonObject> &objects = m_store->objects();
    for (auto it = objects.lowerBound(prefix); it != objects.end() && it.key().startsWith(prefix); ++it) {
        if (!after.isEmpty() && it.key() <= after)
            continue;
        const QJsonObject meta = it->value(u"metadata"_s).toObject();
        if (t.namespaced && !route.ns.isEmpty() && meta.value(u"namespace"_s).toString() != route.ns)
            continue;
        if (!labelSelector.isEmpty() && !labelsMatch(meta.value(u"labels"_s).toObject(), labelSelector))
            continue;
        if (!fieldSelector.isEmpty() && !fieldsMatch(*it, fieldSelector))
            continue;
        if (limit > 0 && keys.size() >= limit) {
            more = true;
            break;
        }
        keys.append(it.key());
        lastKey = it.key();
    }
    QJsonObject listMeta{{u"resourceVersion"_s, QString::number(m_store->resourceVersion())}};
    if (more)
        listMeta.insert(u"continue"_s, QString::fromLatin1(lastKey.toUtf8().toBase64()));
    if (r.header("accept").contains("as=Table")) {
        QJsonArray items;
        for (const QString &k : std::as_const(keys))
            items.append(m_store->value(k));
        return json(tableOf(t, items, listMeta, tableObjectsFrom(r.query.queryItemValue(u"includeObject"_s))));
    }
    // The list as QJsonDocument would write it (keys in order), from the cached objects.
    QByteArray body = "{\"apiVersion\":\"" + t.groupVersion().toLatin1() + "\",\"items\":[";
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i)
            body += ',';
        body += m_store->jsonOf(keys[i]);
    }
    body += "],\"kind\":\"" + t.kind.toLatin1() + "List\",\"metadata\":" + toJson(listMeta) + '}';
    return {200, "application/json", body};
}


HttpResponse ApiServer::create(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    // kubectl's typed create commands (create namespace, configmap, secret, ...) send protobuf.
    const auto decoded = decodeBody(r);
    if (const auto *bad = std::get_if<BodyError>(&decoded))
        return apiError(bad->reason, bad->message);
    QJsonObject object = withoutNulls(std::get<QJsonObject>(decoded));
    if (object.value(u"kind"_s).toString() != t.kind || object.value(u"apiVersion"_s).toString() != t.groupVersion())
        return apiError(ApiReason::BadRequest, u"the API version in the data (%1) and the kind (%2) do not match the resource %3"_s.arg(
                                                 object.value(u"apiVersion"_s).toString(), object.value(u"kind"_s).toString(), pluralGroup(t)));
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (meta.value(u"name"_s).toString().isEmpty() && !meta.value(u"generateName"_s).toString().isEmpty()) {
        meta.insert(u"name"_s, QString(meta.value(u"generateName"_s).toString() + QUuid::createUuid().toString(QUuid::Id128).left(5)));
        object.insert(u"metadata"_s, meta);
    }
    const QString name = meta.value(u"name"_s).toString();
    if (name.isEmpty())
        return apiError(ApiReason::Invalid, u"%1 \"\" is invalid: metadata.name: Required value: name or generateName is required"_s.arg(t.kind));
    if (auto bad = invalidName(t, name))
        return *bad;
    if (t.namespaced && !meta.value(u"namespace"_s).toString().isEmpty() && meta.value(u"namespace"_s).toString() != route.ns)
        return apiError(ApiReason::BadRequest, u"the namespace of the provided object does not match the namespace sent on the request"_s);
    if (t.namespaced && !m_store->contains(u"/namespaces//"_s + route.ns))
        return apiError(ApiReason::NotFound, u"namespaces \"%1\" not found"_s.arg(route.ns), QJsonObject{{u"name"_s, route.ns}, {u"kind"_s, u"namespaces"_s}});
    if (t.subresources.contains(u"status"_s))
        object.remove(u"status"_s); // a new object's status is the controllers' to write
    const QString key = t.id() + u'/' + route.ns + u'/' + name;
    if (m_store->contains(key))
        return apiError(ApiReason::AlreadyExists, u"%1 \"%2\" already exists"_s.arg(pluralGroup(t), name),
                      QJsonObject{{u"name"_s, name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
    if (auto bad = checkWrite(*m_schemas, object, r.query.queryItemValue(u"fieldValidation"_s), &m_warnings, crdSchema(t)))
        return *bad;
    object = m_store->stamp(recordOwnership(r, t, {}, object), {}, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        m_store->store(key, object);
    return json(object, 201);
}

HttpResponse ApiServer::replace(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const auto it = m_store->objects().constFind(key);
    if (it == m_store->objects().constEnd())
        return notFound(t, route.name);
    const auto decoded = decodeBody(r);
    if (const auto *bad = std::get_if<BodyError>(&decoded))
        return apiError(bad->reason, bad->message);
    const QJsonObject *body = &std::get<QJsonObject>(decoded);
    const QString rv = body->value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
    if (!rv.isEmpty() && rv != it->value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString())
        return apiError(ApiReason::Conflict, u"Operation cannot be fulfilled on %1 \"%2\": the object has been modified; please apply your changes to the latest version and try again"_s.arg(pluralGroup(t), route.name));
    QJsonObject object = withoutNulls(*body);
    if (route.subresource == u"status"_s) {
        QJsonObject updated = *it;
        updated.insert(u"status"_s, object.value(u"status"_s));
        QJsonObject meta = updated.value(u"metadata"_s).toObject();
        meta.insert(u"resourceVersion"_s, m_store->nextResourceVersion());
        updated.insert(u"metadata"_s, meta);
        m_store->store(key, updated);
        return json(updated);
    }
    if (auto bad = checkWrite(*m_schemas, object, r.query.queryItemValue(u"fieldValidation"_s), &m_warnings, crdSchema(t), *it))
        return *bad;
    object = m_store->stamp(recordOwnership(r, t, *it, object), *it, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        m_store->store(key, object);
    return json(object);
}

HttpResponse ApiServer::patch(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const QByteArray type = r.header("content-type").split(';').value(0).trimmed();
    const bool dryRun = r.query.queryItemValue(u"dryRun"_s) == u"All"_s;
    const auto existing = m_store->objects().constFind(key);
    const bool exists = existing != m_store->objects().constEnd();
    if (type == "application/json-patch+json") {
        if (!exists)
            return notFound(t, route.name);
        PatchError error;
        const std::optional<QJsonObject> result = applyJsonPatch(*existing, r.body, &error);
        if (!result)
            return apiError(error.reason, error.message);
        QJsonObject cleaned = withoutNulls(*result);
        if (auto conflict = staleVersion(t, *existing, cleaned))
            return *conflict;
        if (auto bad = checkWrite(*m_schemas, cleaned, r.query.queryItemValue(u"fieldValidation"_s), &m_warnings, crdSchema(t), *existing))
            return *bad;
        QJsonObject patched = m_store->stamp(recordOwnership(r, t, *existing, cleaned), *existing, t, route.ns);
        if (!dryRun)
            m_store->store(key, patched);
        return json(patched);
    }
    const auto decoded = decodeBody(r);
    if (const auto *bad = std::get_if<BodyError>(&decoded))
        return apiError(bad->reason, bad->message);
    const QJsonObject &body = std::get<QJsonObject>(decoded);
    if (type == "application/apply-patch+yaml")
        return apply(r, route, body);
    if (!exists)
        return notFound(t, route.name);
    const bool strategic = type == "application/strategic-merge-patch+json";
    if (strategic && t.crd)
        return apiError(ApiReason::UnsupportedMediaType, u"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"_s);
    if (type == "application/merge-patch+json" || strategic) {
        QJsonObject patched = strategic ? strategicMerge(*existing, body) : mergePatch(*existing, body);
        if (route.subresource == u"status"_s) {
            QJsonObject updated = *existing;
            updated.insert(u"status"_s, patched.value(u"status"_s));
            patched = updated;
            QJsonObject meta = patched.value(u"metadata"_s).toObject();
            meta.insert(u"resourceVersion"_s, m_store->nextResourceVersion());
            patched.insert(u"metadata"_s, meta);
        } else {
            patched = withoutNulls(patched); // a null the patch leaves in place decodes as unset
            if (auto conflict = staleVersion(t, *existing, patched))
                return *conflict;
            if (auto bad = checkWrite(*m_schemas, patched, r.query.queryItemValue(u"fieldValidation"_s), &m_warnings, crdSchema(t), *existing))
                return *bad;
            patched = m_store->stamp(recordOwnership(r, t, *existing, patched), *existing, t, route.ns);
        }
        if (!dryRun)
            m_store->store(key, patched);
        return json(patched);
    }
    return apiError(ApiReason::UnsupportedMediaType, u"the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"_s);
}

// Server-side apply (kubectl apply --server-side, and the console's apply): see serverSideApply().
HttpResponse ApiServer::apply(const HttpRequest &r, const Route &route, const QJsonObject &body)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const bool dryRun = r.query.queryItemValue(u"dryRun"_s) == u"All"_s;
    const QString manager = r.query.queryItemValue(u"fieldManager"_s);
    if (manager.isEmpty())
        return apiError(ApiReason::BadRequest, u"PATCH requests with the apply content type must specify fieldManager"_s);
    QJsonObject applied = withoutNulls(body);
    if (applied.value(u"kind"_s).toString() != t.kind || applied.value(u"apiVersion"_s).toString() != t.groupVersion())
        return apiError(ApiReason::BadRequest, u"the apiVersion and kind of the applied object (%1 %2) do not match the URL (%3)"_s.arg(
                                                   applied.value(u"apiVersion"_s).toString(), applied.value(u"kind"_s).toString(), pluralGroup(t)));
    QJsonObject am = applied.value(u"metadata"_s).toObject();
    if (am.value(u"name"_s).toString() != route.name)
        return apiError(ApiReason::BadRequest, u"the name of the applied object does not match the name in the URL"_s);
    if (t.namespaced && !m_store->contains(u"/namespaces//"_s + route.ns))
        return apiError(ApiReason::NotFound, u"namespaces \"%1\" not found"_s.arg(route.ns), QJsonObject{{u"name"_s, route.ns}, {u"kind"_s, u"namespaces"_s}});
    for (const QString &k : {u"managedFields"_s, u"resourceVersion"_s, u"uid"_s, u"creationTimestamp"_s, u"generation"_s})
        am.remove(k);
    applied.insert(u"metadata"_s, am);
    // Under Warn and Ignore, unknown fields are dropped from the configuration itself (so no
    // manager owns them); its values, and under Strict its fields, are checked on the merged object.
    const QString fieldValidation = r.query.queryItemValue(u"fieldValidation"_s);
    if (fieldValidation == u"Warn"_s || fieldValidation == u"Ignore"_s)
        if (auto bad = checkWrite(*m_schemas, applied, fieldValidation, &m_warnings, crdSchema(t)); bad && bad->status == 400)
            return *bad;
    const QJsonObject live = m_store->value(key);
    const bool created = !m_store->contains(key);
    if (created)
        if (auto bad = invalidName(t, route.name))
            return *bad;
    ApplyResult result = serverSideApply(live, applied, fieldWriter(r, u"Apply"_s, t), r.query.queryItemValue(u"force"_s) == u"true"_s);
    if (!result.conflicts.isEmpty())
        return apiError(ApiReason::Conflict,
                        u"Apply failed with %1 conflict%2: %3"_s.arg(result.conflicts.size())
                            .arg(result.conflicts.size() == 1 ? QString() : u"s"_s, result.conflictText.join(u"\n"_s)),
                        QJsonObject{{u"causes"_s, result.conflicts}, {u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
    // The merged object is what must be valid (a partial configuration lacks required fields).
    QJsonObject checked = result.object;
    if (auto bad = checkWrite(*m_schemas, checked, r.query.queryItemValue(u"fieldValidation"_s), &m_warnings, crdSchema(t), live))
        return *bad;
    const QJsonObject merged = m_store->stamp(checked == result.object ? checked : withOwnershipPruned(checked), live, t, route.ns);
    if (!dryRun)
        m_store->store(key, merged);
    return json(merged, created ? 201 : 200);
}

HttpResponse ApiServer::remove(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const auto it = m_store->objects().constFind(key);
    if (it == m_store->objects().constEnd())
        return notFound(t, route.name);
    if (r.query.queryItemValue(u"dryRun"_s) == u"All"_s)
        return json(*it);
    if (t.kind == u"Namespace"_s) {
        // Everything in the namespace goes with it.
        QStringList inside;
        for (auto o = m_store->objects().constBegin(); o != m_store->objects().constEnd(); ++o)
            if (o->value(u"metadata"_s).toObject().value(u"namespace"_s).toString() == route.name)
                inside << o.key();
        for (const QString &k : std::as_const(inside))
            m_store->erase(k);
    }
    m_store->erase(key);
    return apiError(ApiReason::Success, QString(), QJsonObject{{u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
}

} // namespace dc::demo
