#include "schemavalidator.h"

#include "manifests/kinds.h"

#include "manifests/bundle.h"
#include "manifests/node.h"
#include "manifests/yaml.h"
#include "manifestset.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <memory>

using namespace Qt::StringLiterals;

namespace dc {


namespace {

bool builtinGroup(const QString &group)
{
    return group.isEmpty() || !group.contains(u'.') || group.endsWith(u".k8s.io"_s);
}

// valijson context ["<root>", "[spec]", "[ports]", "[0]"] -> "spec.ports[0]"
QString contextPath(const std::vector<std::string> &context)
{
    QString out;
    for (const std::string &raw : context) {
        QString part = QString::fromStdString(raw);
        if (part == u"<root>"_s)
            continue;
        if (part.startsWith(u'[') && part.endsWith(u']'))
            part = part.mid(1, part.size() - 2);
        bool numeric = false;
        part.toInt(&numeric);
        if (numeric)
            out += u'[' + part + u']';
        else
            out += (out.isEmpty() ? QString() : u"."_s) + part;
    }
    return out;
}

// How valijson describes a property that no schema allows (the only place its text is read).
const QString UnknownPropertyPrefix =
    QStringLiteral("Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: '");

QString friendly(const QString &message)
{
    if (message.startsWith(UnknownPropertyPrefix)) {
        QString name = message.mid(UnknownPropertyPrefix.size());
        name.chop(name.endsWith(u"'."_s) ? 2 : 0);
        return u"unknown field \""_s + name + u"\" (not in the schema; check spelling and indentation)"_s;
    }
    static const QRegularExpression required(u"^Missing required property '(.*)'\\.$"_s);
    if (const auto m = required.match(message); m.hasMatch())
        return u"missing required field \""_s + m.captured(1) + u'"';
    return message;
}

// One finding about `doc` at `path`; a wrong type says what was found and what to do.
void addFinding(const ManifestDoc &doc, const QString &docId, const QString &id, const QString &path, QString message, QList<Finding> *outList)
{
    QList<Finding> &out = *outList;
    const QString &file = doc.file;
    const Node *n = doc.nodeAt(path);
    if (message.startsWith(u"Value type not permitted"_s) && n) {
        QString got;
        switch (n->type()) {
        case Node::Type::String: got = u"string \""_s + n->toString() + u"\"; remove the quotes if a number or boolean is meant"_s; break;
        case Node::Type::Int: got = u"number "_s + n->scalarText() + u"; quote it if text is meant"_s; break;
        case Node::Type::Double:
            // 1e300 or 1.5 where an integer is expected: never cast, say what it is.
            got = u"number "_s + n->scalarText()
                + u", which is no integer (a whole number within the 64-bit range); write a whole number, or quote it if text is meant"_s;
            break;
        case Node::Type::Bool: got = u"boolean "_s + n->scalarText() + u"; quote it if text is meant"_s; break;
        case Node::Type::Null: got = u"null"_s; break;
        case Node::Type::Map: got = u"a mapping"_s; break;
        case Node::Type::Seq: got = u"a list"_s; break;
        }
        message = u"wrong type: got "_s + got;
    }
    out.append(Finding{Severity::Error, id, file, doc.lineOf(path), doc.lines.isEmpty() && n ? n->column() : 0, docId, path, message,
                       n ? n->source() : QString()});
}

} // namespace

struct SchemaValidator::Private
{
    QString root;
    mutable QMutex mutex;
    mutable QHash<QString, std::shared_ptr<valijson::Schema>> cache; // file -> compiled (null: unreadable)
    mutable QJsonValue objectMeta;

    QJsonObject readJson(const QString &path) const
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    QJsonObject tightenCrd(QJsonObject schema) const
    {
        QJsonObject props = schema.value(u"properties"_s).toObject();
        if (props.isEmpty())
            return schema;
        for (const QString &k : {u"apiVersion"_s, u"kind"_s})
            if (!props.contains(k))
                props.insert(k, QJsonObject{{u"type"_s, u"string"_s}});
        QJsonObject meta = props.value(u"metadata"_s).toObject();
        bool bare = true;
        for (auto it = meta.begin(); it != meta.end(); ++it)
            if (it.key() != u"type"_s && it.key() != u"description"_s)
                bare = false;
        if (bare) {
            if (objectMeta.isUndefined())
                objectMeta = readJson(root + u"/kubernetes/configmap-v1.json"_s).value(u"properties"_s).toObject().value(u"metadata"_s);
            props.insert(u"metadata"_s, objectMeta.isObject() ? objectMeta : QJsonValue(QJsonObject{{u"type"_s, u"object"_s}}));
        }
        schema.insert(u"properties"_s, props);
        if (!schema.contains(u"additionalProperties"_s) && !schema.value(u"x-kubernetes-preserve-unknown-fields"_s).toBool())
            schema.insert(u"additionalProperties"_s, false);
        return schema;
    }

