#include "apiserver.h"
#include "protobuf.h"

#include "httpserver.h"
#include "manifests/node.h"
#include "manifests/yaml.h"
#include "validation/finding.h"
#include "validation/schemavalidator.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

constexpr auto AggregatedType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpResponse json(const QJsonObject &o, int status = 200, const QByteArray &type = "application/json")
{
    return {status, type, toJson(o)};
}

QString pluralGroup(const ResourceType &t)
{
    return t.group.isEmpty() ? t.plural : t.plural + u'.' + t.group;
}

HttpResponse status(int code, const QString &reason, const QString &message, const QJsonObject &details = {})
{
    QJsonObject s{{u"kind"_s, u"Status"_s}, {u"apiVersion"_s, u"v1"_s}, {u"metadata"_s, QJsonObject()},
                  {u"status"_s, code < 400 ? u"Success"_s : u"Failure"_s}, {u"message"_s, message}, {u"reason"_s, reason},
                  {u"code"_s, code}};
    if (!details.isEmpty())
        s.insert(u"details"_s, details);
    return json(s, code);
}

HttpResponse notFound(const ResourceType &t, const QString &name)
{
    return status(404, u"NotFound"_s, u"%1 \"%2\" not found"_s.arg(pluralGroup(t), name),
                  QJsonObject{{u"name"_s, name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QString age(const QString &timestamp)
{
    const QDateTime t = QDateTime::fromString(timestamp, Qt::ISODate);
    if (!t.isValid())
        return u"<unknown>"_s;
    const qint64 s = std::max<qint64>(0, t.secsTo(QDateTime::currentDateTimeUtc()));
    if (s < 120)
        return QString::number(s) + u's';
    const qint64 m = s / 60;
    if (m < 10)
        return u"%1m%2s"_s.arg(m).arg(s % 60);
    if (m < 180)
        return QString::number(m) + u'm';
    const qint64 h = m / 60;
    if (h < 8)
        return u"%1h%2m"_s.arg(h).arg(m % 60);
    if (h < 48)
        return QString::number(h) + u'h';
    return QString::number(h / 24) + u'd';
}

// Flattens an object into leaf paths (maps are walked, lists and scalars are leaves).
void flatten(const QJsonObject &o, const QString &prefix, QHash<QString, QJsonValue> *out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'\x1f' + it.key();
        if (it->isObject() && !it->toObject().isEmpty())
            flatten(it->toObject(), path, out);
        else
            out->insert(path, *it);
    }
}

QJsonObject deepMerge(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), deepMerge(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

// RFC 7386: null removes, objects merge, everything else replaces.
QJsonObject mergePatch(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isNull())
            base.remove(it.key());
        else if (it->isObject())
            base.insert(it.key(), mergePatch(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

// The merge key of the built-in lists a strategic merge patch merges by key (from the Kubernetes
// types' patchMergeKey tags); other lists are replaced.
QString mergeKeyFor(const QString &field, const QJsonArray &items)
{
    static const QHash<QString, QString> keys = {
        {u"containers"_s, u"name"_s},         {u"initContainers"_s, u"name"_s}, {u"ephemeralContainers"_s, u"name"_s},
        {u"env"_s, u"name"_s},                {u"volumes"_s, u"name"_s},        {u"volumeMounts"_s, u"mountPath"_s},
        {u"volumeDevices"_s, u"devicePath"_s}, {u"imagePullSecrets"_s, u"name"_s}, {u"conditions"_s, u"type"_s},
        {u"hostAliases"_s, u"ip"_s},          {u"ownerReferences"_s, u"uid"_s},  {u"topologySpreadConstraints"_s, u"topologyKey"_s},
    };
    if (field == u"ports"_s) {
        for (const QJsonValue &v : items)
            if (v.toObject().contains(u"containerPort"_s))
                return u"containerPort"_s;
        return u"port"_s;
    }
    return keys.value(field);
}

QJsonObject strategicMerge(QJsonObject base, const QJsonObject &patch);

QJsonArray strategicMergeList(const QString &field, QJsonArray base, const QJsonArray &patch)
{
    QJsonArray all = base;
    for (const QJsonValue &v : patch)
        all.append(v);
    const QString mergeKey = mergeKeyFor(field, all);
    QJsonArray plain;
    for (const QJsonValue &v : patch)
        if (!(v.isObject() && v.toObject().contains(u"$patch"_s)))
            plain.append(v.isObject() ? QJsonValue(strategicMerge({}, v.toObject())) : v);
    if (mergeKey.isEmpty())
        return plain;
    for (const QJsonValue &v : patch) {
        const QJsonObject item = v.toObject();
        const QString directive = item.value(u"$patch"_s).toString();
        if (directive == u"replace"_s)
            return plain;
        qsizetype found = -1;
        for (qsizetype i = 0; i < base.size() && found < 0; ++i)
            if (base.at(i).toObject().value(mergeKey) == item.value(mergeKey))
                found = i;
        if (directive == u"delete"_s) {
            if (found >= 0)
                base.removeAt(found);
        } else if (found >= 0) {
            base.replace(found, strategicMerge(base.at(found).toObject(), item));
        } else {
            base.append(strategicMerge({}, item));
        }
    }
    return base;
}

// Strategic merge patch: like a JSON merge patch, but the built-in lists with a merge key are
// merged item by item, with the $patch (replace, delete) and $deleteFromPrimitiveList directives;
// $setElementOrder and $retainKeys are accepted and ignored.
QJsonObject strategicMerge(QJsonObject base, const QJsonObject &patch)
{
    if (patch.value(u"$patch"_s).toString() == u"replace"_s) {
        QJsonObject replaced = strategicMerge({}, patch);
        return replaced;
    }
    if (patch.value(u"$patch"_s).toString() == u"delete"_s)
        return {};
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString key = it.key();
        if (key == u"$patch"_s || key.startsWith(u"$setElementOrder/"_s) || key == u"$retainKeys"_s)
            continue;
        if (key.startsWith(u"$deleteFromPrimitiveList/"_s)) {
            const QString field = key.mid(25);
            QJsonArray kept;
            for (const QJsonValue &v : base.value(field).toArray())
                if (!it->toArray().contains(v))
                    kept.append(v);
            base.insert(field, kept);
        } else if (it->isNull()) {
            base.remove(key);
        } else if (it->isObject()) {
            base.insert(key, strategicMerge(base.value(key).toObject(), it->toObject()));
        } else if (it->isArray()) {
            base.insert(key, strategicMergeList(key, base.value(key).toArray(), it->toArray()));
        } else {
            base.insert(key, *it);
        }
    }
    return base;
}

QJsonObject removePath(QJsonObject o, QStringList parts)
{
    if (parts.isEmpty())
        return o;
    const QString head = parts.takeFirst();
    if (parts.isEmpty()) {
        o.remove(head);
        return o;
    }
    if (!o.value(head).isObject())
        return o;
    const QJsonObject child = removePath(o.value(head).toObject(), parts);
    if (child.isEmpty())
        o.remove(head);
    else
        o.insert(head, child);
    return o;
}

QJsonObject fieldsV1(const QHash<QString, QJsonValue> &leaves)
{
    QJsonObject root;
    for (auto it = leaves.begin(); it != leaves.end(); ++it) {
        const QStringList parts = it.key().split(u'\x1f');
        std::function<QJsonObject(QJsonObject, int)> put = [&](QJsonObject o, int i) -> QJsonObject {
            const QString k = u"f:"_s + parts[i];
            if (i == parts.size() - 1) {
                if (!o.contains(k))
                    o.insert(k, QJsonObject());
                return o;
            }
            o.insert(k, put(o.value(k).toObject(), i + 1));
            return o;
        };
        root = put(root, 0);
    }
    return root;
}

std::optional<QJsonObject> parseBody(const QByteArray &body, QString *error)
{
    const ParsedYaml parsed = parseYaml(body, u"request"_s);
    if (!parsed.ok()) {
        *error = parsed.issues.front().message;
        return std::nullopt;
    }
    if (parsed.documents.size() != 1 || !parsed.documents.front().isMap()) {
        *error = u"the request body must be one object"_s;
        return std::nullopt;
    }
    return parsed.documents.front().toJson().toObject();
}

// Kubernetes protobuf, just enough for the access reviews kubectl sends that way: the
// "k8s\0" envelope (runtime.Unknown: typeMeta=1, raw=2) and length-delimited string fields.
QHash<int, QByteArray> protoFields(const QByteArray &msg)
{
    QHash<int, QByteArray> out;
    qsizetype i = 0;
    auto varint = [&](quint64 *v) {
        *v = 0;
        for (int shift = 0; i < msg.size() && shift < 64; shift += 7) {
            const quint8 b = quint8(msg[i++]);
            *v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return true;
        }
        return false;
    };
    while (i < msg.size()) {
        quint64 tag = 0, v = 0;
        if (!varint(&tag))
            break;
        switch (tag & 7) {
        case 0: varint(&v); break;
        case 1: i += 8; break;
        case 5: i += 4; break;
        case 2:
            if (!varint(&v) || v > quint64(msg.size() - i))
                return out;
            out.insert(int(tag >> 3), msg.mid(i, qsizetype(v)));
            i += qsizetype(v);
            break;
        default: return out;
        }
    }
    return out;
}

std::optional<QJsonObject> reviewFromProtobuf(const QByteArray &body)
{
    if (!body.startsWith(QByteArray("k8s\0", 4)))
        return std::nullopt;
    const QHash<int, QByteArray> unknown = protoFields(body.mid(4));
    const QHash<int, QByteArray> review = protoFields(unknown.value(2));
    const QHash<int, QByteArray> spec = protoFields(review.value(2));
    QJsonObject out{{u"spec"_s, QJsonObject()}};
    if (spec.contains(1)) {
        const QHash<int, QByteArray> a = protoFields(spec.value(1));
        const char *const names[] = {"", "namespace", "verb", "group", "version", "resource", "subresource", "name"};
        QJsonObject attrs;
        for (int f = 1; f <= 7; ++f)
            if (a.contains(f))
                attrs.insert(QString::fromLatin1(names[f]), QString::fromUtf8(a.value(f)));
        out.insert(u"spec"_s, QJsonObject{{u"resourceAttributes"_s, attrs}});
    } else if (spec.contains(2)) {
        const QHash<int, QByteArray> a = protoFields(spec.value(2));
        out.insert(u"spec"_s, QJsonObject{{u"nonResourceAttributes"_s, QJsonObject{{u"path"_s, QString::fromUtf8(a.value(1))}, {u"verb"_s, QString::fromUtf8(a.value(2))}}}});
    }
    return out;
}

// RFC 6902 on a JSON value: add/replace/remove/test at a JSON pointer. False when the path
// does not exist (or, for test, the value differs).
bool jsonPatchAt(QJsonValue &at, QStringList tokens, const QString &op, const QJsonValue &value)
{
    const QString token = tokens.takeFirst();
    if (at.isObject()) {
        QJsonObject o = at.toObject();
        if (tokens.isEmpty()) {
            if (op == u"remove"_s) {
                if (!o.contains(token))
                    return false;
                o.remove(token);
            } else if (op == u"test"_s) {
                return o.value(token) == value;
            } else {
                if (op == u"replace"_s && !o.contains(token))
                    return false;
                o.insert(token, value);
            }
            at = o;
            return true;
        }
        QJsonValue child = o.value(token);
        if (child.isUndefined() || !jsonPatchAt(child, tokens, op, value))
            return false;
        o.insert(token, child);
        at = o;
        return true;
    }
    if (at.isArray()) {
        QJsonArray a = at.toArray();
        bool ok = false;
        const qsizetype index = token == u"-"_s ? a.size() : token.toLongLong(&ok);
        if ((!ok && token != u"-"_s) || index < 0 || index > a.size())
            return false;
        if (tokens.isEmpty()) {
            if (op == u"add"_s)
                a.insert(index, value);
            else if (index >= a.size())
                return false;
            else if (op == u"remove"_s)
                a.removeAt(index);
            else if (op == u"test"_s)
                return a.at(index) == value;
            else
                a.replace(index, value);
            at = a;
            return true;
        }
        if (index >= a.size())
            return false;
        QJsonValue child = a.at(index);
        if (!jsonPatchAt(child, tokens, op, value))
            return false;
        a.replace(index, child);
        at = a;
        return true;
    }
    return false;
}

// Pod templates arrive in different spellings of the same thing (kubectl's rollout undo adds
// "creationTimestamp: null" and empty fields): drop nulls and empty values before hashing.
QJsonValue normalized(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue n = normalized(*it);
            if (!n.isNull() && !(n.isObject() && n.toObject().isEmpty()) && !(n.isArray() && n.toArray().isEmpty()))
                out.insert(it.key(), n);
        }
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(normalized(item));
        return out;
    }
    return v;
}

// The API server decodes a null field as an unset one (e.g. "creationTimestamp: null" that
// client-side dry runs print).
QJsonObject withoutNulls(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it->isNull())
            continue;
        if (it->isObject()) {
            out.insert(it.key(), withoutNulls(it->toObject()));
        } else if (it->isArray()) {
            QJsonArray a;
            for (const QJsonValue &v : it->toArray())
                a.append(v.isObject() ? QJsonValue(withoutNulls(v.toObject())) : v);
            out.insert(it.key(), a);
        } else {
            out.insert(it.key(), *it);
        }
    }
    return out;
}

bool labelsMatch(const QJsonObject &labels, const QString &selector)
{
    for (const QString &raw : selector.split(u',', Qt::SkipEmptyParts)) {
        const QString term = raw.trimmed();
        if (term.contains(u"!="_s)) {
            const QStringList kv = term.split(u"!="_s);
            if (labels.value(kv[0].trimmed()).toString() == kv.value(1).trimmed())
                return false;
        } else if (term.contains(u'=')) {
            const QStringList kv = term.split(u'=', Qt::SkipEmptyParts);
            if (!labels.contains(kv[0].trimmed()) || labels.value(kv[0].trimmed()).toString() != kv.value(1).trimmed())
                return false;
        } else if (term.startsWith(u'!')) {
            if (labels.contains(term.mid(1)))
                return false;
        } else if (!labels.contains(term)) {
            return false;
        }
    }
    return true;
}

// A field selector: comma-separated "path=value", "path==value" or "path!=value" terms on dotted
// paths (metadata.name, involvedObject.uid, status.phase, ...). A missing field reads as "".
bool fieldsMatch(const QJsonObject &object, const QString &selector)
{
    for (const QString &term : selector.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype ne = term.indexOf(u"!="_s);
        const qsizetype eq = term.indexOf(u'=');
        if (eq < 0)
            continue;
        const bool negate = ne >= 0 && ne < eq;
        const QString field = term.left(negate ? ne : eq).trimmed();
        QString value = term.mid(eq + 1).trimmed();
        if (value.startsWith(u'='))
            value = value.mid(1);
        QJsonValue at = object;
        for (const QString &part : field.split(u'.'))
            at = at.toObject().value(part);
        QString actual = at.isString() ? at.toString() : at.isBool() ? (at.toBool() ? u"true"_s : u"false"_s)
            : at.isDouble() ? QString::number(at.toInteger()) : QString();
        if ((actual == value) == negate)
            return false;
    }
    return true;
}

} // namespace

