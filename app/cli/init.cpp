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

} // namespace dc::cli