    // Validates the document against a compiled schema; findings as validate() gives them.
    void check(const ManifestDoc &doc, const QString &docId, const valijson::Schema &schema, QList<Finding> *outList) const
    {
        QList<Finding> &out = *outList;
        const Node &object = doc.root;
        auto finding = [&](const QString &id, const QString &path, const QString &message) { addFinding(doc, docId, id, path, message, &out); };
        const QJsonValue json = object.toJson();
        valijson::adapters::QtJsonAdapter target(json);
        // One validator per thread: it keeps the compiled regular expressions of the schemas'
        // patterns (compiling them is most of a validation's cost).
        thread_local valijson::Validator validator;
        valijson::ValidationResults results;
        if (validator.validate(schema, target, &results))
            return;
        // valijson also reports every enclosing object ("failed to validate against schema
        // associated with property name ..."); those wrappers say nothing new.
        struct Raw { QString path; QString message; };
        QList<Raw> raws;
        valijson::ValidationResults::Error e;
        while (results.popError(e)) {
            const QString message = QString::fromStdString(e.description);
            static const QStringList wrappers = {u"Failed to validate against schema associated with property name"_s,
                                                 u"Failed to validate item #"_s, u"Cannot validate item #"_s,
                                                 u"Failed to validate against additional properties schema"_s};
            bool wrapper = false;
            for (const QString &w : wrappers)
                wrapper = wrapper || message.startsWith(w);
            if (!wrapper)
                raws.append({contextPath(e.context), message});
        }
        QSet<QString> seen;
        for (const Raw &r : std::as_const(raws)) {
            // An anyOf/oneOf summary only matters when its branches said nothing at that place.
            if (r.message.startsWith(u"Failed to validate against any"_s) || r.message.startsWith(u"Failed to validate against exactly one"_s)) {
                bool other = false;
                for (const Raw &o : std::as_const(raws))
                    other = other || (o.path == r.path && &o != &r && !o.message.startsWith(u"Failed to validate against"_s));
                if (other)
                    continue;
            }
            const QString key = r.path + u'|' + r.message;
            if (seen.contains(key))
                continue;
            seen.insert(key);
            finding(u"schema"_s, r.path, friendly(r.message));
            out.back().unknownField = r.message.startsWith(UnknownPropertyPrefix);
            if (out.back().unknownField) {
                QString name = r.message.mid(UnknownPropertyPrefix.size());
                name.chop(name.endsWith(u"'."_s) ? 2 : 0);
                out.back().unknownFieldName = name;
            }
        }
    }

    std::shared_ptr<valijson::Schema> compiled(const QString &file) const
    {
        {
            QMutexLocker lock(&mutex);
            const auto it = cache.constFind(file);
            if (it != cache.constEnd())
                return *it;
        }
        QJsonObject json = readJson(file);
        return compile(file, file.contains(u"/crds/"_s) ? tightenCrd(json) : json);
    }

