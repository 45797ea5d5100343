#include "managedfields.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

constexpr QChar Sep = u'\x1f';
const QString ItemSelf = u"."_s;
const QString LastApplied = u"kubectl.kubernetes.io/last-applied-configuration"_s;

// "...\x1f." names a list item itself.
bool isItemSelf(const QString &path)
{
    return path.endsWith(ItemSelf) && (path.size() == 1 || path.at(path.size() - 2) == Sep);
}

QString join(const QString &path, const QString &element)
{
    return path.isEmpty() ? element : path + Sep + element;
}

QString compact(const QJsonValue &v)
{
    // QJsonDocument writes objects and arrays only: wrap, then strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

std::optional<QJsonValue> parseCompact(QStringView text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray('[' + text.toUtf8() + ']'));
    if (!doc.isArray() || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

// How server-side apply treats the built-in lists (the types' listType and listMapKeys): keyed
// lists merge item by item, finalizers are a set, everything else is atomic.
struct ListKind
{
    enum Type { Atomic, Map, Set } type = Atomic;
    QStringList keys = {};
};

ListKind listKind(const QString &field, const QJsonArray &items)
{
    static const QHash<QString, QStringList> keyed = {
        {u"containers"_s, {u"name"_s}},          {u"initContainers"_s, {u"name"_s}},      {u"ephemeralContainers"_s, {u"name"_s}},
        {u"env"_s, {u"name"_s}},                 {u"volumes"_s, {u"name"_s}},             {u"volumeMounts"_s, {u"mountPath"_s}},
        {u"volumeDevices"_s, {u"devicePath"_s}}, {u"imagePullSecrets"_s, {u"name"_s}},    {u"conditions"_s, {u"type"_s}},
        {u"hostAliases"_s, {u"ip"_s}},           {u"ownerReferences"_s, {u"uid"_s}},      {u"resourceClaims"_s, {u"name"_s}},
        {u"topologySpreadConstraints"_s, {u"topologyKey"_s, u"whenUnsatisfiable"_s}},
    };
    if (field == u"finalizers"_s)
        return {ListKind::Set};
    for (const QJsonValue &v : items)
        if (!v.isObject())
            return {}; // keyed lists hold objects; anything else is one value
    if (field == u"ports"_s) {
        for (const QJsonValue &v : items)
            if (v.toObject().contains(u"containerPort"_s))
                return {ListKind::Map, {u"containerPort"_s, u"protocol"_s}};
        return {ListKind::Map, {u"port"_s, u"protocol"_s}};
    }
    const auto it = keyed.constFind(field);
    return it == keyed.constEnd() ? ListKind{} : ListKind{ListKind::Map, *it};
}

// An item's key fields; protocol defaults to TCP as the API server defaults it.
QJsonObject keyOf(const QJsonObject &item, const QStringList &keys)
{
    QJsonObject key;
    for (const QString &k : keys) {
        if (item.contains(k))
            key.insert(k, item.value(k));
        else if (k == u"protocol"_s)
            key.insert(k, u"TCP"_s);
    }
    return key;
}

bool itemMatches(const QJsonObject &item, const QJsonObject &key)
{
    for (auto it = key.begin(); it != key.end(); ++it) {
        const QJsonValue v = item.value(it.key());
        if (v.isUndefined() ? !(it.key() == u"protocol"_s && *it == QJsonValue(u"TCP"_s)) : v != *it)
            return false;
    }
    return true;
}

qsizetype indexOf(const QJsonArray &items, const QJsonValue &value)
{
    for (qsizetype i = 0; i < items.size(); ++i)
        if (items.at(i) == value)
            return i;
    return -1;
}

qsizetype findItem(const QJsonArray &items, const QJsonObject &key)
{
    for (qsizetype i = 0; i < items.size(); ++i)
        if (itemMatches(items.at(i).toObject(), key))
            return i;
    return -1;
}

void walk(const QJsonValue &v, const QString &field, const QString &path, FieldSet *out)
{
    if (v.isObject() && !v.toObject().isEmpty()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            walk(*it, it.key(), join(path, u"f:"_s + it.key()), out);
        return;
    }
    if (v.isArray() && !v.toArray().isEmpty()) {
        const QJsonArray items = v.toArray();
        const ListKind kind = listKind(field, items);
        if (kind.type == ListKind::Map) {
            for (const QJsonValue &item : items) {
                const QString itemPath = join(path, u"k:"_s + compact(keyOf(item.toObject(), kind.keys)));
                out->insert(join(itemPath, ItemSelf));
                const QJsonObject o = item.toObject();
                for (auto it = o.begin(); it != o.end(); ++it)
                    walk(*it, it.key(), join(itemPath, u"f:"_s + it.key()), out);
            }
            return;
        }
        if (kind.type == ListKind::Set) {
            for (const QJsonValue &item : items)
                out->insert(join(path, u"v:"_s + compact(item)));
            return;
        }
    }
    out->insert(path);
}

// Removes the element at `parts[i..]` from `at`; maps a removal leaves empty go too.
bool removeAt(QJsonValue &at, const QStringList &parts, qsizetype i)
{
    const QString &element = parts.at(i);
    const bool last = i == parts.size() - 1;
    if (element.startsWith(u"f:"_s) && at.isObject()) {
        QJsonObject o = at.toObject();
        const QString name = element.mid(2);
        if (!o.contains(name))
            return false;
        if (last) {
            o.remove(name);
        } else {
            QJsonValue child = o.value(name);
            if (!removeAt(child, parts, i + 1))
                return false;
            if (child.isObject() && child.toObject().isEmpty())
                o.remove(name);
            else
                o.insert(name, child);
        }
        at = o;
        return true;
    }
    if ((element.startsWith(u"k:"_s) || element.startsWith(u"v:"_s)) && at.isArray()) {
        QJsonArray items = at.toArray();
        const std::optional<QJsonValue> wanted = parseCompact(QStringView(element).mid(2));
        if (!wanted)
            return false;
        const qsizetype index = element.startsWith(u"k:"_s) ? findItem(items, wanted->toObject()) : indexOf(items, *wanted);
        if (index < 0)
            return false;
        if (last) {
            items.removeAt(index);
        } else {
            QJsonValue child = items.at(index);
            if (!removeAt(child, parts, i + 1))
                return false;
            items.replace(index, child);
        }
        at = items;
        return true;
    }
    return false;
}

QJsonValue mergeValue(const QJsonValue &live, const QJsonValue &applied, const QString &field)
{
    if (live.isObject() && applied.isObject()) {
        QJsonObject o = live.toObject();
        const QJsonObject a = applied.toObject();
        for (auto it = a.begin(); it != a.end(); ++it)
            o.insert(it.key(), mergeValue(o.value(it.key()), *it, it.key()));
        return o;
    }
    if (live.isArray() && applied.isArray()) {
        QJsonArray out = live.toArray();
        const QJsonArray a = applied.toArray();
        QJsonArray all = out;
        for (const QJsonValue &v : a)
            all.append(v);
        const ListKind kind = listKind(field, all);
        if (kind.type == ListKind::Map) {
            for (const QJsonValue &item : a) {
                const qsizetype index = findItem(out, keyOf(item.toObject(), kind.keys));
                if (index >= 0)
                    out.replace(index, mergeValue(out.at(index), item, QString()));
                else
                    out.append(item);
            }
            return out;
        }
        if (kind.type == ListKind::Set) {
            for (const QJsonValue &item : a)
                if (!out.contains(item))
                    out.append(item);
            return out;
        }
    }
    return applied;
}

bool ownedBelow(const FieldSet &fields, const QString &path)
{
    if (fields.contains(path))
        return true;
    const QString below = path + Sep;
    return std::any_of(fields.begin(), fields.end(), [&](const QString &p) { return p.startsWith(below); });
}


QJsonObject withoutManagedFields(QJsonObject object)
{
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    meta.remove(u"managedFields"_s);
    object.insert(u"metadata"_s, meta);
    return object;
}

} // namespace

FieldSet fieldsOf(const QJsonObject &object)
{
    QJsonObject o = object;
    for (const QString &k : {u"apiVersion"_s, u"kind"_s, u"status"_s})
        o.remove(k);
    QJsonObject meta = o.value(u"metadata"_s).toObject();
    for (const QString &k : {u"name"_s, u"namespace"_s, u"uid"_s, u"resourceVersion"_s, u"generation"_s, u"creationTimestamp"_s,
                             u"managedFields"_s, u"selfLink"_s, u"deletionTimestamp"_s, u"deletionGracePeriodSeconds"_s})
        meta.remove(k);
    if (meta.isEmpty())
        o.remove(u"metadata"_s);
    else
        o.insert(u"metadata"_s, meta);
    FieldSet out;
    for (auto it = o.begin(); it != o.end(); ++it)
        walk(*it, it.key(), u"f:"_s + it.key(), &out);
    return out;
}

QJsonObject toFieldsV1(const FieldSet &fields)
{
    QJsonObject root;
    for (const QString &path : fields) {
        const QStringList parts = path.split(Sep);
        auto put = [&parts](auto &&self, QJsonObject o, qsizetype i) -> QJsonObject {
            if (i == parts.size() - 1) {
                if (!o.contains(parts[i]))
                    o.insert(parts[i], QJsonObject());
                return o;
            }
            o.insert(parts[i], self(self, o.value(parts[i]).toObject(), i + 1));
            return o;
        };
        root = put(put, root, 0);
    }
    return root;
}

FieldSet fromFieldsV1(const QJsonObject &fieldsV1)
{
    FieldSet out;
    auto read = [&out](auto &&self, const QJsonObject &o, const QString &prefix) -> void {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString path = join(prefix, it.key());
            const QJsonObject child = it->toObject();
            if (it.key() == ItemSelf || child.isEmpty())
                out.insert(path);
            else
                self(self, child, path);
        }
    };
    read(read, fieldsV1, QString());
    return out;
}