struct ApiServer::Route
{
    const ResourceType *type = nullptr;
    QString ns;
    QString name;
    QString subresource;

    /// Storage key of the named object: "group/plural/namespace/name".
    [[nodiscard]] QString key() const { return type->id() + u'/' + ns + u'/' + name; }
};

ApiServer::ApiServer(ApiOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_schemas(std::make_unique<SchemaValidator>())
{
    for (const ResourceType &t : allResourceTypes())
        if (!(t.crd && m_options.withoutGroups.contains(t.group)))
            m_types.append(t);
    // A cluster with the platforms installed: their namespaces exist.
    const ResourceType &nsType = m_types.front();
    for (const QString &ns : {u"default"_s, u"kube-system"_s, u"kube-public"_s, u"kubeflow"_s, u"istio-system"_s,
                              u"opendatahub"_s, u"odh-model-registries"_s}) {
        QJsonObject o{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, ns}}}};
        store(u"/namespaces//"_s + ns, stamp(o, {}, nsType, QString()));
    }
    // The deployment controller and the bookmarks run on timers.
    auto *controller = new QTimer(this);
    connect(controller, &QTimer::timeout, this, &ApiServer::reconcile);
    controller->start(250);
    auto *bookmarks = new QTimer(this);
    connect(bookmarks, &QTimer::timeout, this, [this] {
        for (const auto &w : std::as_const(m_watchers))
            if (w->bookmarks && w->connection)
                w->connection->writeChunk(toJson(QJsonObject{
                    {u"type"_s, u"BOOKMARK"_s},
                    {u"object"_s, QJsonObject{{u"kind"_s, w->kind}, {u"apiVersion"_s, w->apiVersion},
                                              {u"metadata"_s, QJsonObject{{u"resourceVersion"_s, QString::number(m_resourceVersion)}}}}}}) + '\n');
    });
    bookmarks->start(m_options.bookmarkMs);
}

ApiServer::~ApiServer() = default;

const ResourceType *ApiServer::builtinType(const QString &kind) const
{
    // Built-in kinds are never left out (--without only removes CRD groups).
    for (const ResourceType &t : m_types)
        if (t.kind == kind && !t.crd)
            return &t;
    Q_ASSERT_X(false, "builtinType", "every built-in kind is served");
    return nullptr;
}

QJsonObject ApiServer::saveState() const
{
    QJsonObject objects;
    for (auto it = m_objects.constBegin(); it != m_objects.constEnd(); ++it)
        objects.insert(it.key(), *it);
    QJsonObject applied;
    for (auto it = m_applied.constBegin(); it != m_applied.constEnd(); ++it) {
        QJsonObject managers;
        for (auto m = it->constBegin(); m != it->constEnd(); ++m)
            managers.insert(m.key(), *m);
        applied.insert(it.key(), managers);
    }
    QJsonObject rollouts;
    for (auto it = m_rollouts.constBegin(); it != m_rollouts.constEnd(); ++it)
        rollouts.insert(it.key(), QJsonObject{{u"templateHash"_s, QString::fromLatin1(it->templateHash)}, {u"revision"_s, it->revision}});
    return QJsonObject{{u"kind"_s, u"DemoClusterState"_s}, {u"version"_s, 1}, {u"resourceVersion"_s, QString::number(m_resourceVersion)},
                       {u"objects"_s, objects}, {u"applied"_s, applied}, {u"rollouts"_s, rollouts}};
}

bool ApiServer::loadState(const QJsonObject &state, QString *error)
{
    if (state.value(u"kind"_s).toString() != u"DemoClusterState"_s || state.value(u"version"_s).toInt() != 1) {
        *error = u"not a demo-cluster state (expected kind DemoClusterState, version 1)"_s;
        return false;
    }
    const QJsonObject objects = state.value(u"objects"_s).toObject();
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        const QJsonObject o = it->toObject();
        const QStringList parts = it.key().split(u'/');
        if (parts.size() != 4 || o.value(u"metadata"_s).toObject().value(u"name"_s).toString() != parts[3]) {
            *error = u"objects.%1: the key does not match the object's name"_s.arg(it.key());
            return false;
        }
    }
    m_objects.clear();
    m_json.clear();
    m_applied.clear();
    m_rollouts.clear();
    m_history.clear();
    for (auto it = objects.begin(); it != objects.end(); ++it)
        m_objects.insert(it.key(), it->toObject());
    const QJsonObject applied = state.value(u"applied"_s).toObject();
    for (auto it = applied.begin(); it != applied.end(); ++it) {
        const QJsonObject managers = it->toObject();
        for (auto m = managers.begin(); m != managers.end(); ++m)
            m_applied[it.key()].insert(m.key(), m->toObject());
    }
    // A rollout continues where it was: pods that were ready stay ready.
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject rollouts = state.value(u"rollouts"_s).toObject();
    for (auto it = rollouts.begin(); it != rollouts.end(); ++it) {
        Rollout ro;
        ro.templateHash = it->toObject().value(u"templateHash"_s).toString().toLatin1();
        ro.revision = it->toObject().value(u"revision"_s).toInt();
        ro.ready = m_objects.value(it.key()).value(u"status"_s).toObject().value(u"readyReplicas"_s).toInteger();
        ro.startedMs = nowMs - ro.ready * m_options.readyAfterMs;
        ro.lastProgressMs = nowMs;
        m_rollouts.insert(it.key(), ro);
    }
    m_resourceVersion = std::max<qint64>(m_resourceVersion, state.value(u"resourceVersion"_s).toString().toLongLong());
    return true;
}

void ApiServer::store(const QString &key, const QJsonObject &object)
{
    const bool added = !m_objects.contains(key);
    m_objects.insert(key, object);
    m_json.remove(key);
    notify(added ? u"ADDED"_s : u"MODIFIED"_s, key, object);
}

QByteArray ApiServer::jsonOf(const QString &key) const
{
    // Each stored object is serialized once, for every LIST and watch that sends it.
    const auto cached = m_json.constFind(key);
    if (cached != m_json.constEnd())
        return *cached;
    const QByteArray json = toJson(m_objects.value(key));
    m_json.insert(key, json);
    return json;
}

QByteArray ApiServer::eventLine(const QString &type, const QByteArray &objectJson)
{
    // As QJsonDocument writes {"object": ..., "type": ...} (keys in order), without re-serializing.
    return "{\"object\":" + objectJson + ",\"type\":\"" + type.toLatin1() + "\"}\n";
}

void ApiServer::erase(const QString &key)
{
    const auto it = m_objects.constFind(key);
    if (it == m_objects.constEnd())
        return;
    QJsonObject last = *it;
    QJsonObject meta = last.value(u"metadata"_s).toObject();
    meta.insert(u"resourceVersion"_s, QString::number(++m_resourceVersion));
    last.insert(u"metadata"_s, meta);
    m_objects.remove(key);
    m_json.remove(key);
    m_applied.remove(key);
    notify(u"DELETED"_s, key, last);
}

void ApiServer::notify(const QString &type, const QString &key, const QJsonObject &object)
{
    const qint64 rv = object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString().toLongLong();
    m_history.append(Event{rv, type, key, object});
    while (m_history.size() > m_options.historySize)
        m_history.removeFirst();
    const QByteArray line = eventLine(type, type == u"DELETED"_s ? toJson(object) : jsonOf(key));
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    for (const auto &w : std::as_const(m_watchers)) {
        if (!w->connection || !key.startsWith(w->prefix))
            continue;
        if (!w->ns.isEmpty() && meta.value(u"namespace"_s).toString() != w->ns)
            continue;
        if (!w->fieldSelector.isEmpty() && !fieldsMatch(object, w->fieldSelector))
            continue;
        if (!w->labelSelector.isEmpty() && !labelsMatch(meta.value(u"labels"_s).toObject(), w->labelSelector))
            continue;
        w->connection->writeChunk(line);
    }
}

bool ApiServer::allowed(const QString &verb, const QString &resource, const QString &ns) const
{
    for (const DeniedRule &d : m_options.denied)
        if ((d.verb == u"*"_s || d.verb == verb) && (d.resource == u"*"_s || d.resource == resource) && (d.ns.isEmpty() || d.ns == ns))
            return false;
    return true;
}

