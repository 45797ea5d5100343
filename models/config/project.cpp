#include "project.h"

#include "fields.h"
#include "manifests/node.h"
#include "manifests/yaml.h"
#include "validation/lints.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

constexpr qint64 MaxProjectBytes = 4 * 1024 * 1024;

void expectKeys(const Node &map, const QStringList &known, const QString &file, const QString &context,
                QList<ConfigIssue> *issues)
{
    for (const Node &child : map.items()) {
        if (known.contains(child.key()))
            continue;
        const QString hint = closestMatch(child.key(), known);
        issues->append({file, child.keyLine(), child.keyColumn(), context.isEmpty() ? child.key() : context + u'.' + child.key(),
                        u"unknown key"_s + (hint.isEmpty() ? QString(u"; known keys: "_s + known.join(u", "_s)) : QString(u"; did you mean \""_s + hint + u"\"?"_s))});
    }
}

template<typename T, typename F>
std::optional<T> readChoice(const Node &spec, const char *key, F fromId, const QStringList &ids, const QString &file,
                            QList<ConfigIssue> *issues, std::optional<T> fallback)
{
    const QString k = QString::fromLatin1(key);
    const Node *n = spec.get(k);
    if (!n)
        return fallback;
    if (n->type() != Node::Type::String) {
        issues->append({file, n->line(), n->column(), u"spec."_s + k, u"expected one of "_s + ids.join(u", "_s)});
        return std::nullopt;
    }
    const auto v = fromId(n->toString());
    if (!v)
        issues->append({file, n->line(), n->column(), u"spec."_s + k,
                        u"\"%1\" is not known: use one of %2"_s.arg(n->toString(), ids.join(u", "_s))});
    return v;
}

Node nestedValues(const ValueMap &values)
{
    Node root = Node::map();
    for (const FieldDef &def : fieldDefs()) {
        const auto it = values.constFind(def.path);
        if (it == values.constEnd())
            continue;
        const QStringList parts = def.path.split(u'.');
        Node *cur = &root;
        for (int i = 0; i < parts.size() - 1; ++i) {
            Node *next = cur->get(parts[i]);
            cur = next ? next : &cur->set(parts[i], Node::map());
        }
        const QVariant &v = it->value;
        Node leaf;
        switch (def.type) {
        case FieldType::Bool: leaf = Node(v.toBool()); break;
        case FieldType::Int: leaf = Node(qint64(v.toLongLong())); break;
        case FieldType::StringList: leaf = Node(v.toStringList()); break;
        case FieldType::StringMap: {
            leaf = Node::map();
            const QVariantMap m = v.toMap();
            for (auto mi = m.begin(); mi != m.end(); ++mi)
                leaf.set(mi.key(), Node(mi.value().toString()));
            break;
        }
        default: leaf = Node(v.toString()); break;
        }
        cur->set(parts.last(), std::move(leaf));
    }
    return root;
}

} // namespace