std::optional<QJsonValue> valueAt(const QJsonObject &object, const QString &path)
{
    QJsonValue at(object);
    for (const QStringView element : QStringView(path).split(Sep)) {
        if (element == ItemSelf)
            return at;
        if (element.startsWith(u"f:") && at.isObject()) {
            const QJsonObject o = at.toObject();
            const auto it = o.constFind(element.mid(2));
            if (it == o.constEnd())
                return std::nullopt;
            at = *it;
        } else if ((element.startsWith(u"k:") || element.startsWith(u"v:")) && at.isArray()) {
            const QJsonArray items = at.toArray();
            const std::optional<QJsonValue> wanted = parseCompact(element.mid(2));
            if (!wanted)
                return std::nullopt;
            const qsizetype index = element.startsWith(u"k:") ? findItem(items, wanted->toObject()) : indexOf(items, *wanted);
            if (index < 0)
                return std::nullopt;
            at = items.at(index);
        } else {
            return std::nullopt;
        }
    }
    return at;
}

QString fieldPathText(const QString &path)
{
    QString text;
    for (const QStringView element : QStringView(path).split(Sep)) {
        if (element.startsWith(u"f:")) {
            text += u'.' + element.mid(2).toString();
        } else if (element.startsWith(u"k:")) {
            const QJsonObject key = parseCompact(element.mid(2)).value_or(QJsonValue()).toObject();
            QStringList parts;
            for (auto it = key.begin(); it != key.end(); ++it)
                parts << it.key() + u'=' + compact(*it);
            text += u'[' + parts.join(u',') + u']';
        } else if (element.startsWith(u"v:")) {
            text += u"[="_s + element.mid(2).toString() + u']';
        }
    }
    return text;
}