QJsonObject ApiServer::stamp(QJsonObject object, const QJsonObject &previous, const ResourceType &type, const QString &ns)
{
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QJsonObject prevMeta = previous.value(u"metadata"_s).toObject();
    if (type.namespaced)
        meta.insert(u"namespace"_s, ns);
    else
        meta.remove(u"namespace"_s);
    meta.insert(u"uid"_s, prevMeta.contains(u"uid"_s) ? prevMeta.value(u"uid"_s) : QJsonValue(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    meta.insert(u"creationTimestamp"_s, prevMeta.contains(u"creationTimestamp"_s) ? prevMeta.value(u"creationTimestamp"_s) : QJsonValue(now()));
    meta.insert(u"resourceVersion"_s, QString::number(++m_resourceVersion));
    qint64 generation = prevMeta.value(u"generation"_s).toInteger(0);
    if (generation == 0 || object.value(u"spec"_s) != previous.value(u"spec"_s))
        ++generation;
    // Namespaces, Services and Pods have no generation on a real cluster.
    const bool generated = type.kind != u"Namespace"_s && type.kind != u"Service"_s && type.kind != u"Pod"_s;
    if (generated && (object.contains(u"spec"_s) || previous.contains(u"spec"_s)))
        meta.insert(u"generation"_s, generation);
    else
        meta.remove(u"generation"_s);
    object.insert(u"metadata"_s, meta);
    object.insert(u"apiVersion"_s, type.groupVersion());
    object.insert(u"kind"_s, type.kind);
    // The main resource never changes status.
    if (previous.contains(u"status"_s))
        object.insert(u"status"_s, previous.value(u"status"_s));
    else if (type.kind == u"Namespace"_s)
        object.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}});
    return object;
}

void ApiServer::handle(const HttpRequest &r, HttpConnection *connection)
{
    const bool watching = r.method == "GET" && (r.query.queryItemValue(u"watch"_s) == u"true"_s || r.query.queryItemValue(u"watch"_s) == u"1"_s);
    if (watching && !r.query.hasQueryItem(u"sendInitialEvents"_s)
        && (m_options.token.isEmpty() || r.header("authorization") == "Bearer " + m_options.token.toUtf8())) {
        Route route;
        if (resolveRoute(r.path, &route) && route.type && route.name.isEmpty() && !route.type->plural.endsWith(u"reviews"_s)) {
            if (!allowed(u"watch"_s, route.type->plural, route.ns)) {
                connection->respond(status(403, u"Forbidden"_s, u"User \"%1\" cannot watch resource \"%2\""_s.arg(m_options.user, route.type->plural)));
                return;
            }
            watch(r, route, connection);
            return;
        }
    }
    connection->respond(dispatch(r));
}

void ApiServer::watch(const HttpRequest &r, const Route &route, HttpConnection *connection)
{
    const ResourceType &t = *route.type;
    auto w = std::make_shared<Watcher>();
    w->connection = connection;
    w->prefix = t.id() + u'/';
    w->ns = t.namespaced ? route.ns : QString();
    w->labelSelector = r.query.queryItemValue(u"labelSelector"_s, QUrl::FullyDecoded);
    w->fieldSelector = r.query.queryItemValue(u"fieldSelector"_s, QUrl::FullyDecoded);
    w->bookmarks = r.query.queryItemValue(u"allowWatchBookmarks"_s) == u"true"_s;
    w->kind = t.kind;
    w->apiVersion = t.groupVersion();
    connection->startStream("application/json");
    const QString rvText = r.query.queryItemValue(u"resourceVersion"_s);
    const qint64 rv = rvText.toLongLong();
    auto matches = [&](const QString &key, const QJsonObject &object) {
        const QJsonObject meta = object.value(u"metadata"_s).toObject();
        return key.startsWith(w->prefix) && (w->ns.isEmpty() || meta.value(u"namespace"_s).toString() == w->ns)
            && (w->fieldSelector.isEmpty() || fieldsMatch(object, w->fieldSelector))
            && (w->labelSelector.isEmpty() || labelsMatch(meta.value(u"labels"_s).toObject(), w->labelSelector));
    };
    if (rv <= 0) {
        // "" or "0": the current state as ADDED events, then changes.
        for (auto it = m_objects.constBegin(); it != m_objects.constEnd(); ++it)
            if (matches(it.key(), *it))
                connection->writeChunk(eventLine(u"ADDED"_s, jsonOf(it.key())));
    } else {
        const qint64 oldest = m_history.isEmpty() ? m_resourceVersion : m_history.front().resourceVersion;
        if (rv < oldest - 1 && rv < m_resourceVersion) {
            // Too old to resume: one ERROR event with a 410 Expired Status, as the API server's watch cache does.
            connection->writeChunk(toJson(QJsonObject{
                {u"type"_s, u"ERROR"_s},
                {u"object"_s, QJsonObject{{u"kind"_s, u"Status"_s}, {u"apiVersion"_s, u"v1"_s}, {u"metadata"_s, QJsonObject()},
                                          {u"status"_s, u"Failure"_s}, {u"message"_s, u"too old resource version: %1 (%2)"_s.arg(rv).arg(oldest - 1)},
                                          {u"reason"_s, u"Expired"_s}, {u"code"_s, 410}}}}) + '\n');
            connection->endStream();
            return;
        }
        for (const Event &e : std::as_const(m_history))
            if (e.resourceVersion > rv && matches(e.key, e.object))
                connection->writeChunk(toJson(QJsonObject{{u"type"_s, e.type}, {u"object"_s, e.object}}) + '\n');
    }
    m_watchers.append(w);
    const int timeout = r.query.queryItemValue(u"timeoutSeconds"_s).toInt();
    auto stop = [this, w] {
        m_watchers.removeAll(w);
        if (w->connection)
            w->connection->endStream();
    };
    if (timeout > 0)
        QTimer::singleShot(timeout * 1000, this, stop);
    connect(connection, &QObject::destroyed, this, [this, w] { m_watchers.removeAll(w); });
}

HttpResponse ApiServer::dispatch(const HttpRequest &r)
{
    const QString path = r.path;
    if (path == u"/healthz"_s || path == u"/readyz"_s || path == u"/livez"_s)
        return {200, "text/plain; charset=utf-8", "ok"};
    if (!m_options.token.isEmpty() && r.header("authorization") != "Bearer " + m_options.token.toUtf8())
        return status(401, u"Unauthorized"_s, u"Unauthorized"_s);
    if (path == u"/metrics"_s)
        return metrics();
    if (path == u"/version"_s) {
        return json(QJsonObject{{u"major"_s, u"1"_s}, {u"minor"_s, u"32"_s}, {u"gitVersion"_s, u"v1.32.0-demo"_s},
                                {u"gitCommit"_s, u"0000000000000000000000000000000000000000"_s}, {u"gitTreeState"_s, u"clean"_s},
                                {u"buildDate"_s, u"2026-01-01T00:00:00Z"_s}, {u"goVersion"_s, u"go1.23.0"_s},
                                {u"compiler"_s, u"gc"_s}, {u"platform"_s, u"linux/amd64"_s}});
    }
    if (path.startsWith(u"/openapi/"_s))
        return openApi(path);
    const QStringList segs = path.split(u'/', Qt::SkipEmptyParts);
    if (segs.isEmpty() || (segs[0] != u"api"_s && segs[0] != u"apis"_s))
        return status(404, u"NotFound"_s, u"the server could not find the requested resource"_s);
    if ((segs[0] == u"api"_s && segs.size() <= 2) || (segs[0] == u"apis"_s && segs.size() <= 3))
        return discovery(r, path);
    Route route;
    resolveRoute(path, &route);
    if (!route.type)
        return status(404, u"NotFound"_s, u"the server could not find the requested resource (%1 %2)"_s.arg(QString::fromUtf8(r.method), path));
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

HttpResponse ApiServer::discovery(const HttpRequest &r, const QString &path)
{
    const bool aggregated = r.header("accept").contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    // Groups with their versions, in a stable order (first version = preferred).
    QStringList groups;
    QHash<QString, QStringList> versions;
    for (const ResourceType &t : m_types) {
        if (!groups.contains(t.group))
            groups << t.group;
        if (!versions[t.group].contains(t.version))
            versions[t.group] << t.version;
    }
    auto resourceList = [&](const QString &group, const QString &version) {
        QJsonArray resources;
        for (const ResourceType &t : m_types) {
            if (t.group != group || t.version != version)
                continue;
            QJsonObject res{{u"name"_s, t.plural}, {u"singularName"_s, t.singular()}, {u"namespaced"_s, t.namespaced},
                            {u"kind"_s, t.kind}, {u"verbs"_s, QJsonArray::fromStringList(t.verbs)}};
            if (!t.shortNames.isEmpty())
                res.insert(u"shortNames"_s, QJsonArray::fromStringList(t.shortNames));
            if (!t.categories.isEmpty())
                res.insert(u"categories"_s, QJsonArray::fromStringList(t.categories));
            resources.append(res);
            for (const QString &sub : t.subresources)
                resources.append(QJsonObject{{u"name"_s, QString(t.plural + u'/' + sub)}, {u"singularName"_s, QString()}, {u"namespaced"_s, t.namespaced},
                                             {u"kind"_s, sub == u"scale"_s ? u"Scale"_s : t.kind},
                                             {u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s}}});
        }
        return resources;
    };
    auto aggregatedGroup = [&](const QString &group) {
        QJsonArray vs;
        for (const QString &v : versions.value(group)) {
            QJsonArray resources;
            for (const ResourceType &t : m_types) {
                if (t.group != group || t.version != v)
                    continue;
                QJsonObject res{{u"resource"_s, t.plural},
                                {u"responseKind"_s, QJsonObject{{u"group"_s, t.group}, {u"version"_s, t.version}, {u"kind"_s, t.kind}}},
                                {u"scope"_s, t.namespaced ? u"Namespaced"_s : u"Cluster"_s},
                                {u"singularResource"_s, t.singular()},
                                {u"verbs"_s, QJsonArray::fromStringList(t.verbs)}};
                if (!t.shortNames.isEmpty())
                    res.insert(u"shortNames"_s, QJsonArray::fromStringList(t.shortNames));
                if (!t.categories.isEmpty())
                    res.insert(u"categories"_s, QJsonArray::fromStringList(t.categories));
                QJsonArray subs;
                for (const QString &sub : t.subresources)
                    subs.append(QJsonObject{{u"subresource"_s, sub},
                                            {u"responseKind"_s, QJsonObject{{u"group"_s, sub == u"scale"_s ? u"autoscaling"_s : t.group},
                                                                            {u"version"_s, t.version},
                                                                            {u"kind"_s, sub == u"scale"_s ? u"Scale"_s : t.kind}}},
                                            {u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s}}});
                if (!subs.isEmpty())
                    res.insert(u"subresources"_s, subs);
                resources.append(res);
            }
            vs.append(QJsonObject{{u"version"_s, v}, {u"resources"_s, resources}, {u"freshness"_s, u"Current"_s}});
        }
        return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, group}}}, {u"versions"_s, vs}};
    };
    if (path == u"/api"_s || path == u"/api/"_s) {
        if (aggregated)
            return json(QJsonObject{{u"kind"_s, u"APIGroupDiscoveryList"_s}, {u"apiVersion"_s, u"apidiscovery.k8s.io/v2"_s},
                                    {u"metadata"_s, QJsonObject()}, {u"items"_s, QJsonArray{aggregatedGroup(QString())}}},
                        200, AggregatedType);
        return json(QJsonObject{{u"kind"_s, u"APIVersions"_s}, {u"versions"_s, QJsonArray{u"v1"_s}},
                                {u"serverAddressByClientCIDRs"_s,
                                 QJsonArray{QJsonObject{{u"clientCIDR"_s, u"0.0.0.0/0"_s}, {u"serverAddress"_s, m_options.address}}}}});
    }
    if (path == u"/apis"_s || path == u"/apis/"_s) {
        if (aggregated) {
            QJsonArray items;
            for (const QString &g : std::as_const(groups))
                if (!g.isEmpty())
                    items.append(aggregatedGroup(g));
            return json(QJsonObject{{u"kind"_s, u"APIGroupDiscoveryList"_s}, {u"apiVersion"_s, u"apidiscovery.k8s.io/v2"_s},
                                    {u"metadata"_s, QJsonObject()}, {u"items"_s, items}},
                        200, AggregatedType);
        }
        QJsonArray list;
        for (const QString &g : std::as_const(groups)) {
            if (g.isEmpty())
                continue;
            QJsonArray vs;
            for (const QString &v : versions.value(g))
                vs.append(QJsonObject{{u"groupVersion"_s, QString(g + u'/' + v)}, {u"version"_s, v}});
            list.append(QJsonObject{{u"name"_s, g}, {u"versions"_s, vs}, {u"preferredVersion"_s, vs.first()}});
        }
        return json(QJsonObject{{u"kind"_s, u"APIGroupList"_s}, {u"apiVersion"_s, u"v1"_s}, {u"groups"_s, list}});
    }
    const QStringList segs = path.split(u'/', Qt::SkipEmptyParts);
    const QString group = segs[0] == u"api"_s ? QString() : segs.value(1);
    const QString version = segs[0] == u"api"_s ? segs.value(1) : segs.value(2);
    if (!versions.contains(group) || (segs[0] == u"apis"_s && segs.size() == 2)) {
        if (segs[0] == u"apis"_s && segs.size() == 2 && versions.contains(group)) {
            QJsonArray vs;
            for (const QString &v : versions.value(group))
                vs.append(QJsonObject{{u"groupVersion"_s, QString(group + u'/' + v)}, {u"version"_s, v}});
            return json(QJsonObject{{u"kind"_s, u"APIGroup"_s}, {u"apiVersion"_s, u"v1"_s}, {u"name"_s, group}, {u"versions"_s, vs},
                                    {u"preferredVersion"_s, vs.first()}});
        }
        return status(404, u"NotFound"_s, u"the server could not find the requested resource"_s);
    }
    if (!versions.value(group).contains(version))
        return status(404, u"NotFound"_s, u"the server could not find the requested resource"_s);
    return json(QJsonObject{{u"kind"_s, u"APIResourceList"_s}, {u"apiVersion"_s, u"v1"_s},
                            {u"groupVersion"_s, group.isEmpty() ? version : group + u'/' + version},
                            {u"resources"_s, resourceList(group, version)}});
}

