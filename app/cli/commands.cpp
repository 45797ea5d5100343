#include "commands.h"

#include "config/fields.h"
#include "config/project.h"
#include "config/resolvedconfig.h"
#include "manifests/export.h"
#include "manifests/generator.h"
#include "manifests/yaml.h"
#include "validation/lints.h"
#include "validation/manifestset.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace dc::cli {

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

const char *const Usage_ = R"(Usage: deployctl [--version] [--help] COMMAND [OPTIONS]

Generate, export and check the Kubernetes manifests of a modular web module
(reference: the Kubeflow Model Registry UI) for Kubeflow, ODH/RHOAI and standalone
Kubernetes, in development, staging and production.

Commands:
  render     print the manifests for one platform and environment
  export     write a kustomize tree (base + one overlay per environment)
  validate   check generated or given manifests against the Kubernetes schemas
  profiles   list platforms, environments, presets (and --fields: every setting)
  init       write a starter project file

Every command takes --output json for machine-readable output and --help for its options.
Exit codes: 0 ok, 1 findings, 2 usage error, 3 unreadable or invalid input.
)";

struct Common
{
    QCommandLineParser parser;
    QCommandLineOption output{u"output"_s, u"Output format: text (default) or json."_s, u"format"_s, u"text"_s};
    QCommandLineOption help{{u"h"_s, u"help"_s}, u"Show this help."_s};
    bool json = false;

    explicit Common(const QString &description)
    {
        parser.setApplicationDescription(description);
        parser.addOption(output);
        parser.addOption(help);
    }

    // Returns -1 to continue, or an exit code.
    int parse(const QStringList &args)
    {
        if (!parser.parse(args)) {
            err() << parser.errorText() << "\nRun `" << args.mid(0, 2).join(u' ') << " --help` for the options.\n";
            return Usage;
        }
        if (parser.isSet(help)) {
            out() << parser.helpText();
            return Ok;
        }
        const QString format = parser.value(output);
        if (format != u"text"_s && format != u"json"_s) {
            err() << "--output must be text or json, not " << format << "\n";
            return Usage;
        }
        json = format == u"json"_s;
        return -1;
    }
};

void printJson(const QJsonValue &v)
{
    out() << (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Indented);
    out().flush();
}

QJsonObject issueJson(const ConfigIssue &i)
{
    return QJsonObject{{u"file"_s, i.file}, {u"line"_s, i.line}, {u"column"_s, i.column}, {u"field"_s, i.field}, {u"message"_s, i.message}};
}

QJsonObject findingJson(const Finding &f)
{
    return QJsonObject{{u"severity"_s, toId(f.severity)}, {u"id"_s, f.id}, {u"file"_s, f.file}, {u"line"_s, f.line},
                       {u"document"_s, f.document}, {u"path"_s, f.path}, {u"message"_s, f.message}, {u"configPath"_s, f.configPath}};
}

QJsonArray notesJson(const QList<Note> &notes)
{
    QJsonArray a;
    for (const Note &n : notes)
        a.append(QJsonObject{{u"id"_s, n.id}, {u"message"_s, n.message}, {u"configPath"_s, n.configPath}});
    return a;
}

QJsonArray actionsJson(const std::vector<MergeAction> &actions)
{
    QJsonArray a;
    for (const MergeAction &m : actions) {
        a.append(QJsonObject{
            {u"type"_s, m.type == MergeAction::Type::JsonEntry ? u"json-entry"_s : u"merge-patch"_s},
            {u"apiVersion"_s, m.apiVersion}, {u"kind"_s, m.kind}, {u"name"_s, m.name}, {u"namespace"_s, m.ns},
            {u"dataKey"_s, m.dataKey}, {u"listKey"_s, m.listKey}, {u"matchField"_s, m.matchField},
            {u"entry"_s, m.entry.toJson()}, {u"patch"_s, m.patch.toJson()}, {u"summary"_s, m.summary}});
    }
    return a;
}

// Loads --project (or the built-in defaults) and works out the target from the options.
struct Loaded
{
    Project project;
    QString source;
};

