// ODH / RHOAI: module federation entry in federation-config, OdhDashboardConfig and
// DataScienceCluster merge patches, and a ModelRegistry v1beta1 instance.

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

void addOdh(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;

    if (c.flag(u"odh.federation.enabled"_s)) {
        MergeAction a;
        a.type = MergeAction::Type::JsonEntry;
        a.apiVersion = u"v1"_s;
        a.kind = u"ConfigMap"_s;
        a.name = c.str(u"odh.federation.configMap"_s);
        a.ns = ctx.ns;
        a.resource = u"configmap"_s;
        a.dataKey = u"module-federation-config.json"_s;
        a.matchField = u"name"_s;
        Node entry = Node::map();
        entry.set("name", ctx.s(u"odh.federation.moduleName"_s));
        entry.set("remoteEntry", Node("/remoteEntry.js"));
        entry.set("authorize", ctx.b(u"odh.federation.authorize"_s));
        entry.set("tls", ctx.b(u"odh.federation.tls"_s));
        Node proxy = Node::map();
        proxy.set("path", ctx.s(u"odh.federation.proxyPath"_s));
        proxy.set("pathRewrite", ctx.s(u"odh.federation.proxyRewrite"_s));
        Node proxies = Node::seq();
        proxies.append(proxy);
        entry.set("proxy", proxies);
        Node service = Node::map();
        service.set("name", ctx.s(u"service.name"_s));
        service.set("namespace", ctx.s(u"namespace"_s));
        service.set("port", ctx.i(u"service.port"_s));
        entry.set("service", service);
        a.entry = entry;
        a.summary = u"ConfigMap %1/%2: add or update module \"%3\" in data[module-federation-config.json] (other modules are kept)"_s
                        .arg(ctx.ns, a.name, c.str(u"odh.federation.moduleName"_s));
        a.configPath = u"odh.federation.enabled"_s;
        a.fileName = u"federation-config-entry.json"_s;
        ctx.action(a);
    }

    if (c.flag(u"odh.dashboardConfig.enabled"_s)) {
        MergeAction a;
        a.type = MergeAction::Type::MergePatch;
        a.apiVersion = u"opendatahub.io/v1alpha"_s;
        a.kind = u"OdhDashboardConfig"_s;
        a.name = c.str(u"odh.dashboardConfig.name"_s);
        a.ns = ctx.ns;
        a.resource = u"odhdashboardconfig"_s;
        Node dc = Node::map();
        dc.set("disableModelRegistry", Node(false).withSource(u"odh.dashboardConfig.enabled"_s));
        Node spec = Node::map();
        spec.set("dashboardConfig", dc);
        Node patch = Node::map();
        patch.set("spec", spec);
        a.patch = patch;
        a.summary = u"OdhDashboardConfig %1/%2: merge-patch spec.dashboardConfig.disableModelRegistry=false"_s.arg(ctx.ns, a.name);
        a.configPath = u"odh.dashboardConfig.enabled"_s;
        a.fileName = u"odhdashboardconfig-patch.yaml"_s;
        ctx.action(a);
    }
    ctx.note(u"guide-odhdashboardconfig"_s,
             u"OdhDashboardConfig is a custom resource (opendatahub.io/v1alpha, odh-dashboard-config), not a ConfigMap; only disableModelRegistry is merged into it. The guide's moduleFederation block and disableAppLauncher do not exist in its schema, and groupsConfig is now ignored there; the module is registered in the federation-config ConfigMap instead."_s,
             u"odh.dashboardConfig.enabled"_s);

    if (c.flag(u"odh.dsc.enabled"_s)) {
        MergeAction a;
        a.type = MergeAction::Type::MergePatch;
        a.apiVersion = u"datasciencecluster.opendatahub.io/v1"_s;
        a.kind = u"DataScienceCluster"_s;
        a.name = c.str(u"odh.dsc.name"_s);
        a.resource = u"datasciencecluster"_s;
        Node mr = Node::map();
        mr.set("managementState", Node("Managed").withSource(u"odh.dsc.enabled"_s));
        mr.set("registriesNamespace", ctx.s(u"odh.dsc.registriesNamespace"_s));
        Node components = Node::map();
        components.set("modelregistry", mr);
        Node spec = Node::map();
        spec.set("components", components);
        Node patch = Node::map();
        patch.set("spec", spec);
        a.patch = patch;
        a.summary = u"DataScienceCluster %1: merge-patch spec.components.modelregistry.managementState=Managed"_s.arg(a.name);
        a.configPath = u"odh.dsc.enabled"_s;
        a.fileName = u"datasciencecluster-patch.yaml"_s;
        ctx.action(a);
    }

    if (c.flag(u"odh.modelRegistry.enabled"_s)) {
        Node meta = ctx.metadata(c.str(u"odh.modelRegistry.name"_s), true, u"model-registry"_s);
        meta.set("namespace", ctx.s(u"odh.dsc.registriesNamespace"_s));
        Node mr = makeObject(u"modelregistry.opendatahub.io/v1beta1"_s, "ModelRegistry", meta);
        Node spec = Node::map();
        const QString type = c.str(u"odh.modelRegistry.database.type"_s);
        Node db = Node::map();
        db.set("database", ctx.s(u"odh.modelRegistry.database.name"_s));
        db.set("host", ctx.s(u"odh.modelRegistry.database.host"_s));
        Node pw = Node::map();
        pw.set("key", ctx.s(u"odh.modelRegistry.database.passwordSecret.key"_s));
        pw.set("name", ctx.s(u"odh.modelRegistry.database.passwordSecret.name"_s));
        db.set("passwordSecret", pw);
        db.set("port", ctx.i(u"odh.modelRegistry.database.port"_s));
        db.set("username", ctx.s(u"odh.modelRegistry.database.username"_s));
        spec.set(type, std::move(db).withSource(u"odh.modelRegistry.database.type"_s));
        Node rest = Node::map();
        rest.set("serviceRoute", ctx.s(u"odh.modelRegistry.serviceRoute"_s));
        spec.set("rest", rest);
        mr.set("spec", spec);
        ctx.add(mr).from(u"odh.modelRegistry.enabled"_s);
        ctx.note(u"guide-modelregistry-cr"_s,
                 u"ModelRegistry: generated as modelregistry.opendatahub.io/v1beta1 with a %1 database and a password Secret reference (the Secret %2 must exist; the console never writes secrets). The guide's enableModelRegistry, modelRegistry.replicas and storage fields do not exist; enabling the component is done in the DataScienceCluster."_s
                     .arg(type, c.str(u"odh.modelRegistry.database.passwordSecret.name"_s)),
                 u"odh.modelRegistry.enabled"_s);
    }

    ctx.note(u"guide-odh-serving"_s,
             u"ODH: the module serves HTTPS on %1 with a certificate from OpenShift's service CA (Secret %2) and user_token auth reading %3, as the ODH dashboard's modules do; the guide's plain-HTTP port 8080 remoteEntry URL is not used."_s
                 .arg(c.integer(u"port"_s))
                 .arg(c.str(u"odh.tls.servingCertSecret"_s), c.str(u"auth.tokenHeader"_s)),
             u"port"_s);
}

} // namespace dc::gen
