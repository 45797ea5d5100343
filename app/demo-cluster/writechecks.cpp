#include "writechecks.h"

#include "apierror.h"
#include "jobs.h"
#include "managedfields.h"

#include "manifests/kinds.h"
#include "manifests/node.h"
#include "validation/finding.h"
#include "validation/schemavalidator.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// Removes `name` from the object at `path` ("spec.template.spec.containers[0]") inside `value`.
QJsonValue withoutField(const QJsonValue &value, QStringView path, const QString &name)
{
    if (path.isEmpty()) {
        QJsonObject o = value.toObject();
        o.remove(name);
        return o;
    }
    // The first step: "key", "key[2]" or "[2]".
    qsizetype end = 0;
    while (end < path.size() && path[end] != u'.' && (path[end] != u'[' || end == 0))
        ++end;
    if (path[0] == u'[') {
        const qsizetype close = path.indexOf(u']');
        const int index = path.mid(1, close - 1).toInt();
        QJsonArray a = value.toArray();
        if (index >= 0 && index < a.size())
            a[index] = withoutField(a.at(index), path.mid(close + 1).startsWith(u'.') ? path.mid(close + 2) : path.mid(close + 1), name);
        return a;
    }
    const QString key = path.left(end).toString();
    QStringView rest = path.mid(end);
    if (rest.startsWith(u'.'))
        rest = rest.mid(1);
    QJsonObject o = value.toObject();
    if (o.contains(key))
        o.insert(key, withoutField(o.value(key), rest, name));
    return o;
}

} // namespace

// What every write is checked with before it is stored: the size limits and the JSON schemas.
// Unknown fields are refused under Strict (the default); under Warn they are dropped and named in
// Warning headers, under Ignore dropped silently, as a real API server does.
std::optional<HttpResponse> checkWrite(const SchemaValidator &schemas, QJsonObject &object, const QString &mode, QList<QByteArray> *warnings,
                                       const QJsonObject &crdSchema, const QJsonObject &previous)
{
    const QString kind = object.value(u"kind"_s).toString();
    const QString name = object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    // ConfigMaps and Secrets hold at most 1 MiB (keys and values), as etcd's object size allows.
    if (kind == u"ConfigMap"_s || kind == u"Secret"_s) {
        qint64 total = 0;
        for (const char *field : {"data", "binaryData", "stringData"}) {
            const QJsonObject map = object.value(QString::fromLatin1(field)).toObject();
            const bool base64 = kind == u"Secret"_s ? QLatin1String(field) == QLatin1String("data") : QLatin1String(field) == QLatin1String("binaryData");
            for (auto it = map.begin(); it != map.end(); ++it) {
                const qint64 size = it->toString().toUtf8().size();
                total += it.key().toUtf8().size() + (base64 ? size / 4 * 3 : size);
            }
        }
        if (total > 1024 * 1024)
            return apiError(ApiReason::Invalid, u"%1 \"%2\" is invalid: []: Too long: must have at most 1048576 bytes"_s.arg(kind, name));
    }
    if (const std::optional<QString> problem = batchProblem(object))
        return apiError(ApiReason::Invalid, u"%1.batch \"%2\" is invalid: %3"_s.arg(kind, name, *problem));
    // What the server sets itself (timestamps, field ownership) is not the client's to get wrong.
    QJsonObject checked = object;
    QJsonObject meta = checked.value(u"metadata"_s).toObject();
    for (const QString &k : {u"managedFields"_s, u"creationTimestamp"_s, u"deletionTimestamp"_s})
        meta.remove(k);
    checked.insert(u"metadata"_s, meta);
    checked.remove(u"status"_s); // the main resource never sets it (the status subresource does)
    // Unchanged parts were checked when they were stored (often most of a write: an apply that
    // changes an annotation leaves the spec as it was).
    QStringList unchanged;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != u"metadata"_s && it.key() != u"apiVersion"_s && it.key() != u"kind"_s && previous.value(it.key()) == *it) {
            unchanged << it.key();
            checked.remove(it.key());
        }
    }
    const Node node = Node::fromJson(checked);
    const QList<Finding> findings = crdSchema.isEmpty() ? schemas.validate(node) : schemas.validateAgainst(node, crdSchema);
    QStringList unknown, invalid;
    const bool lenient = mode == u"Warn"_s || mode == u"Ignore"_s;
    for (const Finding &f : findings) {
        if (f.id == u"unknown-kind"_s)
            continue; // the server knows the kind; our schema set may not
        if (f.path.isEmpty() && std::any_of(unchanged.cbegin(), unchanged.cend(), [&](const QString &k) {
                return f.message == u"missing required field \"%1\""_s.arg(k);
            }))
            continue; // left out of the check above, not of the object
        if (f.unknownField && lenient) {
            QJsonValue v = withoutField(object, f.path, f.unknownFieldName);
            object = v.toObject();
            if (mode == u"Warn"_s)
                warnings->append(u"unknown field \"%1\""_s.arg(f.path.isEmpty() ? f.unknownFieldName : f.path + u'.' + f.unknownFieldName).toUtf8());
            continue;
        }
        if (f.unknownField) // as the API server's strict decoder names it
            unknown << u"unknown field \"%1\""_s.arg(f.path.isEmpty() ? f.unknownFieldName : f.path + u'.' + f.unknownFieldName);
        else
            invalid << (f.path.isEmpty() ? f.message : f.path + u": "_s + f.message);
    }
    // fieldValidation decides about unknown fields only; wrong values are refused whatever it says
    // (kubectl --validate=false sends Ignore and still gets 422 for replicas: "three").
    if (!unknown.isEmpty())
        return apiError(ApiReason::BadRequest, u"strict decoding error: "_s + unknown.join(u", "_s));
    if (!invalid.isEmpty())
        return apiError(ApiReason::Invalid, kind + u" \""_s + name + u"\" is invalid: "_s + invalid.join(u", "_s));
    return std::nullopt;
}

