#include "patch.h"

#include <QJsonDocument>
#include <QStringList>


using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

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

} // namespace

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


std::optional<QJsonObject> applyJsonPatch(const QJsonObject &object, const QByteArray &operations, PatchError *error)
{
    QJsonParseError perr{};
    const QJsonDocument ops = QJsonDocument::fromJson(operations, &perr);
    if (perr.error != QJsonParseError::NoError || !ops.isArray()) {
        *error = {ApiReason::BadRequest, u"a JSON patch is a JSON array of operations"_s};
        return std::nullopt;
    }
    QJsonValue doc(object);
    for (const QJsonValue &v : ops.array()) {
        const QJsonObject op = v.toObject();
        const QString name = op.value(u"op"_s).toString();
        QStringList tokens = op.value(u"path"_s).toString().split(u'/');
        if (tokens.isEmpty() || !tokens.first().isEmpty() || tokens.size() < 2
            || !QStringList{u"add"_s, u"replace"_s, u"remove"_s, u"test"_s}.contains(name)) {
            *error = {ApiReason::Invalid, u"unsupported JSON patch operation %1 %2"_s.arg(name, op.value(u"path"_s).toString())};
            return std::nullopt;
        }
        tokens.removeFirst();
        for (QString &tok : tokens)
            tok = tok.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        if (!jsonPatchAt(doc, tokens, name, op.value(u"value"_s))) {
            *error = {ApiReason::Invalid, u"the JSON patch operation %1 %2 cannot be applied"_s.arg(name, op.value(u"path"_s).toString())};
            return std::nullopt;
        }
    }
    return doc.toObject();
}

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


} // namespace dc::demo