HttpResponse ApiServer::openApi(const QString &path)
{
    QStringList gvs;
    for (const ResourceType &t : m_types) {
        const QString gv = t.group.isEmpty() ? QString(u"api/"_s + t.version) : QString(u"apis/"_s + t.group + u'/' + t.version);
        if (!gvs.contains(gv))
            gvs << gv;
    }
    if (path == u"/openapi/v3"_s || path == u"/openapi/v3/"_s) {
        QJsonObject paths;
        for (const QString &gv : std::as_const(gvs)) {
            const QByteArray hash = QCryptographicHash::hash(gv.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
            paths.insert(gv, QJsonObject{{u"serverRelativeURL"_s, QString(u"/openapi/v3/"_s + gv + u"?hash="_s + QString::fromLatin1(hash))}});
        }
        return json(QJsonObject{{u"paths"_s, paths}});
    }
    const QString gv = path.mid(QStringLiteral("/openapi/v3/").size());
    if (!path.startsWith(u"/openapi/v3/"_s) || !gvs.contains(gv))
        return status(404, u"NotFound"_s, u"the server could not find the requested resource"_s);
    // Just what clients look for: a PATCH per kind that takes fieldValidation, so kubectl
    // leaves validation to the server (which checks against the real schemas).
    QJsonObject paths;
    for (const ResourceType &t : m_types) {
        const QString tgv = t.group.isEmpty() ? QString(u"api/"_s + t.version) : QString(u"apis/"_s + t.group + u'/' + t.version);
        if (tgv != gv)
            continue;
        const QString p = u'/' + gv + (t.namespaced ? u"/namespaces/{namespace}/"_s : u"/"_s) + t.plural + u"/{name}"_s;
        const QJsonObject gvk{{u"group"_s, t.group}, {u"version"_s, t.version}, {u"kind"_s, t.kind}};
        const QJsonArray params{QJsonObject{{u"name"_s, u"fieldValidation"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}},
                                QJsonObject{{u"name"_s, u"fieldManager"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}},
                                QJsonObject{{u"name"_s, u"dryRun"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}}};
        const QJsonObject op{{u"operationId"_s, QString(u"patch"_s + t.kind)}, {u"x-kubernetes-group-version-kind"_s, gvk},
                             {u"x-kubernetes-action"_s, u"patch"_s}, {u"parameters"_s, params},
                             {u"responses"_s, QJsonObject{{u"200"_s, QJsonObject{{u"description"_s, u"OK"_s}}}}}};
        paths.insert(p, QJsonObject{{u"patch"_s, op}});
    }
    return json(QJsonObject{{u"openapi"_s, u"3.0.0"_s},
                            {u"info"_s, QJsonObject{{u"title"_s, u"Kubernetes"_s}, {u"version"_s, u"v1.32.0"_s}}},
                            {u"paths"_s, paths}, {u"components"_s, QJsonObject{{u"schemas"_s, QJsonObject()}}}});
}

namespace {
QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta);
}

// The scale subresource (kubectl scale): an autoscaling/v1 Scale view of spec.replicas.
HttpResponse ApiServer::scale(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString verb = r.method == "GET" ? u"get"_s : r.method == "PUT" ? u"update"_s : r.method == "PATCH" ? u"patch"_s : QString();
    if (verb.isEmpty())
        return status(405, u"MethodNotAllowed"_s, u"the scale subresource supports get, update and patch"_s);
    if (!allowed(verb, t.plural + u"/scale"_s, route.ns) || !allowed(verb, t.plural, route.ns))
        return status(403, u"Forbidden"_s, u"%1 \"%2\" is forbidden: User \"%3\" cannot %4 resource \"%5/scale\" in API group \"%6\" in the namespace \"%7\""_s.arg(
                                              pluralGroup(t), route.name, m_options.user, verb, t.plural, t.group, route.ns));
    const auto it = m_objects.constFind(route.key());
    if (it == m_objects.constEnd())
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
        return status(415, u"UnsupportedMediaType"_s, u"the scale subresource accepts merge and strategic merge patches"_s);
    QString error;
    const std::optional<QJsonObject> body = parseBody(r.body, &error);
    if (!body)
        return status(400, u"BadRequest"_s, u"the request body could not be decoded: "_s + error);
    const QJsonObject wanted = verb == u"patch"_s ? mergePatch(view(*it), *body) : *body;
    const QJsonValue replicas = wanted.value(u"spec"_s).toObject().value(u"replicas"_s);
    if (!replicas.isDouble() || replicas.toDouble() < 0 || replicas.toDouble() != double(replicas.toInteger()))
        return status(422, u"Invalid"_s, u"Scale \"%1\" is invalid: spec.replicas: Invalid value: must be a non-negative integer"_s.arg(route.name));
    QJsonObject object = *it;
    QJsonObject spec = object.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, replicas.toInteger());
    object.insert(u"spec"_s, spec);
    object = stamp(object, *it, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        store(route.key(), object);
    return json(view(object));
}