int loadProject(const QCommandLineParser &p, const QCommandLineOption &projectOpt, bool json, Loaded *loaded)
{
    if (!p.isSet(projectOpt)) {
        loaded->source = u"<built-in defaults>"_s;
        return -1;
    }
    const QString path = p.value(projectOpt);
    const ProjectLoad r = loadProjectFile(path);
    if (!r.project) {
        if (json) {
            QJsonArray a;
            for (const ConfigIssue &i : r.issues)
                a.append(issueJson(i));
            printJson(QJsonObject{{u"ok"_s, false}, {u"issues"_s, a}});
        } else {
            for (const ConfigIssue &i : r.issues)
                err() << i.format() << "\n";
            err() << r.issues.size() << (r.issues.size() == 1 ? " problem" : " problems") << " in " << path << "; nothing was rendered or written.\n";
        }
        return BadInput;
    }
    loaded->project = *r.project;
    loaded->source = path;
    return -1;
}

template<typename T, typename F>
int choice(const QCommandLineParser &p, const QCommandLineOption &o, F fromId, const QStringList &ids, T *value)
{
    if (!p.isSet(o))
        return -1;
    const auto v = fromId(p.value(o));
    if (!v) {
        err() << "--" << o.names().constLast() << ": \"" << p.value(o) << "\" is not known; use one of " << ids.join(u", "_s) << "\n";
        return Usage;
    }
    *value = *v;
    return -1;
}

struct TargetOptions
{
    QCommandLineOption platform{u"platform"_s, u"kubeflow, odh or standalone."_s, u"platform"_s};
    QCommandLineOption env{u"env"_s, u"development, staging or production."_s, u"environment"_s};
    QCommandLineOption preset{u"preset"_s, u"model-registry-ui (default) or split."_s, u"preset"_s};
    QCommandLineOption project{u"project"_s, u"Project file (deployctl init writes one)."_s, u"file"_s};

    void add(QCommandLineParser &p, bool withEnv = true)
    {
        p.addOption(platform);
        if (withEnv)
            p.addOption(env);
        p.addOption(preset);
        p.addOption(project);
    }

    int resolve(const QCommandLineParser &p, bool json, Loaded *loaded, Target *target, bool needEnv = true)
    {
        if (const int rc = loadProject(p, project, json, loaded); rc >= 0)
            return rc;
        *target = loaded->project.target;
        const bool fromProject = p.isSet(project);
        if (!fromProject && !p.isSet(platform)) {
            err() << "Choose a platform: --platform kubeflow|odh|standalone (or give --project FILE).\n";
            return Usage;
        }
        if (needEnv && !fromProject && !p.isSet(env)) {
            err() << "Choose an environment: --env development|staging|production (or give --project FILE).\n";
            return Usage;
        }
        if (const int rc = choice(p, platform, platformFromId, platformIds(), &target->platform); rc >= 0)
            return rc;
        if (needEnv)
            if (const int rc = choice(p, env, environmentFromId, environmentIds(), &target->environment); rc >= 0)
                return rc;
        if (const int rc = choice(p, preset, presetFromId, presetIds(), &target->preset); rc >= 0)
            return rc;
        return -1;
    }
};

void printNotes(const Bundle &b)
{
    for (const Note &n : b.notes)
        err() << "note: " << n.message << "\n";
}

