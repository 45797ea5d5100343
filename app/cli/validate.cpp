#include "common.h"

#include "config/fields.h"
#include "config/resolvedconfig.h"
#include "manifests/export.h"
#include "manifests/generator.h"
#include "manifests/yaml.h"
#include "validation/lints.h"
#include "validation/manifestset.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace dc::cli {

namespace {

QString findingLine(const Finding &f)
{
    return f.format() + u" ["_s + toId(f.severity) + u' ' + f.id + u']';
}

} // namespace

int cmdValidate(const QStringList &args)
{
    Common c(u"Check manifests: JSON schemas (Kubernetes 1.30 and the CRDs) and semantic lints. Checks the generated bundle of --project or --platform (all environments unless --env is given), or the given YAML files, folders and kustomization folders (rendered with kubectl kustomize); with files, --platform and --env say what they are for (--platform odh adds OpenShift's checks)."_s);
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
        if (c.parser.isSet(t.project)) {
            err() << "Give either files or --project, not both (--platform and --env say what the files are for).\n";
            return Usage;
        }
        if (c.parser.isSet(t.platform)) {
            Platform p{};
            if (const int rc = choice(c.parser, t.platform, platformFromId, platformIds(), &p); rc >= 0)
                return rc;
            options.lints.platform = p;
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
            a.append(toJson(f));
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

} // namespace dc::cli
