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

} // namespace dc::cli