QList<ManagedEntry> managedEntries(const QJsonObject &object)
{
    QList<ManagedEntry> entries;
    for (const QJsonValue &v : object.value(u"metadata"_s).toObject().value(u"managedFields"_s).toArray()) {
        const QJsonObject e = v.toObject();
        entries.append({e.value(u"manager"_s).toString(), e.value(u"operation"_s).toString(), e.value(u"apiVersion"_s).toString(),
                        e.value(u"time"_s).toString(), e.value(u"subresource"_s).toString(), fromFieldsV1(e.value(u"fieldsV1"_s).toObject())});
    }
    return entries;
}

QJsonArray toManagedFields(const QList<ManagedEntry> &entries)
{
    QJsonArray out;
    for (const ManagedEntry &e : entries) {
        QJsonObject entry{{u"manager"_s, e.manager},   {u"operation"_s, e.operation},   {u"apiVersion"_s, e.apiVersion},
                          {u"time"_s, e.time},         {u"fieldsType"_s, u"FieldsV1"_s}, {u"fieldsV1"_s, toFieldsV1(e.fields)}};
        if (!e.subresource.isEmpty())
            entry.insert(u"subresource"_s, e.subresource);
        out.append(entry);
    }
    return out;
}

QList<ManagedEntry> recordUpdate(QList<ManagedEntry> entries, const QJsonObject &before, const QJsonObject &after, const FieldWriter &writer)
{
    const FieldSet now = fieldsOf(after);
    FieldSet changed;
    if (withoutManagedFields(before) != withoutManagedFields(after)) {
        const FieldSet was = fieldsOf(before);
        for (const QString &path : now) {
            if (isItemSelf(path) ? !was.contains(path) : valueAt(before, path) != valueAt(after, path))
                changed.insert(path);
        }
    }
    qsizetype mine = -1;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        ManagedEntry &e = entries[i];
        if (e.manager == writer.manager && e.operation == writer.operation && e.subresource == writer.subresource)
            mine = i;
        else
            e.fields -= changed;
        e.fields &= now;
    }
    if (!changed.isEmpty()) {
        if (mine < 0) {
            entries.append({writer.manager, writer.operation, writer.apiVersion, writer.time, writer.subresource, {}});
            mine = entries.size() - 1;
        }
        entries[mine].fields |= changed;
        entries[mine].time = writer.time;
        entries[mine].apiVersion = writer.apiVersion;
    }
    entries.removeIf([](const ManagedEntry &e) { return e.fields.isEmpty(); });
    return entries;
}