int cmdRender(const QStringList &args)
{
    Common c(u"Print the manifests for one platform and environment (multi-document YAML)."_s);
    TargetOptions t;
    t.add(c.parser);
    QCommandLineOption file({u"o"_s, u"out"_s}, u"Write to FILE instead of standard output (atomically)."_s, u"file"_s);
    QCommandLineOption quiet({u"q"_s, u"quiet"_s}, u"Do not print the notes on where the output departs from the guide."_s);
    c.parser.addOption(file);
    c.parser.addOption(quiet);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (!c.parser.positionalArguments().isEmpty()) {
        err() << "render takes no file arguments (did you mean --project FILE?)\n";
        return Usage;
    }
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
        return rc;
    const Bundle bundle = generate(loaded.project, target);
    QByteArray data;
    if (c.json) {
        QJsonArray docs;
        for (const Document &d : bundle.documents)
            docs.append(d.root.toJson());
        data = QJsonDocument(QJsonObject{{u"target"_s, QJsonObject{{u"platform"_s, toId(target.platform)},
                                                                   {u"environment"_s, toId(target.environment)},
                                                                   {u"preset"_s, toId(target.preset)}}},
                                         {u"documents"_s, docs},
                                         {u"actions"_s, actionsJson(bundle.actions)},
                                         {u"notes"_s, notesJson(bundle.notes)}})
                   .toJson(QJsonDocument::Indented);
    } else {
        data = bundle.yaml(true).toUtf8();
        if (!c.parser.isSet(quiet))
            printNotes(bundle);
    }
    if (c.parser.isSet(file)) {
        QString error;
        if (!writeFileAtomically(c.parser.value(file), data, &error)) {
            err() << error << "\n";
            return BadInput;
        }
        err() << "wrote " << bundle.documents.size() << " objects to " << c.parser.value(file) << "\n";
        return Ok;
    }
    out() << QString::fromUtf8(data);
    out().flush();
    return Ok;
}

int cmdExport(const QStringList &args)
{
    Common c(u"Write the manifests of all three environments: a kustomize tree (DIR/base, DIR/overlays/<env>, DIR/merge for the shared-object merges and, for ODH, DIR/konflux) or, with --format yaml, one multi-document YAML file per environment."_s);
    TargetOptions t;
    t.add(c.parser, false);
    QCommandLineOption format(u"format"_s, u"kustomize (default) or yaml."_s, u"format"_s, u"kustomize"_s);
    c.parser.addOption(format);
    QCommandLineOption dir(u"dir"_s, u"Folder to write: new or empty, or one with an earlier export (then --force replaces it). Other folders are refused."_s, u"dir"_s);
    QCommandLineOption force(u"force"_s, u"Replace the files an earlier export wrote in DIR."_s);
    c.parser.addOption(dir);
    c.parser.addOption(force);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (!c.parser.isSet(dir)) {
        err() << "Give the folder to write: --dir DIR\n";
        return Usage;
    }
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target, false); rc >= 0)
        return rc;
    const QString fmt = c.parser.value(format);
    if (fmt != u"kustomize"_s && fmt != u"yaml"_s) {
        err() << "--format must be kustomize or yaml, not " << fmt << "\n";
        return Usage;
    }
    ExportPlan plan;
    if (fmt == u"kustomize"_s) {
        plan = kustomizeExport(loaded.project, target.platform, target.preset);
    } else {
        plan = yamlExport(loaded.project, target.platform, target.preset);
    }
    QString error;
    QStringList written;
    if (!writeExport(plan, c.parser.value(dir), c.parser.isSet(force), &error, &written)) {
        if (c.json)
            printJson(QJsonObject{{u"ok"_s, false}, {u"error"_s, error}});
        else
            err() << error << "\n";
        return BadInput;
    }
    if (c.json) {
        printJson(QJsonObject{{u"ok"_s, true}, {u"dir"_s, c.parser.value(dir)}, {u"files"_s, QJsonArray::fromStringList(written)}});
    } else {
        for (const QString &f : std::as_const(written))
            out() << "wrote " << f << "\n";
        if (fmt == u"kustomize"_s) {
            out() << "Render an environment with: kubectl kustomize " << QDir(c.parser.value(dir)).filePath(u"overlays/production"_s) << "\n";
            out() << "Shared objects (dashboard links, federation config) are merged, not applied: see "
                  << QDir(c.parser.value(dir)).filePath(u"README.md"_s) << "\n";
        } else {
            out() << "Shared objects (dashboard links, federation config) are merged, not applied: see "
                  << QDir(c.parser.value(dir)).filePath(u"README.md"_s) << "\n";
        }
    }
    return Ok;
}

QString findingLine(const Finding &f)
{
    return f.format() + u" ["_s + toId(f.severity) + u' ' + f.id + u']';
}

