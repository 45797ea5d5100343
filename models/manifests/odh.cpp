// ODH / RHOAI: module federation entry in federation-config, OdhDashboardConfig and
// DataScienceCluster merge patches, and a ModelRegistry v1beta1 instance.

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

namespace {
const QString ModelRegistryCrd = u"modelregistries.modelregistry.opendatahub.io"_s;
}

void addOdh(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;

    if (c.flag(u"odh.dsc.enabled"_s)) {
        MergeAction a;
        a.type = MergeAction::Type::MergePatch;
        a.beforeObjects = true;
        a.apiVersion = u"datasciencecluster.opendatahub.io/v1"_s;
        a.kind = u"DataScienceCluster"_s;
        a.name = c.str(u"odh.dsc.name"_s);
        a.resource = u"datasciencecluster"_s;
        Node mr = Node::map();
        // registriesNamespace is left as it is: its default differs per distribution and a
        // validation rule forbids changing it while the component is Managed.
        mr.set("managementState", Node("Managed").withSource(u"odh.dsc.enabled"_s));
        Node components = Node::map();
        components.set("modelregistry", mr);
        Node spec = Node::map();
        spec.set("components", components);
        Node patch = Node::map();
        patch.set("spec", spec);
        a.patch = patch;
        a.summary = u"DataScienceCluster %1: merge-patch spec.components.modelregistry.managementState=Managed (the operator then installs the model registry operator and its CRD)"_s.arg(a.name);
        a.configPath = u"odh.dsc.enabled"_s;
        a.fileName = u"datasciencecluster-patch.yaml"_s;
        ctx.action(a);
    }

    if (c.flag(u"odh.modelRegistry.enabled"_s)) {
        MergeAction w;
        w.type = MergeAction::Type::WaitForCrd;
        w.beforeObjects = true;
        w.apiVersion = u"apiextensions.k8s.io/v1"_s;
        w.kind = u"CustomResourceDefinition"_s;
        w.name = ModelRegistryCrd;
        w.resource = u"crd"_s;
        w.summary = u"wait until CustomResourceDefinition %1 exists and is Established (the ModelRegistry below needs it)"_s.arg(w.name);
        w.configPath = u"odh.modelRegistry.enabled"_s;
        ctx.action(w);
    }

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
                 u"ModelRegistry: generated as modelregistry.opendatahub.io/v1beta1 in the registries namespace %3 with a %1 database and a password Secret reference (the Secret %2 must exist there; the console never writes secrets). The guide's enableModelRegistry, modelRegistry.replicas and storage fields do not exist; enabling the component is done in the DataScienceCluster."_s
                     .arg(type, c.str(u"odh.modelRegistry.database.passwordSecret.name"_s), c.str(u"odh.dsc.registriesNamespace"_s)),
                 u"odh.modelRegistry.enabled"_s);
        ctx.note(u"odh-order"_s,
                 u"Order: %1the CRD %2 must be served before the ModelRegistry can be created, so apply waits for it to exist and be Established, then applies the objects (the ModelRegistry goes to %3, the namespace the operator manages); the DataScienceCluster's registriesNamespace is not set, because its default differs between ODH and RHOAI and cannot change while the component is Managed."_s
                     .arg(c.flag(u"odh.dsc.enabled"_s) ? u"the DataScienceCluster patch comes first (the operator installs the model registry operator when the component is Managed); "_s : QString(),
                          ModelRegistryCrd, c.str(u"odh.dsc.registriesNamespace"_s)),
                 u"odh.dsc.enabled"_s);
    }

    ctx.note(u"guide-odh-serving"_s,
             u"ODH: the module serves HTTPS on %1 with a certificate from OpenShift's service CA (Secret %2) and user_token auth reading %3, as the ODH dashboard's modules do; the guide's plain-HTTP port 8080 remoteEntry URL is not used."_s
                 .arg(c.integer(ctx.split() ? u"frontend.port"_s : u"port"_s))
                 .arg(c.str(u"odh.tls.servingCertSecret"_s), c.str(u"auth.tokenHeader"_s)),
             u"port"_s);
    ctx.note(u"odh-ca-bundles"_s,
             u"ODH: the BFF gets --bundle-paths with the image's system bundle, the service CA (ConfigMap openshift-service-ca.crt) and the cluster's trusted CA bundle (ConfigMap odh-trusted-ca-bundle, optional)%1, so it can reach registries served over HTTPS behind kube-rbac-proxy; without them every registry call fails with an unknown-authority error."_s
                 .arg(c.list(u"odh.tls.extraCaBundles"_s).isEmpty() ? QString() : u" plus "_s + c.list(u"odh.tls.extraCaBundles"_s).join(u", "_s)),
             u"odh.tls.extraCaBundles"_s);
    if (c.str(u"odh.variant"_s) == u"rhoai"_s)
        ctx.note(u"rhoai-variant"_s,
                 u"RHOAI: applications run in %1, registries in %2, the module image is %3:%4%5 and Konflux builds it from %6."_s
                     .arg(c.str(u"namespace"_s), c.str(u"odh.dsc.registriesNamespace"_s), c.str(u"image.repository"_s), c.str(u"image.tag"_s),
                          c.str(u"image.repository"_s).startsWith(u"registry.redhat.io/"_s) ? u" (pulled with the cluster's pull secret for registry.redhat.io)"_s : QString(),
                          c.str(u"build.gitUrl"_s)),
                 u"odh.variant"_s);
}

} // namespace dc::gen