HttpResponse ApiServer::resource(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    if (r.query.hasQueryItem(u"sendInitialEvents"_s))
        return status(400, u"BadRequest"_s, u"sendInitialEvents is not supported by demo-cluster; use list and watch"_s);
    if (r.query.hasQueryItem(u"watch"_s) && r.query.queryItemValue(u"watch"_s) != u"false"_s)
        return status(405, u"MethodNotAllowed"_s, u"watch is only served for collections"_s);
    if (route.subresource == u"scale"_s && t.subresources.contains(u"scale"_s) && !route.name.isEmpty())
        return scale(r, route);
    if (!route.subresource.isEmpty() && route.subresource != u"status"_s)
        return status(404, u"NotFound"_s, u"the subresource %1 is not implemented in demo-cluster"_s.arg(route.subresource));
    if (t.plural.endsWith(u"reviews"_s)) {
        if (r.method != "POST")
            return status(405, u"MethodNotAllowed"_s, u"%1 only supports create"_s.arg(t.plural));
        return review(r, t);
    }
    if (r.header("content-type").startsWith("application/vnd.kubernetes.protobuf") && r.method != "POST")
        return status(415, u"UnsupportedMediaType"_s, u"demo-cluster reads protobuf request bodies only for create; send JSON or YAML"_s);
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
        return status(405, u"MethodNotAllowed"_s, u"method %1 is not allowed"_s.arg(QString::fromUtf8(r.method)));
    if (!allowed(verb, t.plural, route.ns))
        return status(403, u"Forbidden"_s,
                      u"%1 is forbidden: User \"%2\" cannot %3 resource \"%4\" in API group \"%5\"%6"_s.arg(
                          pluralGroup(t) + (route.name.isEmpty() ? QString() : u" \""_s + route.name + u'"'), m_options.user, verb, t.plural, t.group,
                          route.ns.isEmpty() ? u" at the cluster scope"_s : u" in the namespace \""_s + route.ns + u'"'),
                      QJsonObject{{u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
    if (verb == u"list"_s)
        return list(r, route);
    if (verb == u"get"_s) {
        const auto it = m_objects.constFind(route.key());
        if (it == m_objects.constEnd())
            return notFound(t, route.name);
        if (r.header("accept").contains("as=Table"))
            return json(tableOf(t, QJsonArray{*it}, QJsonObject{{u"resourceVersion"_s, QString::number(m_resourceVersion)}}));
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
    return status(405, u"MethodNotAllowed"_s, u"deletecollection is not implemented in demo-cluster"_s);
}

namespace {

// The Table kubectl asks for (Accept: ...;as=Table): the columns a real cluster shows for the
// common kinds, name and age for the rest.
QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta)
{
    const bool events = t.kind == u"Event"_s;
    // Events list what happened first, and their generated names only with -o wide.
    QJsonArray columns{QJsonObject{{u"name"_s, u"Name"_s}, {u"type"_s, u"string"_s}, {u"format"_s, u"name"_s}, {u"description"_s, u"Name"_s},
                                   {u"priority"_s, events ? 1 : 0}}};
    auto col = [&](const QString &name, const QString &type) {
        columns.append(QJsonObject{{u"name"_s, name}, {u"type"_s, type}, {u"format"_s, QString()}, {u"description"_s, name}, {u"priority"_s, 0}});
    };
    if (events) {
        for (const QString &c : {u"Last Seen"_s, u"Type"_s, u"Reason"_s, u"Object"_s, u"Message"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"Deployment"_s) {
        col(u"Ready"_s, u"string"_s);
        col(u"Up-to-date"_s, u"integer"_s);
        col(u"Available"_s, u"integer"_s);
    } else if (t.kind == u"Service"_s) {
        col(u"Type"_s, u"string"_s);
        col(u"Ports"_s, u"string"_s);
    } else if (t.kind == u"Namespace"_s) {
        col(u"Status"_s, u"string"_s);
    } else if (t.kind == u"Pod"_s) {
        col(u"Ready"_s, u"string"_s);
        col(u"Status"_s, u"string"_s);
        col(u"Restarts"_s, u"string"_s);
    } else if (t.kind == u"ReplicaSet"_s) {
        col(u"Desired"_s, u"integer"_s);
        col(u"Current"_s, u"integer"_s);
        col(u"Ready"_s, u"integer"_s);
    }
    if (!events)
        col(u"Age"_s, u"string"_s);
    QJsonArray rows;
    for (const QJsonValue &v : std::as_const(items)) {
        const QJsonObject o = v.toObject();
        const QJsonObject meta = o.value(u"metadata"_s).toObject();
        QJsonArray cells{meta.value(u"name"_s)};
        const QJsonObject st = o.value(u"status"_s).toObject();
        if (events) {
            const QJsonObject involved = o.value(u"involvedObject"_s).toObject();
            cells.append(age(o.value(u"lastTimestamp"_s).toString()));
            cells.append(o.value(u"type"_s));
            cells.append(o.value(u"reason"_s));
            cells.append(QString(involved.value(u"kind"_s).toString().toLower() + u'/' + involved.value(u"name"_s).toString()));
            cells.append(o.value(u"message"_s));
        } else if (t.kind == u"Deployment"_s) {
            const qint64 want = o.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger(1);
            cells.append(u"%1/%2"_s.arg(st.value(u"readyReplicas"_s).toInteger()).arg(want));
            cells.append(st.value(u"updatedReplicas"_s).toInteger());
            cells.append(st.value(u"availableReplicas"_s).toInteger());
        } else if (t.kind == u"Service"_s) {
            const QJsonObject spec = o.value(u"spec"_s).toObject();
            QStringList ports;
            for (const QJsonValue &p : spec.value(u"ports"_s).toArray())
                ports << u"%1/%2"_s.arg(p.toObject().value(u"port"_s).toInteger()).arg(p.toObject().value(u"protocol"_s).toString(u"TCP"_s));
            cells.append(spec.value(u"type"_s).toString(u"ClusterIP"_s));
            cells.append(ports.join(u','));
        } else if (t.kind == u"Namespace"_s) {
            cells.append(st.value(u"phase"_s).toString(u"Active"_s));
        } else if (t.kind == u"Pod"_s) {
            const QJsonArray cs = st.value(u"containerStatuses"_s).toArray();
            int readyCount = 0;
            qint64 restarts = 0;
            for (const QJsonValue &c : cs) {
                readyCount += c.toObject().value(u"ready"_s).toBool() ? 1 : 0;
                restarts += c.toObject().value(u"restartCount"_s).toInteger();
            }
            QString phase = st.value(u"phase"_s).toString(u"Pending"_s);
            for (const QJsonValue &c : cs)
                if (const QString waiting = c.toObject().value(u"state"_s).toObject().value(u"waiting"_s).toObject().value(u"reason"_s).toString(); !waiting.isEmpty())
                    phase = waiting;
            cells.append(u"%1/%2"_s.arg(readyCount).arg(cs.size()));
            cells.append(phase);
            cells.append(QString::number(restarts));
        } else if (t.kind == u"ReplicaSet"_s) {
            cells.append(o.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger());
            cells.append(st.value(u"replicas"_s).toInteger());
            cells.append(st.value(u"readyReplicas"_s).toInteger());
        }
        if (!events)
            cells.append(age(meta.value(u"creationTimestamp"_s).toString()));
        rows.append(QJsonObject{{u"cells"_s, cells},
                                {u"object"_s, QJsonObject{{u"kind"_s, u"PartialObjectMetadata"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, meta}}}});
    }
    return QJsonObject{{u"kind"_s, u"Table"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, listMeta},
                       {u"columnDefinitions"_s, columns}, {u"rows"_s, rows}};
}

} // namespace

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
    for (auto it = m_objects.lowerBound(prefix); it != m_objects.end() && it.key().startsWith(prefix); ++it) {
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
    QJsonObject listMeta{{u"resourceVersion"_s, QString::number(m_resourceVersion)}};
    if (more)
        listMeta.insert(u"continue"_s, QString::fromLatin1(lastKey.toUtf8().toBase64()));
    if (r.header("accept").contains("as=Table")) {
        QJsonArray items;
        for (const QString &k : std::as_const(keys))
            items.append(m_objects.value(k));
        return json(tableOf(t, items, listMeta));
    }
    // The list as QJsonDocument would write it (keys in order), from the cached objects.
    QByteArray body = "{\"apiVersion\":\"" + t.groupVersion().toLatin1() + "\",\"items\":[";
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i)
            body += ',';
        body += jsonOf(keys[i]);
    }
    body += "],\"kind\":\"" + t.kind.toLatin1() + "List\",\"metadata\":" + toJson(listMeta) + '}';
    return {200, "application/json", body};
}

namespace {

// Checks the object against the JSON schemas as the API server's strict field validation does.
std::optional<HttpResponse> strictCheck(const SchemaValidator &schemas, const QJsonObject &object, const QString &mode)
{
    if (mode == u"Ignore"_s)
        return std::nullopt;
    const QList<Finding> findings = schemas.validate(Node::fromJson(object));
    QStringList unknown, invalid;
    for (const Finding &f : findings) {
        if (f.id == u"unknown-kind"_s)
            continue; // the server knows the kind; our schema set may not
        (f.message.startsWith(u"unknown field"_s) ? unknown : invalid) << (f.path.isEmpty() ? f.message : f.path + u": "_s + f.message);
    }
    if (!unknown.isEmpty() && mode != u"Warn"_s)
        return status(400, u"BadRequest"_s, u"strict decoding error: "_s + unknown.join(u", "_s));
    if (!invalid.isEmpty())
        return status(422, u"Invalid"_s, object.value(u"kind"_s).toString() + u" \""_s
                          + object.value(u"metadata"_s).toObject().value(u"name"_s).toString() + u"\" is invalid: "_s + invalid.join(u", "_s));
    return std::nullopt;
}

} // namespace

HttpResponse ApiServer::create(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    QString error;
    // kubectl's typed create commands (create namespace, configmap, secret, ...) send protobuf.
    const bool protobuf = r.header("content-type").startsWith("application/vnd.kubernetes.protobuf");
    const std::optional<QJsonObject> body = protobuf ? objectFromProtobuf(r.body, &error) : parseBody(r.body, &error);
    if (!body && protobuf && !error.startsWith(u"malformed"_s) && !error.contains(u": malformed"_s))
        return status(415, u"UnsupportedMediaType"_s, error);
    if (!body)
        return status(400, u"BadRequest"_s, u"the request body could not be decoded: "_s + error);
    QJsonObject object = withoutNulls(*body);
    if (object.value(u"kind"_s).toString() != t.kind || object.value(u"apiVersion"_s).toString() != t.groupVersion())
        return status(400, u"BadRequest"_s, u"the API version in the data (%1) and the kind (%2) do not match the resource %3"_s.arg(
                                                 object.value(u"apiVersion"_s).toString(), object.value(u"kind"_s).toString(), pluralGroup(t)));
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (meta.value(u"name"_s).toString().isEmpty() && !meta.value(u"generateName"_s).toString().isEmpty()) {
        meta.insert(u"name"_s, QString(meta.value(u"generateName"_s).toString() + QUuid::createUuid().toString(QUuid::Id128).left(5)));
        object.insert(u"metadata"_s, meta);
    }
    const QString name = meta.value(u"name"_s).toString();
    if (name.isEmpty())
        return status(422, u"Invalid"_s, u"%1 \"\" is invalid: metadata.name: Required value: name or generateName is required"_s.arg(t.kind));
    if (t.namespaced && !meta.value(u"namespace"_s).toString().isEmpty() && meta.value(u"namespace"_s).toString() != route.ns)
        return status(400, u"BadRequest"_s, u"the namespace of the provided object does not match the namespace sent on the request"_s);
    if (t.namespaced && !m_objects.contains(u"/namespaces//"_s + route.ns))
        return status(404, u"NotFound"_s, u"namespaces \"%1\" not found"_s.arg(route.ns), QJsonObject{{u"name"_s, route.ns}, {u"kind"_s, u"namespaces"_s}});
    const QString key = t.id() + u'/' + route.ns + u'/' + name;
    if (m_objects.contains(key))
        return status(409, u"AlreadyExists"_s, u"%1 \"%2\" already exists"_s.arg(pluralGroup(t), name),
                      QJsonObject{{u"name"_s, name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
    if (auto bad = strictCheck(*m_schemas, object, r.query.queryItemValue(u"fieldValidation"_s)))
        return *bad;
    object = stamp(object, {}, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        store(key, object);
    return json(object, 201);
}

HttpResponse ApiServer::replace(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const auto it = m_objects.constFind(key);
    if (it == m_objects.constEnd())
        return notFound(t, route.name);
    QString error;
    const std::optional<QJsonObject> body = parseBody(r.body, &error);
    if (!body)
        return status(400, u"BadRequest"_s, u"the request body could not be decoded: "_s + error);
    const QString rv = body->value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
    if (!rv.isEmpty() && rv != it->value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString())
        return status(409, u"Conflict"_s, u"Operation cannot be fulfilled on %1 \"%2\": the object has been modified; please apply your changes to the latest version and try again"_s.arg(pluralGroup(t), route.name));
    QJsonObject object = withoutNulls(*body);
    if (route.subresource == u"status"_s) {
        QJsonObject updated = *it;
        updated.insert(u"status"_s, object.value(u"status"_s));
        QJsonObject meta = updated.value(u"metadata"_s).toObject();
        meta.insert(u"resourceVersion"_s, QString::number(++m_resourceVersion));
        updated.insert(u"metadata"_s, meta);
        store(key, updated);
        return json(updated);
    }
    if (auto bad = strictCheck(*m_schemas, object, r.query.queryItemValue(u"fieldValidation"_s)))
        return *bad;
    object = stamp(object, *it, t, route.ns);
    if (r.query.queryItemValue(u"dryRun"_s) != u"All"_s)
        store(key, object);
    return json(object);
}

HttpResponse ApiServer::patch(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const QByteArray type = r.header("content-type").split(';').value(0).trimmed();
    const bool dryRun = r.query.queryItemValue(u"dryRun"_s) == u"All"_s;
    if (type == "application/json-patch+json") {
        const auto existing = m_objects.constFind(key);
        if (existing == m_objects.constEnd())
            return notFound(t, route.name);
        QJsonParseError perr{};
        const QJsonDocument ops = QJsonDocument::fromJson(r.body, &perr);
        if (perr.error != QJsonParseError::NoError || !ops.isArray())
            return status(400, u"BadRequest"_s, u"a JSON patch is a JSON array of operations"_s);
        QJsonValue doc(*existing);
        for (const QJsonValue &v : ops.array()) {
            const QJsonObject op = v.toObject();
            const QString name = op.value(u"op"_s).toString();
            QStringList tokens = op.value(u"path"_s).toString().split(u'/');
            if (tokens.isEmpty() || !tokens.first().isEmpty() || tokens.size() < 2
                || !QStringList{u"add"_s, u"replace"_s, u"remove"_s, u"test"_s}.contains(name))
                return status(422, u"Invalid"_s, u"unsupported JSON patch operation %1 %2"_s.arg(name, op.value(u"path"_s).toString()));
            tokens.removeFirst();
            for (QString &tok : tokens)
                tok = tok.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
            if (!jsonPatchAt(doc, tokens, name, op.value(u"value"_s)))
                return status(422, u"Invalid"_s, u"the JSON patch operation %1 %2 cannot be applied"_s.arg(name, op.value(u"path"_s).toString()));
        }
        QJsonObject patched = stamp(doc.toObject(), *existing, t, route.ns);
        if (!dryRun)
            store(key, patched);
        return json(patched);
    }
    QString error;
    const std::optional<QJsonObject> body = parseBody(r.body, &error);
    if (!body)
        return status(400, u"BadRequest"_s, u"the request body could not be decoded: "_s + error);
    const auto existing = m_objects.constFind(key);

    if (type == "application/apply-patch+yaml") {
        const QString manager = r.query.queryItemValue(u"fieldManager"_s);
        if (manager.isEmpty())
            return status(400, u"BadRequest"_s, u"PATCH requests with the apply content type must specify fieldManager"_s);
        QJsonObject applied = withoutNulls(*body);
        if (applied.value(u"kind"_s).toString() != t.kind || applied.value(u"apiVersion"_s).toString() != t.groupVersion())
            return status(400, u"BadRequest"_s, u"the apiVersion and kind of the applied object (%1 %2) do not match the URL (%3)"_s.arg(
                                                     applied.value(u"apiVersion"_s).toString(), applied.value(u"kind"_s).toString(), pluralGroup(t)));
        QJsonObject am = applied.value(u"metadata"_s).toObject();
        if (am.value(u"name"_s).toString() != route.name)
            return status(400, u"BadRequest"_s, u"the name of the applied object does not match the name in the URL"_s);
        if (t.namespaced && !m_objects.contains(u"/namespaces//"_s + route.ns))
            return status(404, u"NotFound"_s, u"namespaces \"%1\" not found"_s.arg(route.ns), QJsonObject{{u"name"_s, route.ns}, {u"kind"_s, u"namespaces"_s}});
        for (const QString &k : {u"managedFields"_s, u"resourceVersion"_s, u"uid"_s, u"creationTimestamp"_s, u"generation"_s})
            am.remove(k);
        applied.insert(u"metadata"_s, am);
        if (auto bad = strictCheck(*m_schemas, applied, r.query.queryItemValue(u"fieldValidation"_s)))
            return *bad;
        // Conflicts: a field another manager applied with a different value.
        QHash<QString, QJsonObject> owners = m_applied.value(key);
        QHash<QString, QJsonValue> mine;
        flatten(applied, QString(), &mine);
        const bool force = r.query.queryItemValue(u"force"_s) == u"true"_s;
        QJsonArray causes;
        QStringList conflictText;
        for (auto o = owners.begin(); o != owners.end(); ++o) {
            if (o.key() == manager)
                continue;
            QHash<QString, QJsonValue> theirs;
            flatten(*o, QString(), &theirs);
            QJsonObject pruned = *o;
            for (auto leaf = mine.constBegin(); leaf != mine.constEnd(); ++leaf) {
                const auto other = theirs.constFind(leaf.key());
                if (other == theirs.constEnd() || *other == *leaf)
                    continue;
                const QString field = u'.' + QString(leaf.key()).replace(u'\x1f', u'.');
                causes.append(QJsonObject{{u"type"_s, u"FieldManagerConflict"_s},
                                          {u"message"_s, u"conflict with \"%1\""_s.arg(o.key())}, {u"field"_s, field}});
                conflictText << u"conflict with \"%1\": %2"_s.arg(o.key(), field);
                pruned = removePath(pruned, leaf.key().split(u'\x1f'));
            }
            if (force)
                *o = pruned;
        }
        if (!causes.isEmpty() && !force)
            return status(409, u"Conflict"_s, u"Apply failed with %1 conflict%2: %3"_s.arg(causes.size()).arg(causes.size() == 1 ? QString() : u"s"_s, conflictText.join(u"; "_s)),
                          QJsonObject{{u"causes"_s, causes}, {u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
        // Merge; fields this manager applied before and now leaves out go, unless others own them.
        QJsonObject merged = existing == m_objects.constEnd() ? applied : deepMerge(*existing, applied);
        QHash<QString, QJsonValue> before;
        flatten(owners.value(manager), QString(), &before);
        for (auto leaf = before.constBegin(); leaf != before.constEnd(); ++leaf) {
            if (mine.contains(leaf.key()))
                continue;
            bool ownedByOthers = false;
            for (auto o = owners.constBegin(); o != owners.constEnd(); ++o) {
                QHash<QString, QJsonValue> theirs;
                flatten(*o, QString(), &theirs);
                ownedByOthers = ownedByOthers || (o.key() != manager && theirs.contains(leaf.key()));
            }
            if (!ownedByOthers)
                merged = removePath(merged, leaf.key().split(u'\x1f'));
        }
        owners.insert(manager, applied);
        merged = stamp(merged, existing == m_objects.constEnd() ? QJsonObject() : *existing, t, route.ns);
        QJsonArray managed;
        for (auto o = owners.constBegin(); o != owners.constEnd(); ++o) {
            QHash<QString, QJsonValue> leaves;
            flatten(*o, QString(), &leaves);
            managed.append(QJsonObject{{u"manager"_s, o.key()}, {u"operation"_s, u"Apply"_s}, {u"apiVersion"_s, t.groupVersion()},
                                       {u"time"_s, now()}, {u"fieldsType"_s, u"FieldsV1"_s}, {u"fieldsV1"_s, fieldsV1(leaves)}});
        }
        QJsonObject meta = merged.value(u"metadata"_s).toObject();
        meta.insert(u"managedFields"_s, managed);
        merged.insert(u"metadata"_s, meta);
        const bool created = existing == m_objects.constEnd();
        if (!dryRun) {
            m_applied.insert(key, owners);
            store(key, merged);
        }
        return json(merged, created ? 201 : 200);
    }
    if (existing == m_objects.constEnd())
        return notFound(t, route.name);
    const bool strategic = type == "application/strategic-merge-patch+json";
    if (strategic && t.crd)
        return status(415, u"UnsupportedMediaType"_s, u"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"_s);
    if (type == "application/merge-patch+json" || strategic) {
        QJsonObject patched = strategic ? strategicMerge(*existing, *body) : mergePatch(*existing, *body);
        if (route.subresource == u"status"_s) {
            QJsonObject updated = *existing;
            updated.insert(u"status"_s, patched.value(u"status"_s));
            patched = updated;
            QJsonObject meta = patched.value(u"metadata"_s).toObject();
            meta.insert(u"resourceVersion"_s, QString::number(++m_resourceVersion));
            patched.insert(u"metadata"_s, meta);
        } else {
            patched = stamp(patched, *existing, t, route.ns);
        }
        if (!dryRun)
            store(key, patched);
        return json(patched);
    }
    return status(415, u"UnsupportedMediaType"_s, u"the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"_s);
}

HttpResponse ApiServer::remove(const HttpRequest &r, const Route &route)
{
    const ResourceType &t = *route.type;
    const QString key = route.key();
    const auto it = m_objects.find(key);
    if (it == m_objects.end())
        return notFound(t, route.name);
    if (r.query.queryItemValue(u"dryRun"_s) == u"All"_s)
        return json(*it);
    if (t.kind == u"Namespace"_s) {
        // Everything in the namespace goes with it.
        QStringList inside;
        for (auto o = m_objects.constBegin(); o != m_objects.constEnd(); ++o)
            if (o->value(u"metadata"_s).toObject().value(u"namespace"_s).toString() == route.name)
                inside << o.key();
        for (const QString &k : std::as_const(inside))
            erase(k);
    }
    erase(key);
    return status(200, u"Success"_s, QString(), QJsonObject{{u"name"_s, route.name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
}

// The deployment controller, simulated: each new pod template is a new revision whose pods
// become ready one every readyAfterMs; images tagged ":fail" never become ready, and after
// progressDeadlineSeconds without progress the rollout is marked ProgressDeadlineExceeded.
void ApiServer::reconcile()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString prefix = u"apps/deployments/"_s;
    QList<QPair<QString, QJsonObject>> updates;
    for (auto it = m_objects.lowerBound(prefix); it != m_objects.constEnd() && it.key().startsWith(prefix); ++it) {
        const QJsonObject d = *it;
        const QJsonObject spec = d.value(u"spec"_s).toObject();
        QJsonObject meta = d.value(u"metadata"_s).toObject();
        const qint64 replicas = spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInteger() : 1;
        QJsonObject tmpl = normalized(spec.value(u"template"_s)).toObject();
        QJsonObject tmplMeta = tmpl.value(u"metadata"_s).toObject();
        QJsonObject tmplLabels = tmplMeta.value(u"labels"_s).toObject();
        tmplLabels.remove(u"pod-template-hash"_s);
        tmplMeta.insert(u"labels"_s, tmplLabels);
        tmpl.insert(u"metadata"_s, tmplMeta);
        const QByteArray hash = QCryptographicHash::hash(toJson(tmpl), QCryptographicHash::Sha1).toHex();
        Rollout &ro = m_rollouts[it.key()];
        const bool paused = spec.value(u"paused"_s).toBool();
        // A paused Deployment does not roll out template changes until it is resumed.
        const bool held = paused && !ro.templateHash.isEmpty() && ro.templateHash != hash;
        if (ro.templateHash != hash && !held) {
            ro.templateHash = hash;
            // A template seen before (rollout undo) keeps no old revision number: it gets the next.
            ++ro.revision;
            const int annotated = meta.value(u"annotations"_s).toObject().value(u"deployment.kubernetes.io/revision"_s).toString().toInt();
            ro.revision = std::max(ro.revision, annotated + 1);
            ro.startedMs = ro.lastProgressMs = nowMs;
            ro.ready = 0;
        }
        // Images tagged :fail run but never pass their readiness probe; :crash ones exit and restart.
        bool probeFailing = false;
        bool crashing = false;
        for (const QJsonValue &c : spec.value(u"template"_s).toObject().value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
            probeFailing = probeFailing || c.toObject().value(u"image"_s).toString().endsWith(u":fail"_s);
            crashing = crashing || c.toObject().value(u"image"_s).toString().endsWith(u":crash"_s);
        }
        const bool failing = probeFailing || crashing;
        if (!paused && !failing) {
            const qint64 due = std::min<qint64>(replicas, (nowMs - ro.startedMs) / std::max(1, m_options.readyAfterMs));
            if (due != ro.ready) {
                ro.ready = due;
                ro.lastProgressMs = nowMs;
            }
        }
        if (ro.ready > replicas)
            ro.ready = replicas;
        const qint64 deadlineMs = spec.value(u"progressDeadlineSeconds"_s).toInteger(600) * 1000;
        const bool done = ro.ready >= replicas;
        const bool exceeded = !done && !paused && nowMs - ro.lastProgressMs > deadlineMs;
        QJsonObject st{{u"observedGeneration"_s, meta.value(u"generation"_s).toInteger(1)},
                       {u"replicas"_s, replicas},
                       {u"updatedReplicas"_s, replicas},
                       {u"readyReplicas"_s, ro.ready},
                       {u"availableReplicas"_s, ro.ready}};
        if (ro.ready < replicas)
            st.insert(u"unavailableReplicas"_s, replicas - ro.ready);
        const QJsonObject previous = d.value(u"status"_s).toObject();
        auto condition = [&](const QString &type, const QString &statusText, const QString &reason, const QString &message) {
            // Keep the transition time while the status stays the same.
            QString since = now();
            for (const QJsonValue &c : previous.value(u"conditions"_s).toArray())
                if (c.toObject().value(u"type"_s).toString() == type && c.toObject().value(u"status"_s).toString() == statusText
                    && c.toObject().value(u"reason"_s).toString() == reason)
                    since = c.toObject().value(u"lastTransitionTime"_s).toString();
            return QJsonObject{{u"type"_s, type}, {u"status"_s, statusText}, {u"reason"_s, reason}, {u"message"_s, message},
                               {u"lastTransitionTime"_s, since}, {u"lastUpdateTime"_s, since}};
        };
        const QString name = meta.value(u"name"_s).toString();
        QJsonArray conditions{done ? condition(u"Available"_s, u"True"_s, u"MinimumReplicasAvailable"_s, u"Deployment has minimum availability."_s)
                                   : condition(u"Available"_s, u"False"_s, u"MinimumReplicasUnavailable"_s, u"Deployment does not have minimum availability."_s)};
        if (paused)
            conditions.append(condition(u"Progressing"_s, u"Unknown"_s, u"DeploymentPaused"_s, u"Deployment is paused"_s));
        else if (exceeded)
            conditions.append(condition(u"Progressing"_s, u"False"_s, u"ProgressDeadlineExceeded"_s,
                                        u"ReplicaSet \"%1-%2\" has timed out progressing."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        else if (done)
            conditions.append(condition(u"Progressing"_s, u"True"_s, u"NewReplicaSetAvailable"_s,
                                        u"ReplicaSet \"%1-%2\" has successfully progressed."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        else
            conditions.append(condition(u"Progressing"_s, u"True"_s, u"ReplicaSetUpdated"_s,
                                        u"ReplicaSet \"%1-%2\" is progressing."_s.arg(name, QString::fromLatin1(hash.left(10)))));
        st.insert(u"conditions"_s, conditions);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        const QString revision = QString::number(ro.revision);
        const int crashRestarts = crashing ? int((nowMs - ro.startedMs) / std::max(2000, 2 * m_options.readyAfterMs)) : -1;
        if (!held)
            reconcileReplicaSets(d, hash, ro.revision, replicas, ro.ready, done, {probeFailing, crashRestarts});
        simulateTraffic(meta.value(u"namespace"_s).toString() + u'/' + name, ro.ready, failing ? replicas : 0);
        if (st == previous && annotations.value(u"deployment.kubernetes.io/revision"_s).toString() == revision)
            continue;
        annotations.insert(u"deployment.kubernetes.io/revision"_s, revision);
        meta.insert(u"annotations"_s, annotations);
        meta.insert(u"resourceVersion"_s, QString::number(++m_resourceVersion));
        QJsonObject updated = d;
        updated.insert(u"metadata"_s, meta);
        updated.insert(u"status"_s, st);
        updates.append({it.key(), updated});
    }
    for (const auto &[key, object] : std::as_const(updates))
        store(key, object);
    for (auto it = m_rollouts.begin(); it != m_rollouts.end();)
        it = m_objects.contains(it.key()) ? std::next(it) : m_rollouts.erase(it);
    // ReplicaSets and pods whose owner is gone go too (garbage collection).
    QStringList orphans;
    for (const QString &prefix : {u"apps/replicasets/"_s, u"/pods/"_s}) {
        for (auto it = m_objects.lowerBound(prefix); it != m_objects.constEnd() && it.key().startsWith(prefix); ++it) {
            const QJsonObject meta = it->value(u"metadata"_s).toObject();
            const QJsonArray owners = meta.value(u"ownerReferences"_s).toArray();
            if (owners.isEmpty())
                continue;
            const QJsonObject owner = owners.first().toObject();
            const QString ownerKey = (owner.value(u"kind"_s).toString() == u"Deployment"_s ? u"apps/deployments/"_s : u"apps/replicasets/"_s)
                + meta.value(u"namespace"_s).toString() + u'/' + owner.value(u"name"_s).toString();
            const auto ownerIt = m_objects.constFind(ownerKey);
            if (ownerIt == m_objects.constEnd()
                || ownerIt->value(u"metadata"_s).toObject().value(u"uid"_s) != owner.value(u"uid"_s))
                orphans << it.key();
        }
    }
    for (const QString &k : std::as_const(orphans))
        erase(k);
    if (++m_ticks % 40 == 0)
        expireEvents();
}

// The ReplicaSet of every revision (old ones scaled down once the new one is ready) and the
// pods of each, ready as far as the simulated rollout has come.
void ApiServer::reconcileReplicaSets(const QJsonObject &deployment, const QByteArray &hash, int revision, qint64 replicas, qint64 ready,
                                     bool done, PodFailure failure)
{
    const QJsonObject dmeta = deployment.value(u"metadata"_s).toObject();
    const QString ns = dmeta.value(u"namespace"_s).toString();
    const QString name = dmeta.value(u"name"_s).toString();
    const QString podHash = QString::fromLatin1(hash.left(10));
    const QString rsName = name + u'-' + podHash;
    const QJsonObject owner{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s}, {u"name"_s, name},
                            {u"uid"_s, dmeta.value(u"uid"_s)}, {u"controller"_s, true}, {u"blockOwnerDeletion"_s, true}};
    const ResourceType *rsType = builtinType(u"ReplicaSet"_s);
    const ResourceType *podType = builtinType(u"Pod"_s);
    const QJsonObject spec = deployment.value(u"spec"_s).toObject();
    QJsonObject tmpl = spec.value(u"template"_s).toObject();
    QJsonObject tmeta = tmpl.value(u"metadata"_s).toObject();
    QJsonObject labels = tmeta.value(u"labels"_s).toObject();
    labels.insert(u"pod-template-hash"_s, podHash);
    tmeta.insert(u"labels"_s, labels);
    tmpl.insert(u"metadata"_s, tmeta);
    QJsonObject selector = spec.value(u"selector"_s).toObject();
    QJsonObject matchLabels = selector.value(u"matchLabels"_s).toObject();
    matchLabels.insert(u"pod-template-hash"_s, podHash);
    selector.insert(u"matchLabels"_s, matchLabels);

    // Stores the object when it differs; returns the previous version (empty when it is new).
    auto upsert = [this](const ResourceType &t, const QString &key, QJsonObject object) {
        const auto it = m_objects.constFind(key);
        const QJsonObject previous = it == m_objects.constEnd() ? QJsonObject() : *it;
        QJsonObject compare = previous;
        QJsonObject pm = compare.value(u"metadata"_s).toObject();
        for (const QString &k : {u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s, u"generation"_s})
            pm.remove(k);
        compare.insert(u"metadata"_s, pm);
        if (compare == object)
            return previous;
        const QJsonObject status = object.value(u"status"_s).toObject();
        QJsonObject stamped = stamp(object, previous, t, object.value(u"metadata"_s).toObject().value(u"namespace"_s).toString());
        stamped.insert(u"status"_s, status);
        store(key, stamped);
        return previous;
    };

    // Every ReplicaSet this Deployment owns, with the desired size of each.
    const QString rsPrefix = u"apps/replicasets/"_s + ns + u'/';
    QStringList owned;
    for (auto it = m_objects.lowerBound(rsPrefix); it != m_objects.constEnd() && it.key().startsWith(rsPrefix); ++it) {
        const QJsonArray owners = it->value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray();
        if (!owners.isEmpty() && owners.first().toObject().value(u"uid"_s) == dmeta.value(u"uid"_s))
            owned << it.key();
    }
    const QString currentKey = rsPrefix + rsName;
    if (!owned.contains(currentKey))
        owned << currentKey;
    for (const QString &key : std::as_const(owned)) {
        const bool current = key == currentKey;
        QJsonObject rs = current ? QJsonObject{} : m_objects.value(key);
        const qint64 want = current ? replicas : (done ? 0 : std::max<qint64>(0, replicas - ready));
        const qint64 rsReady = current ? ready : want;
        QJsonObject rsMeta;
        QJsonObject rsSpec;
        if (current) {
            QJsonObject ann{{u"deployment.kubernetes.io/revision"_s, QString::number(revision)},
                            {u"deployment.kubernetes.io/desired-replicas"_s, QString::number(replicas)}};
            rsMeta = QJsonObject{{u"name"_s, rsName}, {u"namespace"_s, ns}, {u"labels"_s, labels}, {u"annotations"_s, ann},
                                 {u"ownerReferences"_s, QJsonArray{owner}}};
            rsSpec = QJsonObject{{u"selector"_s, selector}, {u"template"_s, tmpl}};
        } else {
            rsMeta = rs.value(u"metadata"_s).toObject();
            for (const QString &k : {u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s, u"generation"_s})
                rsMeta.remove(k);
            rsSpec = rs.value(u"spec"_s).toObject();
        }
        rsSpec.insert(u"replicas"_s, want);
        QJsonObject rsStatus{{u"replicas"_s, want}, {u"readyReplicas"_s, rsReady}, {u"availableReplicas"_s, rsReady},
                             {u"fullyLabeledReplicas"_s, want}, {u"observedGeneration"_s, 1}};
        const QJsonObject previousRs = upsert(*rsType, key, QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s}, {u"metadata"_s, rsMeta},
                                                                      {u"spec"_s, rsSpec}, {u"status"_s, rsStatus}});
        const qint64 had = previousRs.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger(0);
        if (had != want)
            recordEvent(deployment, u"Normal"_s, u"ScalingReplicaSet"_s,
                        u"Scaled %1 replica set %2 from %3 to %4"_s.arg(want > had ? u"up"_s : u"down"_s, rsMeta.value(u"name"_s).toString())
                            .arg(had)
                            .arg(want),
                        u"deployment-controller"_s);
        // Pods: <replicaset>-<n>, the first rsReady of them ready.
        const QJsonObject rsObject = m_objects.value(key);
        const QString thisRs = rsObject.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        const QJsonObject podOwner{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s}, {u"name"_s, thisRs},
                                   {u"uid"_s, rsObject.value(u"metadata"_s).toObject().value(u"uid"_s)}, {u"controller"_s, true},
                                   {u"blockOwnerDeletion"_s, true}};
        const QJsonObject podTemplate = rsObject.value(u"spec"_s).toObject().value(u"template"_s).toObject();
        const QString podPrefix = u"/pods/"_s + ns + u'/' + thisRs + u'-';
        QStringList existing;
        for (auto it = m_objects.lowerBound(podPrefix); it != m_objects.constEnd() && it.key().startsWith(podPrefix); ++it)
            existing << it.key();
        for (qint64 i = 0; i < std::max<qint64>(want, existing.size()); ++i) {
            const QString podName = thisRs + u'-' + QString::number(i);
            const QString podKey = u"/pods/"_s + ns + u'/' + podName;
            if (i >= want) {
                if (m_objects.contains(podKey)) {
                    const QJsonObject pod = m_objects.value(podKey);
                    for (const QJsonValue &c : pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
                        recordEvent(pod, u"Normal"_s, u"Killing"_s, u"Stopping container %1"_s.arg(c.toObject().value(u"name"_s).toString()), u"kubelet"_s);
                    recordEvent(rsObject, u"Normal"_s, u"SuccessfulDelete"_s, u"Deleted pod: %1"_s.arg(podName), u"replicaset-controller"_s);
                    erase(podKey);
                }
                continue;
            }
            const bool podReady = i < rsReady;
            // Only the current revision's pods fail; older ones keep serving.
            const bool crashing = current && failure.crashRestarts >= 0;
            const bool probeFailing = current && failure.probeFailing;
            QJsonArray containerStatuses;
            for (const QJsonValue &c : podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
                const QString container = c.toObject().value(u"name"_s).toString();
                QJsonObject cs{{u"name"_s, container}, {u"image"_s, c.toObject().value(u"image"_s)}, {u"ready"_s, podReady},
                               {u"restartCount"_s, crashing ? failure.crashRestarts : 0}, {u"started"_s, !crashing},
                               {u"state"_s, QJsonObject{{u"running"_s, QJsonObject{}}}}};
                if (crashing) {
                    cs.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"CrashLoopBackOff"_s},
                                                                                  {u"message"_s, u"back-off restarting failed container=%1 pod=%2"_s.arg(container, podName)}}}});
                    cs.insert(u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, 1}, {u"reason"_s, u"Error"_s}}}});
                }
                containerStatuses.append(cs);
            }
            const QJsonObject podStatus{{u"phase"_s, u"Running"_s},
                                        {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, podReady ? u"True"_s : u"False"_s}}}},
                                        {u"containerStatuses"_s, containerStatuses},
                                        {u"podIP"_s, u"10.244.0.%1"_s.arg(2 + (qHash(podName) % 250))}};
            QJsonObject pm = podTemplate.value(u"metadata"_s).toObject();
            pm.insert(u"name"_s, podName);
            pm.insert(u"namespace"_s, ns);
            pm.insert(u"ownerReferences"_s, QJsonArray{podOwner});
            const QJsonObject previousPod = upsert(*podType, podKey, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s}, {u"metadata"_s, pm},
                                                                                {u"spec"_s, podTemplate.value(u"spec"_s)}, {u"status"_s, podStatus}});
            const QJsonObject pod = m_objects.value(podKey);
            const QJsonArray containers = podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray();
            if (previousPod.isEmpty()) {
                recordEvent(rsObject, u"Normal"_s, u"SuccessfulCreate"_s, u"Created pod: %1"_s.arg(podName), u"replicaset-controller"_s);
                recordEvent(pod, u"Normal"_s, u"Scheduled"_s, u"Successfully assigned %1/%2 to demo-node"_s.arg(ns, podName), u"default-scheduler"_s);
                for (const QJsonValue &c : containers) {
                    const QString container = c.toObject().value(u"name"_s).toString();
                    recordEvent(pod, u"Normal"_s, u"Pulled"_s,
                                u"Container image \"%1\" already present on machine"_s.arg(c.toObject().value(u"image"_s).toString()), u"kubelet"_s);
                    recordEvent(pod, u"Normal"_s, u"Created"_s, u"Created container: %1"_s.arg(container), u"kubelet"_s);
                    recordEvent(pod, u"Normal"_s, u"Started"_s, u"Started container %1"_s.arg(container), u"kubelet"_s);
                }
            }
            if (probeFailing && previousPod.isEmpty())
                recordEvent(pod, u"Warning"_s, u"Unhealthy"_s, u"Readiness probe failed: HTTP probe failed with statuscode: 503"_s, u"kubelet"_s);
            const qint64 restartsBefore = previousPod.value(u"status"_s).toObject().value(u"containerStatuses"_s).toArray().at(0).toObject().value(u"restartCount"_s).toInteger();
            if (crashing && (previousPod.isEmpty() || failure.crashRestarts > restartsBefore))
                for (const QJsonValue &c : containers)
                    recordEvent(pod, u"Warning"_s, u"BackOff"_s,
                                u"Back-off restarting failed container %1 in pod %2_%3(%4)"_s.arg(c.toObject().value(u"name"_s).toString(), podName, ns,
                                                                                               pod.value(u"metadata"_s).toObject().value(u"uid"_s).toString()),
                                u"kubelet"_s);
        }
    }
}