int cmdValidate(const QStringList &args)
{
    Common c(u"Check manifests: JSON schemas (Kubernetes 1.30 and the CRDs) and semantic lints. Checks the generated bundle of --project or --platform (all environments unless --env is given), or the given YAML files, folders and kustomization folders (rendered with kubectl kustomize)."_s);
    TargetOptions t;
    t.add(c.parser);
    QCommandLineOption disable(u"disable"_s, u"Switch a lint off (repeatable, or comma-separated ids)."_s, u"id"_s);
    QCommandLineOption strict(u"strict"_s, u"Exit with 1 on warnings too."_s);
    QCommandLineOption notes(u"notes"_s, u"Also print notes (where generated output departs from the guide, informational lints)."_s);
    QCommandLineOption listLints(u"list-lints"_s, u"List the lints with their ids, severities and hints."_s);
    c.parser.addOption(disable);
    c.parser.addOption(strict);
    c.parser.addOption(notes);
    c.parser.addOption(listLints);
    c.parser.addPositionalArgument(u"files"_s, u"YAML files, folders or kustomization folders to check instead of a generated bundle."_s, u"[FILE...]"_s);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (c.parser.isSet(listLints)) {
        if (c.json) {
            QJsonArray a;
            for (const LintInfo &l : lintCatalog())
                a.append(QJsonObject{{u"id"_s, l.id}, {u"severity"_s, toId(l.severity)}, {u"title"_s, l.title}, {u"hint"_s, l.hint}});
            printJson(a);
        } else {
            for (const LintInfo &l : lintCatalog())
                out() << l.id.leftJustified(34) << toId(l.severity).leftJustified(9) << l.title << "\n" << QString(43, u' ') << l.hint << "\n";
        }
        return Ok;
    }
    ValidationOptions options;
    for (const QString &v : c.parser.values(disable)) {
        for (const QString &id : v.split(u',', Qt::SkipEmptyParts)) {
            if (!findLint(id.trimmed())) {
                err() << "--disable: \"" << id << "\" is not a known lint; `deployctl validate --list-lints` lists them\n";
                return Usage;
            }
            options.lints.disabled.insert(id.trimmed());
        }
    }
    const SchemaValidator validator;
    QList<ValidationReport> reports;
    const QStringList files = c.parser.positionalArguments();
    if (!files.isEmpty()) {
        if (c.parser.isSet(t.project) || c.parser.isSet(t.platform)) {
            err() << "Give either files or --project/--platform, not both.\n";
            return Usage;
        }
        if (c.parser.isSet(t.env)) {
            Environment e{};
            if (const int rc = choice(c.parser, t.env, environmentFromId, environmentIds(), &e); rc >= 0)
                return rc;
            options.lints.environment = e;
        }
        const ManifestSet set = manifestsFromPaths(files);
        if (set.docs.empty() && !set.readFindings.isEmpty() && set.sources.isEmpty()) {
            for (const Finding &f : set.readFindings)
                err() << findingLine(f) << "\n";
            return BadInput;
        }
        reports.append(validateSet(set, validator, options));
    } else {
        Loaded loaded;
        Target target;
        if (const int rc = t.resolve(c.parser, c.json, &loaded, &target, false); rc >= 0)
            return rc;
        for (auto it = loaded.project.disabledLints.begin(); it != loaded.project.disabledLints.end(); ++it)
            options.lints.disabled.insert(it.key());
        QList<Environment> envs;
        if (c.parser.isSet(t.env)) {
            if (const int rc = choice(c.parser, t.env, environmentFromId, environmentIds(), &target.environment); rc >= 0)
                return rc;
            envs << target.environment;
        } else if (c.parser.isSet(t.project)) {
            envs << target.environment;
        } else {
            envs << Environment::Development << Environment::Staging << Environment::Production;
        }
        for (Environment e : std::as_const(envs)) {
            Target tt = target;
            tt.environment = e;
            reports.append(validateBundle(generate(loaded.project, tt), u"<render "_s + tt.id() + u'>', validator, options));
        }
    }
    int documents = 0, errors = 0, warnings = 0, noteCount = 0;
    QList<Finding> all;
    for (const ValidationReport &r : std::as_const(reports)) {
        documents += r.documents;
        errors += r.count(Severity::Error);
        warnings += r.count(Severity::Warning);
        noteCount += r.count(Severity::Note);
        all.append(r.findings);
    }
    if (c.json) {
        QJsonArray a;
        for (const Finding &f : std::as_const(all))
            a.append(findingJson(f));
        printJson(QJsonObject{{u"documents"_s, documents}, {u"errors"_s, errors}, {u"warnings"_s, warnings}, {u"notes"_s, noteCount},
                              {u"findings"_s, a}});
    } else {
        for (const Finding &f : std::as_const(all))
            if (f.severity != Severity::Note || c.parser.isSet(notes))
                out() << findingLine(f) << "\n";
        out() << documents << (documents == 1 ? " document" : " documents") << " checked: " << errors << (errors == 1 ? " error, " : " errors, ")
              << warnings << (warnings == 1 ? " warning, " : " warnings, ") << noteCount << (noteCount == 1 ? " note" : " notes");
        if (noteCount > 0 && !c.parser.isSet(notes))
            out() << " (--notes shows them)";
        out() << "\n";
    }
    out().flush();
    return errors > 0 || (c.parser.isSet(strict) && warnings > 0) ? Findings : Ok;
}

