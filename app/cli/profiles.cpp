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

} // namespace

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

} // namespace dc::cli
