#include "generator.h"
#include "imageref.h"
#include "kinds.h"

#include "config/project.h"
#include "config/resolvedconfig.h"
#include "generatorcontext.h"

#include <QHash>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc {

namespace gen {

Context::Context(const ResolvedConfig &config)
    : c(config)
    , name(config.str(u"name"_s))
    , ns(config.str(u"namespace"_s))
{
    bundle.target = config.target;
}

Node Context::metadata(const QString &objectName, bool namespaced, const QString &component) const
{
    Node m = Node::map();
    m.set("name", Node(objectName));
    if (namespaced)
        m.set("namespace", s(u"namespace"_s));
    Node labels = Node::map();
    labels.set("app", s(u"name"_s));
    labels.set("app.kubernetes.io/name", s(u"name"_s));
    labels.set("app.kubernetes.io/component", Node(component.isEmpty() ? u"ui"_s : component));
    const QVariantMap extra = c.map(u"labels"_s);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        labels.set(it.key(), Node(it.value().toString()).withSource(u"labels"_s));
    // part-of and managed-by are the labels every object shares; the kustomize export
    // moves them into the kustomization's `labels` transformer.
    labels.set("app.kubernetes.io/part-of", s(u"partOf"_s));
    labels.set("app.kubernetes.io/managed-by", Node("deploy-console"));
    m.set("labels", labels);
    const QVariantMap annotations = c.map(u"annotations"_s);
    if (!annotations.isEmpty()) {
        Node a = Node::map();
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            a.set(it.key(), Node(it.value().toString()).withSource(u"annotations"_s));
        m.set("annotations", a);
    }
    return m;
}

Node Context::selector() const
{
    Node sel = Node::map();
    sel.set("app", s(u"name"_s));
    return sel;
}

Node Context::podLabels() const
{
    Node labels = selector();
    labels.set("app.kubernetes.io/name", s(u"name"_s));
    labels.set("app.kubernetes.io/component", Node("ui"));
    if (on(Platform::Kubeflow) && c.flag(u"istio.sidecarInject"_s))
        labels.set("sidecar.istio.io/inject", Node("true").withSource(u"istio.sidecarInject"_s));
    const QVariantMap extra = c.map(u"labels"_s);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        labels.set(it.key(), Node(it.value().toString()).withSource(u"labels"_s));
    return labels;
}

QString Context::serviceHost(const QString &service) const
{
    return service + u'.' + ns + u".svc.cluster.local"_s;
}

Node Context::imageRef(const QString &prefix) const
{
    const QString repo = c.str(prefix + u".repository"_s);
    const QString digest = c.str(prefix + u".digest"_s);
    if (!digest.isEmpty())
        return Node(repo + u'@' + digest).withSource(prefix + u".digest"_s);
    return Node(repo + u':' + c.str(prefix + u".tag"_s)).withSource(prefix + u".tag"_s);
}

QString Context::istioNetworking() const
{
    return u"networking.istio.io/"_s + c.str(u"istio.apiVersions"_s);
}

QString Context::istioSecurity() const
{
    return u"security.istio.io/"_s + c.str(u"istio.apiVersions"_s);
}

QString Context::modulePortName() const
{
    // On ODH TLS ends where the dashboard connects: the module itself, or in the split preset
    // the frontend, which reaches its BFF over the pod's loopback.
    if (split())
        return u"http-bff"_s;
    return on(Platform::Odh) ? u"https"_s : u"http"_s;
}

QString Context::frontendPortName() const
{
    return on(Platform::Odh) ? u"https"_s : u"http"_s;
}

Node Context::pullPolicy(const QString &imagePrefix) const
{
    const QString policy = c.str(u"image.pullPolicy"_s);
    const bool pinned = !c.str(imagePrefix + u".digest"_s).isEmpty() || !isFloatingTag(c.str(imagePrefix + u".tag"_s));
    if (pinned || policy == u"Never"_s)
        return s(u"image.pullPolicy"_s);
    return Node("Always").withSource(imagePrefix + u".tag"_s);
}

bool Context::proxyEnabled() const
{
    return on(Platform::Standalone) && c.flag(u"auth.proxy.enabled"_s);
}

Node &Context::add(Node doc)
{
    bundle.documents.push_back(Document{std::move(doc)});
    return bundle.documents.back().root;
}

void Context::note(const QString &id, const QString &message, const QString &configPath)
{
    bundle.notes.append(Note{id, message, configPath});
}

void Context::action(MergeAction a)
{
    bundle.actions.push_back(std::move(a));
}

Node makeObject(const QString &apiVersion, const char *kind, Node metadata)
{
    Node n = Node::map();
    n.set("apiVersion", Node(apiVersion));
    n.set("kind", Node(kind));
    n.set("metadata", std::move(metadata));
    return n;
}

Node matchLabels(const Context &ctx)
{
    Node sel = Node::map();
    sel.set("matchLabels", ctx.selector());
    return sel;
}

Node nameValueList(const QList<std::pair<QString, QString>> &pairs)
{
    Node list = Node::seq();
    for (const auto &[name, value] : pairs) {
        Node p = Node::map();
        p.set("name", Node(name));
        p.set("value", Node(value));
        list.append(p);
    }
    return list;
}

} // namespace gen


Bundle generate(const ResolvedConfig &config)
{
    gen::Context ctx(config);
    gen::addCommon(ctx);
    switch (config.target.platform) {
    case Platform::Kubeflow: gen::addKubeflow(ctx); break;
    case Platform::Odh: gen::addOdh(ctx); break;
    case Platform::Standalone: gen::addStandalone(ctx); break;
    }
    std::stable_sort(ctx.bundle.documents.begin(), ctx.bundle.documents.end(), [](const Document &a, const Document &b) {
        return applyOrder(a.kind()) < applyOrder(b.kind());
    });
    return std::move(ctx.bundle);
}

Bundle generate(const Project &project, const Target &target)
{
    return generate(resolve(project, target));
}

} // namespace dc