QString defaultText(const FieldDef &f)
{
    switch (f.type) {
    case FieldType::StringList: return u'[' + f.defaultValue.toStringList().join(u", "_s) + u']';
    case FieldType::StringMap: return u"{}"_s;
    case FieldType::Bool: return f.defaultValue.toBool() ? u"true"_s : u"false"_s;
    default: return f.defaultValue.toString();
    }
}

QString platformsText(int mask)
{
    if (mask == OnAll)
        return u"all"_s;
    QStringList p;
    if (mask & OnKubeflow)
        p << u"kubeflow"_s;
    if (mask & OnOdh)
        p << u"odh"_s;
    if (mask & OnStandalone)
        p << u"standalone"_s;
    return p.join(u',');
}

int cmdProfiles(const QStringList &args)
{
    Common c(u"List the platforms, environments and module presets, and with --fields every setting a project can make."_s);
    QCommandLineOption fields(u"fields"_s, u"List every setting: path, type, default, platforms and help."_s);
    c.parser.addOption(fields);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (c.json) {
        QJsonObject o;
        QJsonArray platforms, envs, presets;
        for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
            platforms.append(QJsonObject{{u"id"_s, toId(p)}, {u"name"_s, displayName(p)}, {u"description"_s, description(p)}});
        for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
            envs.append(QJsonObject{{u"id"_s, toId(e)}, {u"name"_s, displayName(e)}, {u"description"_s, description(e)}});
        for (Preset p : {Preset::ModelRegistryUi, Preset::Split})
            presets.append(QJsonObject{{u"id"_s, toId(p)}, {u"name"_s, displayName(p)}, {u"description"_s, description(p)}});
        o.insert(u"platforms"_s, platforms);
        o.insert(u"environments"_s, envs);
        o.insert(u"presets"_s, presets);
        if (c.parser.isSet(fields)) {
            QJsonArray fa;
            for (const FieldDef &f : fieldDefs())
                fa.append(QJsonObject{{u"path"_s, f.path}, {u"type"_s, typeName(f.type)}, {u"page"_s, f.page},
                                      {u"label"_s, f.label}, {u"help"_s, f.help}, {u"default"_s, QJsonValue::fromVariant(f.defaultValue)},
                                      {u"platforms"_s, platformsText(f.platforms)}, {u"choices"_s, QJsonArray::fromStringList(f.choices)}});
            o.insert(u"fields"_s, fa);
        }
        printJson(o);
        return Ok;
    }
    out() << "Platforms:\n";
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        out() << "  " << toId(p).leftJustified(20) << description(p) << "\n";
    out() << "Environments:\n";
    for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
        out() << "  " << toId(e).leftJustified(20) << description(e) << "\n";
    out() << "Module presets:\n";
    for (Preset p : {Preset::ModelRegistryUi, Preset::Split})
        out() << "  " << toId(p).leftJustified(20) << description(p) << "\n";
    if (c.parser.isSet(fields)) {
        out() << "\nSettings (spec.values in a project file; nested keys follow the dots):\n";
        QString page;
        for (const FieldDef &f : fieldDefs()) {
            if (f.page != page) {
                page = f.page;
                out() << "\n[" << page << "]\n";
            }
            out() << "  " << f.path << " (" << typeName(f.type);
            if (!f.choices.isEmpty())
                out() << ": " << f.choices.join(u'|');
            out() << ") default " << defaultText(f);
            if (f.platforms != OnAll)
                out() << " — " << platformsText(f.platforms) << " only";
            out() << "\n      " << f.help << "\n";
        }
    } else {
        out() << "\nRun `deployctl profiles --fields` for every setting a project file can make.\n";
    }
    return Ok;
}