ProjectLoad parseProject(const QByteArray &text, const QString &fileName)
{
    ProjectLoad out;
    QList<ConfigIssue> &issues = out.issues;
    if (text.size() > MaxProjectBytes) {
        issues.append({fileName, 0, 0, QString(), u"file is larger than 4 MiB; this is not a project file"_s});
        return out;
    }
    if (text.contains('\0')) {
        issues.append({fileName, 0, 0, QString(), u"file contains NUL bytes; this is not a YAML project file"_s});
        return out;
    }
    const ParsedYaml parsed = parseYaml(text, fileName);
    for (const YamlIssue &i : parsed.issues)
        issues.append({fileName, i.line, i.column, QString(), i.message});
    if (!parsed.ok())
        return out;
    if (parsed.documents.size() != 1) {
        issues.append({fileName, 1, 1, QString(),
                       parsed.documents.empty() ? u"file is empty; run `deployctl init` to write a starter project"_s
                                                : u"a project file holds exactly one YAML document"_s});
        return out;
    }
    const Node &doc = parsed.documents.front();
    if (!doc.isMap()) {
        issues.append({fileName, doc.line(), doc.column(), QString(), u"a project file is a YAML mapping (apiVersion, kind, metadata, spec)"_s});
        return out;
    }
    expectKeys(doc, {u"apiVersion"_s, u"kind"_s, u"metadata"_s, u"spec"_s}, fileName, QString(), &issues);
    const Node *apiVersion = doc.get(u"apiVersion");
    const QString api = QString::fromLatin1(ProjectApiVersion);
    if (!apiVersion) {
        issues.append({fileName, doc.line(), doc.column(), u"apiVersion"_s, u"missing; add `apiVersion: "_s + api + u'`'});
    } else if (apiVersion->toString() != api) {
        const bool newer = apiVersion->toString().startsWith(u"console.modarch.io/"_s);
        issues.append({fileName, apiVersion->line(), apiVersion->column(), u"apiVersion"_s,
                       newer ? u"\"%1\" is a project format this version of Deploy Console does not know (it reads %2); open it with a newer Deploy Console"_s.arg(apiVersion->toString(), api)
                             : u"\"%1\" is not a Deploy Console project; expected %2"_s.arg(apiVersion->toString(), api)});
    }
    const Node *kind = doc.get(u"kind");
    if (!kind || kind->toString() != QLatin1String(ProjectKind))
        issues.append({fileName, kind ? kind->line() : doc.line(), kind ? kind->column() : doc.column(), u"kind"_s,
                       u"expected DeploymentProject"_s});

    Project p;
    if (const Node *meta = doc.get(u"metadata")) {
        expectKeys(*meta, {u"name"_s, u"description"_s}, fileName, u"metadata"_s, &issues);
        if (const Node *name = meta->get(u"name")) {
            if (name->type() != Node::Type::String || name->toString().isEmpty())
                issues.append({fileName, name->line(), name->column(), u"metadata.name"_s, u"expected a non-empty string"_s});
            else
                p.name = name->toString();
        }
        if (const Node *d = meta->get(u"description"))
            p.description = d->scalarText();
    }
    const Node *spec = doc.get(u"spec");
    if (!spec || !spec->isMap()) {
        issues.append({fileName, spec ? spec->line() : doc.line(), spec ? spec->column() : doc.column(), u"spec"_s,
                       u"missing or not a mapping; it holds platform, environment, preset and values"_s});
        return out;
    }
    expectKeys(*spec, {u"platform"_s, u"environment"_s, u"preset"_s, u"values"_s, u"environments"_s, u"disabledLints"_s},
               fileName, u"spec"_s, &issues);
    const auto platform = readChoice<Platform>(*spec, "platform", platformFromId, platformIds(), fileName, &issues, Platform::Kubeflow);
    const auto env = readChoice<Environment>(*spec, "environment", environmentFromId, environmentIds(), fileName, &issues, Environment::Development);
    const auto preset = readChoice<Preset>(*spec, "preset", presetFromId, presetIds(), fileName, &issues, Preset::ModelRegistryUi);
    if (platform && env && preset)
        p.target = Target{*platform, *env, *preset};
    if (const Node *values = spec->get(u"values"))
        p.values = readValues(*values, fileName, u"spec.values"_s, &issues);
    if (const Node *envs = spec->get(u"environments")) {
        if (!envs->isMap()) {
            issues.append({fileName, envs->line(), envs->column(), u"spec.environments"_s, u"expected a mapping of environment name to values"_s});
        } else {
            for (const Node &e : envs->items()) {
                const auto id = environmentFromId(e.key());
                if (!id) {
                    issues.append({fileName, e.keyLine(), e.keyColumn(), u"spec.environments."_s + e.key(),
                                   u"unknown environment; use one of "_s + environmentIds().join(u", "_s)});
                    continue;
                }
                p.environments[int(*id)] = readValues(e, fileName, u"spec.environments."_s + e.key(), &issues);
            }
        }
    }
    if (const Node *lints = spec->get(u"disabledLints")) {
        if (!lints->isSeq()) {
            issues.append({fileName, lints->line(), lints->column(), u"spec.disabledLints"_s,
                           u"expected a list of {id, reason} entries"_s});
        } else {
            int i = 0;
            for (const Node &l : lints->items()) {
                const QString field = u"spec.disabledLints[%1]"_s.arg(i++);
                if (!l.isMap()) {
                    issues.append({fileName, l.line(), l.column(), field, u"expected {id: LINT, reason: WHY}"_s});
                    continue;
                }
                expectKeys(l, {u"id"_s, u"reason"_s}, fileName, field, &issues);
                const QString id = l.str(u"id");
                const QString reason = l.str(u"reason").trimmed();
                if (!findLint(id)) {
                    QStringList ids;
                    for (const LintInfo &info : lintCatalog())
                        ids << info.id;
                    const QString hint = closestMatch(id, ids);
                    issues.append({fileName, l.line(), l.column(), field + u".id"_s,
                                   u"\"%1\" is not a known check%2"_s.arg(id, hint.isEmpty() ? u"; `deployctl validate --list-lints` lists them"_s
                                                                                           : QString(u"; did you mean \""_s + hint + u"\"?"_s))});
                } else if (reason.isEmpty()) {
                    issues.append({fileName, l.line(), l.column(), field + u".reason"_s,
                                   u"say why %1 is switched off, so reviewers know"_s.arg(id)});
                } else {
                    p.disabledLints.insert(id, reason);
                }
            }
        }
    }
    if (issues.isEmpty())
        out.project = std::move(p);
    return out;
}

