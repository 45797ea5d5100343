// ApiServer: kinds served in more than one version (conversion.h).
#include "apiserver.h"

#include "apierror.h"
#include "conversion.h"
#include "httpserver.h"
#include "objectstore.h"
#include "patch.h"
#include "requestbody.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace dc::demo {

const ResourceType *ApiServer::storageType(const ResourceType &t) const
{
    for (const ResourceType &candidate : m_types)
        if (candidate.group == t.group && candidate.plural == t.plural)
            return &candidate;
    return &t;
}

HttpResponse ApiServer::throughStorage(const HttpRequest &r, const Route &route, const ResourceType &storage)
{
    const ResourceType served = *route.type; // a copy: a CRD write may change the served types
    HttpRequest inner = r;
    const QString prefix = u"/apis/"_s + served.group + u'/' + served.version;
    inner.path = u"/apis/"_s + storage.group + u'/' + storage.version + r.path.mid(prefix.size());
    const QByteArray type = r.header("content-type").split(';').value(0).trimmed();
    if (r.method == "PATCH" && type == "application/json-patch+json") {
        // The operations name fields of the requested version: they are applied to that version,
        // and the result replaces the stored object.
        const auto it = m_store->objects().constFind(route.key());
        if (it == m_store->objects().constEnd())
            return notFound(served, route.name);
        PatchError error;
        const std::optional<QJsonObject> patched = applyJsonPatch(convertTo(*it, served), r.body, &error);
        if (!patched)
            return apiError(error.reason, error.message);
        inner.method = "PUT";
        inner.body = toJson(convertTo(*patched, storage));
        inner.headers.insert("content-type", "application/json");
    } else if (!r.body.isEmpty() && (r.method == "POST" || r.method == "PUT" || r.method == "PATCH")) {
        const auto decoded = decodeBody(r);
        if (const auto *bad = std::get_if<BodyError>(&decoded))
            return apiError(bad->reason, bad->message);
        inner.body = toJson(convertTo(std::get<QJsonObject>(decoded), storage));
        if (r.method != "PATCH")
            inner.headers.insert("content-type", "application/json"); // patch types read JSON too
    }
    Route stored = route;
    stored.type = &storage;
    HttpResponse response = resource(inner, stored);
    if (!response.contentType.startsWith("application/json"))
        return response;
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    const QString kind = body.value(u"kind"_s).toString();
    if (kind == storage.kind) {
        body = convertTo(body, served);
    } else if (kind == storage.kind + u"List"_s) {
        QJsonArray items;
        for (const QJsonValue &item : body.value(u"items"_s).toArray())
            items.append(convertTo(item.toObject(), served));
        body.insert(u"items"_s, items);
        body.insert(u"apiVersion"_s, served.groupVersion());
    } else {
        return response; // a Status, a Table
    }
    response.body = toJson(body);
    return response;
}

} // namespace dc::demo
