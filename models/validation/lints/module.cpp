#include "lintcontext.h"

#include "config/layers.h"
#include "manifests/yaml.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

// --- catalogue ---------------------------------------------------------------------------
// What each module reads and uses comes from its preset's `knowledge:` section; these lints only
// compare the manifests with it.

const LintInfo ModuleUnknownEnv{u"module-unknown-env"_s, Severity::Warning, u"Environment variables the module does not read"_s,
    u"Remove them and configure the module the way its preset says (deployctl profiles lists the presets)."_s};
const LintInfo ModuleConfigFile{u"module-config-file"_s, Severity::Note, u"Configuration file the module does not read"_s,
    u"The module does not read this file; pass the settings the way its preset says."_s};
const LintInfo RegistryGrpcPort{u"registry-grpc-port"_s, Severity::Warning, u"API the module no longer uses"_s,
    u"Point the module at the API that replaced it, and drop the removed port or service."_s};

const LintInfo ModuleBuildOnlyFlag{u"module-build-only-flag"_s, Severity::Error, u"Flag the released image cannot run with"_s,
    u"Remove the flag, or use an image built for it."_s};

// A released image started with a flag only a special build supports exits at start. Images
// whose name says "mock" are taken to be that build.
void lintBuildOnlyFlags(Context &ctx, const ModuleKnowledge &module)
{
    if (module.buildOnlyFlags.isEmpty())
        return;
    for (const PodTemplate &p : ctx.pods) {
        forEachContainer(p, [&](const Node &c, const QString &cp, bool) {
            const QString image = c.str(u"image");
            if (!module.ownsImage(image) || image.contains(u"mock"_s, Qt::CaseInsensitive))
                return;
            for (const char *list : {"command", "args"}) {
                const Node *args = c.get(QString::fromLatin1(list));
                if (!args || !args->isSeq())
                    continue;
                int j = 0;
                for (const Node &a : args->items()) {
                    const QString text = a.scalarText();
                    for (const QString &flag : module.buildOnlyFlags) {
                        const QString single = flag.mid(1); // Go's flag package takes -flag too
                        for (const QString &f : {flag, single})
                            if (text == f || text == f + u"=true"_s || text == f + u"=1"_s)
                                ctx.report(ModuleBuildOnlyFlag, *p.doc, cp + u'.' + QString::fromLatin1(list) + u'[' + QString::number(j) + u']',
                                           u"container %1 runs %2 with %3: %4"_s.arg(c.str(u"name"), image, text, module.buildOnlyWhy));
                    }
                    ++j;
                }
            }
        });
    }
}

QList<ModuleKnowledge> modulesOf(const LintOptions &options)
{
    if (options.modules)
        return *options.modules;
    // Hand-written manifests: every built-in module's knowledge, each applying to its own images.
    QList<ModuleKnowledge> all;
    for (const ModuleKnowledge &k : builtinProfiles().knowledge)
        if (!k.isEmpty())
            all << k;
    return all;
}

void lintContainers(Context &ctx, const ModuleKnowledge &module)
{
    const QRegularExpression unread(module.unreadEnv);
    for (const PodTemplate &p : ctx.pods) {
        forEachContainer(p, [&](const Node &c, const QString &cp, bool) {
            if (!module.ownsImage(c.str(u"image")))
                return;
            const Node *envs = c.get(u"env");
            if (!envs)
                return;
            int j = 0;
            for (const Node &e : envs->items()) {
                const QString key = e.str(u"name");
                if (!module.unreadEnv.isEmpty() && unread.match(key).hasMatch())
                    ctx.report(ModuleUnknownEnv, *p.doc, cp + u".env[%1].name"_s.arg(j),
                               u"%1 is set on container %2, but %3 does not read it: it is configured by %4"_s.arg(key, c.str(u"name"), module.name,
                                                                                                                 module.configuredBy));
                for (const QString &host : module.removedHosts)
                    if (e.str(u"value").contains(host))
                        ctx.report(RegistryGrpcPort, *p.doc, cp + u".env[%1].value"_s.arg(j),
                                   u"%1 points at %2: %3"_s.arg(key, host, module.removedWhy));
                ++j;
            }
        });
    }
}

bool ownsAnyContainer(const Context &ctx, const ModuleKnowledge &module)
{
    for (const PodTemplate &p : ctx.pods)
        if (const Node *containers = p.spec->get(u"containers"))
            for (const Node &c : containers->items())
                if (module.ownsImage(c.str(u"image")))
                    return true;
    return false;
}

void lintFilesAndServices(Context &ctx, const ModuleKnowledge &module)
{
    const bool present = ownsAnyContainer(ctx, module);
    for (const ManifestDoc *d : ctx.ofKind(u"ConfigMap"_s)) {
        const Node *data = d->root.get(u"data");
        if (!data || !(present || module.configMaps.contains(d->root.str(u"metadata.name"))))
            continue;
        for (const QString &file : module.unreadFiles) {
            // Data keys contain dots, so they are looked up with get(), not at().
            const Node *text = data->get(file);
            if (!text)
                continue;
            const ParsedYaml inner = parseYaml(text->toString().toUtf8());
            if (inner.ok() && !inner.documents.empty() && (module.unreadFileMarker.isEmpty() || inner.documents.front().at(module.unreadFileMarker)))
                ctx.report(ModuleConfigFile, *d, u"data."_s + file,
                           u"%1 sets %2, but %3 reads no %1; it is configured by %4"_s.arg(file, module.unreadFileMarker, module.name, module.configuredBy));
        }
    }
    if (module.removedServicePrefix.isEmpty())
        return;
    for (const ManifestDoc *d : ctx.ofKind(u"Service"_s)) {
        if (!isCoreService(*d) || !d->root.str(u"metadata.name").startsWith(module.removedServicePrefix))
            continue;
        const Node *ports = d->root.at(u"spec.ports");
        int i = 0;
        if (ports)
            for (const Node &p : ports->items()) {
                if (module.removedPorts.contains(p.str(u"port").toInt()) && p.str(u"name").contains(u"grpc"_s))
                    ctx.report(RegistryGrpcPort, *d, u"spec.ports[%1]"_s.arg(i),
                               u"port %1 (%2) is a removed API: %3"_s.arg(p.str(u"port"), p.str(u"name"), module.removedWhy));
                ++i;
            }
    }
}

void run(Context &ctx)
{
    for (const ModuleKnowledge &module : modulesOf(ctx.options)) {
        lintContainers(ctx, module);
        lintFilesAndServices(ctx, module);
        lintBuildOnlyFlags(ctx, module);
    }
}

} // namespace

const Area &moduleArea()
{
    static const Area area{"module", {&ModuleUnknownEnv, &ModuleConfigFile, &RegistryGrpcPort, &ModuleBuildOnlyFlag}, &run};
    return area;
}

} // namespace dc::lint