int cmdInit(const QStringList &args)
{
    Common c(u"Write a starter project file (deploy-project.yaml unless -o is given)."_s);
    TargetOptions t;
    QCommandLineOption file({u"o"_s, u"out"_s}, u"Project file to write."_s, u"file"_s, u"deploy-project.yaml"_s);
    QCommandLineOption name(u"name"_s, u"Project name."_s, u"name"_s, u"model-registry-ui"_s);
    QCommandLineOption force(u"force"_s, u"Overwrite an existing file."_s);
    c.parser.addOption(t.platform);
    c.parser.addOption(t.env);
    c.parser.addOption(t.preset);
    c.parser.addOption(file);
    c.parser.addOption(name);
    c.parser.addOption(force);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    Project p;
    p.name = c.parser.value(name);
    if (const int rc = choice(c.parser, t.platform, platformFromId, platformIds(), &p.target.platform); rc >= 0)
        return rc;
    if (const int rc = choice(c.parser, t.env, environmentFromId, environmentIds(), &p.target.environment); rc >= 0)
        return rc;
    if (const int rc = choice(c.parser, t.preset, presetFromId, presetIds(), &p.target.preset); rc >= 0)
        return rc;
    const QString path = c.parser.value(file);
    if (QFileInfo::exists(path) && !c.parser.isSet(force)) {
        err() << path << " exists; nothing was written. Pass --force to overwrite it.\n";
        return BadInput;
    }
    const QString header = u"# Deploy Console project. Settings under spec.values apply to every environment,\n"_s
                           u"# spec.environments.<env> to one. Unset settings inherit: built-in default ->\n"_s
                           u"# module preset -> platform profile -> environment profile.\n"_s
                           u"# `deployctl profiles --fields` lists every setting. Example:\n"_s
                           u"#   values:\n#     replicas: 2\n#     image:\n#       tag: v0.3.8\n"_s;
    QString error;
    if (!writeFileAtomically(path, header.toUtf8() + serializeProject(p), &error)) {
        err() << error << "\n";
        return BadInput;
    }
    if (c.json)
        printJson(QJsonObject{{u"ok"_s, true}, {u"file"_s, path}});
    else
        out() << "wrote " << path << " (" << p.target.id() << ")\nNext: deployctl render --project " << path << "\n";
    return Ok;
}

} // namespace

int run(const QStringList &arguments)
{
    QStringList args = arguments;
    const QString program = args.isEmpty() ? u"deployctl"_s : args.takeFirst();
    if (args.isEmpty() || args.first() == u"--help"_s || args.first() == u"-h"_s || args.first() == u"help"_s) {
        (args.isEmpty() ? err() : out()) << Usage_;
        return args.isEmpty() ? Usage : Ok;
    }
    if (args.first() == u"--version"_s || args.first() == u"-v"_s) {
        out() << "deployctl " << DC_VERSION << "\n";
        return Ok;
    }
    const QString command = args.takeFirst();
    args.prepend(program + u' ' + command);
    if (command == u"render"_s)
        return cmdRender(args);
    if (command == u"export"_s)
        return cmdExport(args);
    if (command == u"validate"_s)
        return cmdValidate(args);
    if (command == u"profiles"_s)
        return cmdProfiles(args);
    if (command == u"init"_s)
        return cmdInit(args);
    for (const char *later : {"check", "apply", "status", "metrics"}) {
        if (command == QLatin1String(later)) {
            err() << "deployctl " << command << ": not implemented yet. This version does the offline commands: render, export, validate, profiles, init.\n";
            return Usage;
        }
    }
    err() << "unknown command \"" << command << "\"\n\n" << Usage_;
    return Usage;
}

} // namespace dc::cli