    // Compiles `json` once per key (null when it is no schema valijson reads).
    std::shared_ptr<valijson::Schema> compile(const QString &key, const QJsonObject &json) const
    {
        QMutexLocker lock(&mutex);
        const auto it = cache.constFind(key);
        if (it != cache.constEnd())
            return *it;
        std::shared_ptr<valijson::Schema> schema;
        if (!json.isEmpty()) {
            schema = std::make_shared<valijson::Schema>();
            try {
                valijson::SchemaParser parser;
                const QJsonValue value(json);
                valijson::adapters::QtJsonAdapter adapter(value);
                parser.populateSchema(adapter, *schema);
            } catch (const std::exception &) {
                schema.reset();
            }
        }
        cache.insert(key, schema);
        return schema;
    }
};

SchemaValidator::SchemaValidator(const QString &schemaRoot)
    : d(std::make_unique<Private>())
{
    d->root = schemaRoot;
}

SchemaValidator::~SchemaValidator() = default;

QString SchemaValidator::schemaFile(const QString &apiVersion, const QString &kind) const
{
    const qsizetype slash = apiVersion.lastIndexOf(u'/');
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    const QString version = apiVersion.mid(slash + 1);
    const QString crd = d->root + u"/crds/"_s + group + u'/' + kind.toLower() + u'_' + version + u".json"_s;
    QStringList candidates;
    if (builtinGroup(group)) {
        QStringList parts{kind.toLower()};
        if (!group.isEmpty())
            parts << group.section(u'.', 0, 0);
        parts << version;
        candidates << d->root + u"/kubernetes/"_s + parts.join(u'-') + u".json"_s;
        if (!group.isEmpty())
            candidates << crd;
    } else {
        candidates << crd;
    }
    for (const QString &c : std::as_const(candidates))
        if (QFile::exists(c))
            return c;
    return QString();
}

QList<Finding> SchemaValidator::validate(const Node &object, const QString &file) const
{
    return validate(ManifestDoc{object, file, {}, object.line(), false});
}

QList<Finding> SchemaValidator::validate(const ManifestDoc &doc) const
{
    QList<Finding> out;
    const Node &object = doc.root;
    const QString &file = doc.file;
    const QString apiVersion = object.str(u"apiVersion");
    const QString kind = object.str(u"kind");
    const QString name = object.str(u"metadata.name");
    const QString docId = (kind.isEmpty() ? u"-"_s : kind) + u'/' + (name.isEmpty() ? u"-"_s : name);
    auto finding = [&](const QString &id, const QString &path, const QString &message) { addFinding(doc, docId, id, path, message, &out); };
    if (!object.isMap()) {
        finding(u"schema"_s, QString(), u"a Kubernetes object must be a mapping"_s);
        return out;
    }
    if (apiVersion.startsWith(u"kustomize.config.k8s.io/"_s) && kind == u"Kustomization"_s)
        return out;
    if (apiVersion.isEmpty() || kind.isEmpty()) {
        finding(u"schema"_s, apiVersion.isEmpty() ? u"apiVersion"_s : u"kind"_s,
                u"missing apiVersion or kind: every Kubernetes object needs both"_s);
        return out;
    }
    const QString path = schemaFile(apiVersion, kind);
    if (path.isEmpty()) {
        // Say which apiVersion would have a schema, if any.
        QString hint;
        const KindInfo *known = findKind(kind);
        bool expected = false;
        if (known)
            for (const QString &v : known->versions)
                expected = expected || known->apiVersion(v) == apiVersion;
        if (known && !expected)
            hint = u": %1 needs apiVersion %2, not %3"_s.arg(kind, known->preferredApiVersion(), apiVersion);
        else
            hint = u" (no schema in resources/schemas; it cannot be checked)"_s;
        out.append(Finding{Severity::Error, u"unknown-kind"_s, file, doc.lineOf(u"apiVersion"_s), 0, docId, u"apiVersion"_s,
                           u"unknown kind: "_s + apiVersion + u' ' + kind + hint, QString()});
        return out;
    }
    const std::shared_ptr<valijson::Schema> schema = d->compiled(path);
    if (!schema) {
        finding(u"schema"_s, QString(), u"schema file "_s + path + u" could not be read"_s);
        return out;
    }
    d->check(doc, docId, *schema, &out);
    return out;
}

namespace {

// A structural schema's objects take only their properties (the API server prunes or, under
// strict field validation, refuses the rest), unless they preserve unknown fields.
QJsonObject closeObjects(QJsonObject schema)
{
    QJsonObject props = schema.value(u"properties"_s).toObject();
    for (auto it = props.begin(); it != props.end(); ++it)
        *it = closeObjects(it->toObject());
    if (!props.isEmpty()) {
        schema.insert(u"properties"_s, props);
        if (!schema.contains(u"additionalProperties"_s) && !schema.value(u"x-kubernetes-preserve-unknown-fields"_s).toBool())
            schema.insert(u"additionalProperties"_s, false);
    }
    if (schema.value(u"items"_s).isObject())
        schema.insert(u"items"_s, closeObjects(schema.value(u"items"_s).toObject()));
    return schema;
}

} // namespace

QList<Finding> SchemaValidator::validateAgainst(const Node &object, const QJsonObject &crdSchema) const
{
    QList<Finding> out;
    const QByteArray text = QJsonDocument(crdSchema).toJson(QJsonDocument::Compact);
    const QString key = u"crd:"_s + QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
    const std::shared_ptr<valijson::Schema> schema = d->compile(key, d->tightenCrd(closeObjects(crdSchema)));
    const QString docId = object.str(u"kind") + u'/' + object.str(u"metadata.name");
    const ManifestDoc doc{object, QString(), {}, object.line(), false};
    if (!schema) {
        addFinding(doc, docId, u"schema"_s, QString(), u"the CRD's openAPIV3Schema could not be read"_s, &out);
        return out;
    }
    d->check(doc, docId, *schema, &out);
    return out;
}

QList<Finding> SchemaValidator::validate(const Bundle &bundle, const QString &file) const
{
    QList<Finding> out;
    for (const ManifestDoc &doc : manifestsFromBundle(bundle, file).docs)
        out.append(validate(doc));
    return out;
}

} // namespace dc