// An Event about `object`, as the controllers and the kubelet record them: repeated ones are
// aggregated (count, lastTimestamp), and events older than an hour go (the API server's TTL).
void ApiServer::recordEvent(const QJsonObject &object, const QString &type, const QString &reason, const QString &message, const QString &component)
{
    const ResourceType *eventType = builtinType(u"Event"_s);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QString ns = meta.value(u"namespace"_s).toString(u"default"_s);
    const QByteArray id = QCryptographicHash::hash((meta.value(u"uid"_s).toString() + reason + message).toUtf8(), QCryptographicHash::Sha1).toHex();
    const QString name = meta.value(u"name"_s).toString() + u'.' + QString::fromLatin1(id.left(16));
    const QString key = eventType->id() + u'/' + ns + u'/' + name;
    const QJsonObject previous = m_objects.value(key);
    const QString stampNow = now();
    QJsonObject event{
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
        {u"involvedObject"_s, QJsonObject{{u"kind"_s, object.value(u"kind"_s)}, {u"namespace"_s, ns}, {u"name"_s, meta.value(u"name"_s)},
                                         {u"uid"_s, meta.value(u"uid"_s)}, {u"apiVersion"_s, object.value(u"apiVersion"_s)},
                                         {u"resourceVersion"_s, meta.value(u"resourceVersion"_s)}}},
        {u"reason"_s, reason},
        {u"message"_s, message},
        {u"type"_s, type},
        {u"source"_s, QJsonObject{{u"component"_s, component}}},
        {u"reportingComponent"_s, component},
        {u"reportingInstance"_s, QString()},
        {u"firstTimestamp"_s, previous.value(u"firstTimestamp"_s).toString(stampNow)},
        {u"lastTimestamp"_s, stampNow},
        {u"count"_s, previous.value(u"count"_s).toInteger(0) + 1},
    };
    store(key, stamp(event, previous, *eventType, ns));
}