QJsonObject withManagedFields(QJsonObject object, const QList<ManagedEntry> &entries)
{
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (entries.isEmpty())
        meta.remove(u"managedFields"_s);
    else
        meta.insert(u"managedFields"_s, toManagedFields(entries));
    object.insert(u"metadata"_s, meta);
    return object;
}

QJsonObject withOwnershipPruned(const QJsonObject &object)
{
    QList<ManagedEntry> entries = managedEntries(object);
    const FieldSet present = fieldsOf(object);
    for (ManagedEntry &e : entries)
        e.fields &= present;
    entries.removeIf([](const ManagedEntry &e) { return e.fields.isEmpty(); });
    return withManagedFields(object, entries);
}

ApplyResult serverSideApply(const QJsonObject &live, const QJsonObject &applied, const FieldWriter &writer, bool force)
{
    ApplyResult result;
    const FieldSet wanted = fieldsOf(applied);
    QList<ManagedEntry> entries = managedEntries(live);
    qsizetype mine = -1;
    struct Conflict
    {
        qsizetype entry;
        QString path;
    };
    QList<Conflict> conflicts;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const ManagedEntry &e = entries[i];
        if (e.manager == writer.manager && e.operation == u"Apply"_s && e.subresource == writer.subresource) {
            mine = i;
            continue;
        }
        const FieldSet shared = e.fields & wanted;
        QStringList paths(shared.begin(), shared.end());
        std::sort(paths.begin(), paths.end());
        for (const QString &path : std::as_const(paths)) {
            const std::optional<QJsonValue> current = isItemSelf(path) ? std::nullopt : valueAt(live, path);
            if (current && current != valueAt(applied, path))
                conflicts.append({i, path});
        }
    }
    // kubectl's first server-side apply of an object it applied client-side: the fields its
    // last-applied configuration holds with their live values are its own already.
    if (!force && !conflicts.isEmpty() && writer.manager == u"kubectl"_s) {
        const QJsonObject lastApplied = QJsonDocument::fromJson(
            live.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject().value(LastApplied).toString().toUtf8()).object();
        force = lastApplied.value(u"apiVersion"_s).toString() == writer.apiVersion
            && std::all_of(conflicts.cbegin(), conflicts.cend(), [&](const Conflict &c) {
                   const std::optional<QJsonValue> before = valueAt(lastApplied, c.path);
                   return before && before == valueAt(live, c.path);
               });
    }
    for (const Conflict &c : std::as_const(conflicts)) {
        if (force) {
            entries[c.entry].fields.remove(c.path);
            continue;
        }
        const ManagedEntry &e = entries.at(c.entry);
        const QString who = e.operation == u"Update"_s ? u"\"%1\" using %2"_s.arg(e.manager, e.apiVersion) : u"\"%1\""_s.arg(e.manager);
        const QString field = fieldPathText(c.path);
        result.conflicts.append(QJsonObject{{u"type"_s, u"FieldManagerConflict"_s}, {u"message"_s, QString(u"conflict with "_s + who)}, {u"field"_s, field}});
        result.conflictText << u"conflict with %1: %2"_s.arg(who, field);
    }
    if (!result.conflicts.isEmpty()) {
        result.object = live;
        return result;
    }
    QJsonObject merged = live.isEmpty() ? applied : mergeValue(live, applied, QString()).toObject();
    // Fields this manager applied before and leaves out now go, unless someone else owns them.
    const FieldSet before = mine >= 0 ? entries[mine].fields : FieldSet();
    QStringList dropped;
    for (const QString &path : before)
        if (!wanted.contains(path))
            dropped << (isItemSelf(path) ? path.chopped(2) : path);
    // Outermost first: a list item goes while its key fields still find it.
    std::sort(dropped.begin(), dropped.end(), [](const QString &a, const QString &b) { return a.count(Sep) < b.count(Sep); });
    for (const QString &path : std::as_const(dropped)) {
        bool others = false;
        for (qsizetype i = 0; i < entries.size() && !others; ++i)
            others = i != mine && ownedBelow(entries[i].fields, path);
        if (others)
            continue;
        QJsonValue at(merged);
        if (removeAt(at, path.split(Sep), 0))
            merged = at.toObject();
    }
    QJsonObject meta = merged.value(u"metadata"_s).toObject();
    QJsonObject annotations = meta.value(u"annotations"_s).toObject();
    if (writer.manager == u"kubectl"_s && annotations.contains(LastApplied)) {
        QJsonObject config = applied;
        QJsonObject configMeta = config.value(u"metadata"_s).toObject();
        QJsonObject configAnnotations = configMeta.value(u"annotations"_s).toObject();
        configAnnotations.remove(LastApplied);
        if (configAnnotations.isEmpty())
            configMeta.remove(u"annotations"_s);
        else
            configMeta.insert(u"annotations"_s, configAnnotations);
        config.insert(u"metadata"_s, configMeta);
        annotations.insert(LastApplied, QString(QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact)) + u'\n'));
        meta.insert(u"annotations"_s, annotations);
        merged.insert(u"metadata"_s, meta);
    }
    const FieldSet present = fieldsOf(merged);
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (i != mine)
            entries[i].fields &= present;
    const bool changed = withoutManagedFields(merged) != withoutManagedFields(live) || before != wanted || mine < 0;
    if (mine < 0) {
        entries.append({writer.manager, u"Apply"_s, writer.apiVersion, writer.time, writer.subresource, {}});
        mine = entries.size() - 1;
    }
    entries[mine].fields = wanted;
    if (changed) {
        entries[mine].time = writer.time;
        entries[mine].apiVersion = writer.apiVersion;
    }
    entries.removeIf([](const ManagedEntry &e) { return e.fields.isEmpty(); });
    result.object = withManagedFields(merged, entries);
    return result;
}

} // namespace dc::demo