ProjectLoad loadProjectFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        ProjectLoad out;
        out.issues.append({path, 0, 0, QString(), u"cannot open: "_s + f.errorString()});
        return out;
    }
    if (f.size() > MaxProjectBytes) {
        ProjectLoad out;
        out.issues.append({path, 0, 0, QString(), u"file is larger than 4 MiB; this is not a project file"_s});
        return out;
    }
    return parseProject(f.readAll(), path);
}

QByteArray serializeProject(const Project &p)
{
    Node doc = Node::map();
    doc.set("apiVersion", QString::fromLatin1(ProjectApiVersion));
    doc.set("kind", QString::fromLatin1(ProjectKind));
    Node meta = Node::map();
    meta.set("name", p.name);
    if (!p.description.isEmpty())
        meta.set("description", p.description);
    doc.set("metadata", meta);
    Node spec = Node::map();
    spec.set("platform", toId(p.target.platform));
    spec.set("environment", toId(p.target.environment));
    spec.set("preset", toId(p.target.preset));
    spec.set("values", nestedValues(p.values));
    Node envs = Node::map();
    for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
        if (!p.environments[int(e)].isEmpty())
            envs.set(toId(e), nestedValues(p.environments[int(e)]));
    if (envs.size() > 0)
        spec.set("environments", envs);
    if (!p.disabledLints.isEmpty()) {
        Node lints = Node::seq();
        for (auto it = p.disabledLints.begin(); it != p.disabledLints.end(); ++it) {
            Node entry = Node::map();
            entry.set("id", it.key());
            entry.set("reason", it.value());
            lints.append(entry);
        }
        spec.set("disabledLints", lints);
    }
    doc.set("spec", spec);
    return toYaml(doc).toUtf8();
}

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error, std::optional<QFileDevice::Permissions> permissions)
{
    const QFileInfo info(path);
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = u"cannot create folder "_s + info.absolutePath();
        return false;
    }
    if (permissions) {
        // Secrets: the temporary file is created with these permissions (no moment in which
        // another user could open it), written, synced and renamed over the target.
        const QString temp = path + u".tmp-"_s + QString::number(QCoreApplication::applicationPid()) + u'-'
            + QString::number(QRandomGenerator::global()->generate(), 16);
        QFile t(temp);
        if (!t.open(QIODevice::WriteOnly | QIODevice::NewOnly, *permissions)) {
            if (error)
                *error = u"cannot write %1: %2"_s.arg(path, t.errorString());
            return false;
        }
        const bool written = t.write(data) == data.size() && t.flush() && ::fsync(t.handle()) == 0;
        t.close();
        if (!written || ::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
            if (error)
                *error = u"cannot write %1: %2"_s.arg(path, written ? QString::fromLocal8Bit(std::strerror(errno)) : t.errorString());
            QFile::remove(temp);
            return false;
        }
        return true;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(path, f.errorString());
        return false;
    }
    if (f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    return true;
}

bool saveProjectFile(const Project &project, const QString &path, QString *error)
{
    return writeFileAtomically(path, serializeProject(project), error);
}

Project demoProject()
{
    Project demo;
    demo.name = u"demo-model-registry-ui"_s;
    demo.description = u"Sample project: the Model Registry UI on plain Kubernetes, development settings."_s;
    demo.target = Target{Platform::Standalone, Environment::Development, Preset::ModelRegistryUi};
    return demo;
}

} // namespace dc
