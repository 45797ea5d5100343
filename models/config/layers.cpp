#include "layers.h"

#include <QJsonObject>
#include "fields.h"
#include "manifests/node.h"
#include "manifests/yaml.h"

#include <QDebug>
#include <QFile>

using namespace Qt::StringLiterals;

namespace dc {

QString toId(Layer l)
{
    switch (l) {
    case Layer::Default: return u"default"_s;
    case Layer::Preset: return u"preset"_s;
    case Layer::Platform: return u"platform"_s;
    case Layer::Environment: return u"environment"_s;
    case Layer::Project: return u"project"_s;
    }
    return {};
}

QString ConfigIssue::format() const
{
    QString out = file.isEmpty() ? u"<input>"_s : file;
    if (line > 0)
        out += u':' + QString::number(line) + u':' + QString::number(column);
    out += u": "_s;
    if (!field.isEmpty())
        out += field + u": "_s;
    return out + message;
}

QDebug operator<<(QDebug dbg, const ConfigIssue &i)
{
    QDebugStateSaver saver(dbg);
    dbg.noquote() << i.format();
    return dbg;
}

namespace {

QString describe(const Node &n)
{
    switch (n.type()) {
    case Node::Type::Null: return u"nothing (null)"_s;
    case Node::Type::Bool: return u"boolean "_s + n.scalarText();
    case Node::Type::Int:
    case Node::Type::Double: return u"number "_s + n.scalarText();
    case Node::Type::String: return u"string \""_s + n.toString() + u'"';
    case Node::Type::Map: return u"a mapping"_s;
    case Node::Type::Seq: return u"a list"_s;
    }
    return {};
}

std::optional<QVariant> convert(const FieldDef &def, const Node &n, QString *why, const Node **where)
{
    *where = &n;
    const QString got = describe(n);
    switch (def.type) {
    case FieldType::Bool:
        if (n.type() == Node::Type::Bool)
            return QVariant(n.toBool());
        *why = u"expected boolean (true or false), got "_s + got;
        return std::nullopt;
    case FieldType::Int:
        if (n.type() == Node::Type::Int)
            return QVariant(qlonglong(n.toInt()));
        *why = u"expected integer, got "_s + got;
        if (n.type() == Node::Type::String)
            *why += u"; write the number without quotes"_s;
        return std::nullopt;
    case FieldType::Quantity:
        if (n.type() == Node::Type::Int || n.type() == Node::Type::Double)
            return QVariant(n.scalarText());
        [[fallthrough]];
    case FieldType::String:
    case FieldType::Enum:
        if (n.type() == Node::Type::String)
            return QVariant(n.toString());
        *why = u"expected "_s + typeName(def.type) + u", got "_s + got;
        if (n.isScalar() && !n.isNull())
            *why += u"; quote it if you mean the text: \""_s + n.scalarText() + u'"';
        return std::nullopt;
    case FieldType::StringList: {
        if (!n.isSeq()) {
            *why = u"expected a list of strings, got "_s + got;
            return std::nullopt;
        }
        QStringList out;
        int i = 0;
        for (const Node &item : n.items()) {
            if (item.type() != Node::Type::String) {
                *where = &item;
                *why = u"item %1: expected string, got %2; quote it"_s.arg(i).arg(describe(item));
                return std::nullopt;
            }
            out << item.toString();
            ++i;
        }
        return QVariant(out);
    }
    case FieldType::StringMap: {
        if (!n.isMap()) {
            *why = u"expected a mapping of string to string, got "_s + got;
            return std::nullopt;
        }
        QVariantMap out;
        for (const Node &item : n.items()) {
            if (item.type() != Node::Type::String) {
                *where = &item;
                *why = u"value of \"%1\" must be a string (Kubernetes rejects %2); quote it"_s.arg(item.key(), describe(item));
                return std::nullopt;
            }
            out.insert(item.key(), item.toString());
        }
        return QVariant(out);
    }
    }
    return std::nullopt;
}

void walk(const Node &map, const QString &prefix, const QString &file, const QString &context, ValueMap *out,
          QList<ConfigIssue> *issues)
{
    for (const Node &child : map.items()) {
        const QString path = prefix.isEmpty() ? child.key() : prefix + u'.' + child.key();
        const QString shown = context.isEmpty() ? path : context + u'.' + path;
        if (const FieldDef *def = findField(path)) {
            QString why;
            if (child.isNull()) {
                issues->append({file, child.line(), child.column(), shown,
                                u"has no value; give one, or remove the key to inherit the value"_s});
                continue;
            }
            const Node *where = &child;
            const std::optional<QVariant> v = convert(*def, child, &why, &where);
            if (!v) {
                issues->append({file, where->line(), where->column(), shown, why});
                continue;
            }
            const QString invalid = checkFieldValue(*def, *v);
            if (!invalid.isEmpty()) {
                issues->append({file, child.line(), child.column(), shown, invalid});
                continue;
            }
            out->insert(path, LayerValue{*v, file, child.line()});
        } else if (isFieldPrefix(path)) {
            if (!child.isMap()) {
                issues->append({file, child.line(), child.column(), shown,
                                u"expected a mapping (it groups %1.* settings), got %2"_s.arg(path, describe(child))});
                continue;
            }
            walk(child, path, file, context, out, issues);
        } else {
            const QString hint = suggestField(path);
            QString msg = u"unknown setting"_s;
            if (!hint.isEmpty())
                msg += u"; did you mean \""_s + hint.mid(prefix.isEmpty() ? 0 : prefix.size() + 1) + u"\"?"_s;
            else
                msg += u"; see `deployctl profiles --fields` for the known settings"_s;
            issues->append({file, child.keyLine(), child.keyColumn(), shown, msg});
        }
    }
}

void readPresetSections(const Node &presets, const QString &path, const QString &context, std::array<ValueMap, 2> *perPreset,
                        QList<ConfigIssue> *issues)
{
    for (const Node &p : presets.items()) {
        const auto preset = presetFromId(p.key());
        if (!preset) {
            issues->append({path, p.line(), p.column(), context + p.key(), u"unknown preset"_s});
            continue;
        }
        walk(p, QString(), path, context + p.key(), &(*perPreset)[int(*preset)], issues);
    }
}

ValueMap readProfileFile(const QString &path, const QString &kind, QList<ConfigIssue> *issues,
                         std::array<ValueMap, 2> *perPreset = nullptr, ModuleKnowledge *knowledge = nullptr,
                         QHash<QString, VariantValues> *variants = nullptr)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        issues->append({path, 0, 0, QString(), u"cannot read profile: "_s + f.errorString()});
        return {};
    }
    const ParsedYaml parsed = parseYaml(f.readAll(), path);
    for (const YamlIssue &i : parsed.issues)
        issues->append({path, i.line, i.column, QString(), i.message});
    if (parsed.documents.size() != 1 || !parsed.documents.front().isMap()) {
        issues->append({path, 0, 0, QString(), u"a profile is one YAML mapping"_s});
        return {};
    }
    const Node &doc = parsed.documents.front();
    if (doc.str(u"kind") != kind)
        issues->append({path, doc.line(), doc.column(), u"kind"_s, u"expected "_s + kind});
    ValueMap out;
    if (knowledge)
        *knowledge = readModuleKnowledge(doc, doc.str(u"metadata.name"), path, issues);
    if (const Node *values = doc.get(u"values"))
        walk(*values, QString(), path, u"values"_s, &out, issues);
    if (const Node *presets = doc.get(u"presets"); presets && perPreset)
        readPresetSections(*presets, path, u"presets."_s, perPreset, issues);
    if (const Node *vs = doc.get(u"variants"); vs && variants) {
        for (const Node &v : vs->items()) {
            VariantValues &target = (*variants)[v.key()];
            const QString context = u"variants."_s + v.key();
            if (const Node *values = v.get(u"values"))
                walk(*values, QString(), path, context + u".values"_s, &target.values, issues);
            if (const Node *presets = v.get(u"presets"))
                readPresetSections(*presets, path, context + u".presets."_s, &target.preset, issues);
        }
    }
    return out;
}

} // namespace

