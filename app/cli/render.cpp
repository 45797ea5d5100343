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
                                         {u"actions"_s, toJson(bundle.actions)},
                                         {u"notes"_s, toJson(bundle.notes)}})
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

} // namespace dc::cli