void ApiServer::expireEvents()
{
    const QString cutoff = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate);
    QStringList old;
    for (auto it = m_objects.lowerBound(u"/events/"_s); it != m_objects.constEnd() && it.key().startsWith(u"/events/"_s); ++it)
        if (it->value(u"lastTimestamp"_s).toString() < cutoff)
            old << it.key();
    for (const QString &k : std::as_const(old))
        erase(k);
}

namespace {
const double LatencyBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
}

// Simulated load, one controller tick (250 ms): 5 requests per ready pod, none while nothing is
// ready; pods of a failing revision answer 503; latency spread over a few milliseconds.
void ApiServer::simulateTraffic(const QString &module, qint64 readyPods, qint64 failingPods)
{
    Traffic &t = m_traffic[module];
    if (t.buckets.isEmpty())
        t.buckets = QList<qint64>(std::size(LatencyBuckets), 0);
    const qint64 ok = readyPods * 5;
    const qint64 failed = readyPods > 0 ? failingPods : 0; // traffic only reaches broken pods while others serve
    static const char *const methods[] = {"GET", "GET", "GET", "POST", "PATCH"};
    for (qint64 i = 0; i < ok + failed; ++i) {
        const QString method = QString::fromLatin1(methods[(t.count + i) % 5]);
        const QString code = i < ok ? (method == u"POST"_s ? u"201"_s : u"200"_s) : u"503"_s;
        t.requests[method + u' ' + code] += 1;
        // A deterministic spread: most requests fast, a tail slower.
        const double seconds = 0.003 + 0.002 * double((t.count + i) % 7) + ((t.count + i) % 50 == 0 ? 0.2 : 0.0);
        t.sumSeconds += seconds;
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            if (seconds <= LatencyBuckets[b])
                t.buckets[qsizetype(b)] += 1;
    }
    t.count += ok + failed;
}