ValueMap readValues(const Node &mapping, const QString &file, const QString &context, QList<ConfigIssue> *issues)
{
    ValueMap out;
    if (!mapping.isMap()) {
        if (!mapping.isNull())
            issues->append({file, mapping.line(), mapping.column(), context, u"expected a mapping of settings, got "_s + describe(mapping)});
        return out;
    }
    walk(mapping, QString(), file, context, &out, issues);
    return out;
}

Profiles loadProfiles(const QString &dir)
{
    Profiles p;
    for (Preset preset : {Preset::ModelRegistryUi, Preset::Split})
        p.preset[int(preset)] = readProfileFile(dir + u"/preset-"_s + toId(preset) + u".yaml"_s, u"ModulePreset"_s, &p.issues, nullptr,
                                                &p.knowledge[int(preset)]);
    for (Platform platform : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        p.platform[int(platform)] = readProfileFile(dir + u"/platform-"_s + toId(platform) + u".yaml"_s, u"PlatformProfile"_s,
                                                    &p.issues, &p.platformPreset[int(platform)], nullptr,
                                                    &p.platformVariant[int(platform)]);
    for (Environment env : {Environment::Development, Environment::Staging, Environment::Production})
        p.environment[int(env)] = readProfileFile(dir + u"/environment-"_s + toId(env) + u".yaml"_s, u"EnvironmentProfile"_s, &p.issues);
    return p;
}

const Profiles &builtinProfiles()
{
    static const Profiles profiles = loadProfiles(u":/profiles"_s);
    return profiles;
}

QJsonObject toJson(const ConfigIssue &i)
{
    return QJsonObject{{u"file"_s, i.file}, {u"line"_s, i.line}, {u"column"_s, i.column}, {u"field"_s, i.field}, {u"message"_s, i.message}};
}

} // namespace dc