// metadata.name by the kind's rule, as the API server answers a name it refuses.
std::optional<HttpResponse> invalidName(const ResourceType &t, const QString &name)
{
    const QString problem = checkObjectName(t.kind, name);
    if (problem.isEmpty())
        return std::nullopt;
    return apiError(ApiReason::Invalid, u"%1 \"%2\" is invalid: metadata.name: Invalid value: \"%2\": %3"_s.arg(t.kind, name, problem),
                    QJsonObject{{u"name"_s, name}, {u"group"_s, t.group}, {u"kind"_s, t.kind},
                                {u"causes"_s, QJsonArray{QJsonObject{{u"reason"_s, u"FieldValueInvalid"_s},
                                                                     {u"message"_s, u"Invalid value: \"%1\": %2"_s.arg(name, problem)},
                                                                     {u"field"_s, u"metadata.name"_s}}}}});
}


FieldWriter fieldWriter(const HttpRequest &request, const QString &operation, const ResourceType &type, const QString &subresource)
{
    QString manager = request.query.queryItemValue(u"fieldManager"_s, QUrl::FullyDecoded);
    if (manager.isEmpty())
        manager = QString::fromUtf8(request.header("user-agent").split('/').value(0)).left(128);
    if (manager.isEmpty())
        manager = u"unknown"_s;
    return {manager, operation, type.groupVersion(), now(), subresource};
}

QJsonObject recordOwnership(const HttpRequest &request, const ResourceType &type, const QJsonObject &before, const QJsonObject &after,
                            const QString &subresource)
{
    const QJsonValue sent = after.value(u"metadata"_s).toObject().value(u"managedFields"_s);
    const QJsonValue live = before.value(u"metadata"_s).toObject().value(u"managedFields"_s);
    const QList<ManagedEntry> base = sent.isArray() && sent != live ? managedEntries(after) : managedEntries(before);
    return withManagedFields(after, recordUpdate(base, before, after, fieldWriter(request, u"Update"_s, type, subresource)));
}

} // namespace dc::demo