HttpResponse ApiServer::metrics() const
{
    QString out;
    out += u"# HELP requests_total Requests handled by the module (simulated).\n# TYPE requests_total counter\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString ns = it.key().section(u'/', 0, 0), module = it.key().section(u'/', 1);
        for (auto r = it->requests.constBegin(); r != it->requests.constEnd(); ++r)
            out += u"requests_total{namespace=\"%1\",module=\"%2\",method=\"%3\",code=\"%4\"} %5\n"_s.arg(
                ns, module, r.key().section(u' ', 0, 0), r.key().section(u' ', 1)).arg(*r);
    }
    out += u"# HELP request_duration_seconds Request latency (simulated).\n# TYPE request_duration_seconds histogram\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString labels = u"namespace=\"%1\",module=\"%2\""_s.arg(it.key().section(u'/', 0, 0), it.key().section(u'/', 1));
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            out += u"request_duration_seconds_bucket{%1,le=\"%2\"} %3\n"_s.arg(labels).arg(LatencyBuckets[b]).arg(it->buckets.value(qsizetype(b)));
        out += u"request_duration_seconds_bucket{%1,le=\"+Inf\"} %2\n"_s.arg(labels).arg(it->count);
        out += u"request_duration_seconds_sum{%1} %2\n"_s.arg(labels).arg(it->sumSeconds, 0, 'f', 6);
        out += u"request_duration_seconds_count{%1} %2\n"_s.arg(labels).arg(it->count);
    }
    out += u"# HELP istio_requests_total Requests seen by the destination sidecar (simulated).\n# TYPE istio_requests_total counter\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString ns = it.key().section(u'/', 0, 0), module = it.key().section(u'/', 1);
        QMap<QString, qint64> byCode;
        for (auto r = it->requests.constBegin(); r != it->requests.constEnd(); ++r)
            byCode[r.key().section(u' ', 1)] += *r;
        for (auto c = byCode.constBegin(); c != byCode.constEnd(); ++c)
            out += u"istio_requests_total{reporter=\"destination\",destination_workload=\"%1\",destination_workload_namespace=\"%2\",destination_service_name=\"%1\",response_code=\"%3\"} %4\n"_s
                       .arg(module, ns, c.key()).arg(*c);
    }
    out += u"# HELP istio_request_duration_milliseconds Request latency seen by the destination sidecar (simulated).\n# TYPE istio_request_duration_milliseconds histogram\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString labels = u"reporter=\"destination\",destination_workload=\"%1\",destination_workload_namespace=\"%2\""_s.arg(
            it.key().section(u'/', 1), it.key().section(u'/', 0, 0));
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            out += u"istio_request_duration_milliseconds_bucket{%1,le=\"%2\"} %3\n"_s.arg(labels).arg(LatencyBuckets[b] * 1000).arg(it->buckets.value(qsizetype(b)));
        out += u"istio_request_duration_milliseconds_bucket{%1,le=\"+Inf\"} %2\n"_s.arg(labels).arg(it->count);
        out += u"istio_request_duration_milliseconds_sum{%1} %2\n"_s.arg(labels).arg(it->sumSeconds * 1000, 0, 'f', 3);
        out += u"istio_request_duration_milliseconds_count{%1} %2\n"_s.arg(labels).arg(it->count);
    }
    return {200, "text/plain; version=0.0.4; charset=utf-8", out.toUtf8()};
}

HttpResponse ApiServer::review(const HttpRequest &r, const ResourceType &t)
{
    QString error;
    const bool protobuf = r.header("content-type").startsWith("application/vnd.kubernetes.protobuf");
    const std::optional<QJsonObject> body = protobuf ? reviewFromProtobuf(r.body) : parseBody(r.body, &error);
    if (!body)
        return status(400, u"BadRequest"_s, u"the request body could not be decoded: "_s + (protobuf ? u"not a Kubernetes protobuf message"_s : error));
    QJsonObject out = *body;
    out.insert(u"apiVersion"_s, t.groupVersion());
    out.insert(u"kind"_s, t.kind);
    out.insert(u"metadata"_s, QJsonObject{{u"creationTimestamp"_s, QJsonValue::Null}});
    if (t.kind == u"SelfSubjectReview"_s) {
        out.insert(u"status"_s, QJsonObject{{u"userInfo"_s, QJsonObject{{u"username"_s, m_options.user},
                                                                        {u"groups"_s, QJsonArray::fromStringList(m_options.groups)}}}});
        return json(out, 201);
    }
    const QJsonObject spec = body->value(u"spec"_s).toObject();
    const QJsonObject attrs = spec.value(u"resourceAttributes"_s).toObject();
    bool ok = true;
    QString reason;
    if (!attrs.isEmpty()) {
        ok = allowed(attrs.value(u"verb"_s).toString(), attrs.value(u"resource"_s).toString(), attrs.value(u"namespace"_s).toString());
        reason = ok ? u"allowed by the demo cluster's user configuration"_s : u"denied by the demo cluster's --deny rules"_s;
    } else {
        reason = u"non-resource URLs are allowed in the demo cluster"_s;
    }
    QJsonObject st{{u"allowed"_s, ok}, {u"reason"_s, reason}};
    if (!ok)
        st.insert(u"denied"_s, true);
    out.insert(u"status"_s, st);
    return json(out, 201);
}

} // namespace dc::demo
