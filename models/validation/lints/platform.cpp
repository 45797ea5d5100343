#include "lintcontext.h"

#include "manifests/yaml.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

// --- catalogue ---------------------------------------------------------------------------

const LintInfo OdhDashboardConfigConfigmap{u"odh-dashboard-config-configmap"_s, Severity::Error, u"OdhDashboardConfig given as a ConfigMap"_s,
    u"OdhDashboardConfig is a custom resource: apiVersion opendatahub.io/v1alpha, kind OdhDashboardConfig, name odh-dashboard-config."_s};
const LintInfo OdhDashboardConfigUnknownKey{u"odh-dashboard-config-unknown-key"_s, Severity::Error, u"Unknown OdhDashboardConfig setting"_s,
    u"The OdhDashboardConfig schema has no such key; strict field validation rejects it and the API server prunes it."_s};
const LintInfo OdhModuleFederationField{u"odh-module-federation-field"_s, Severity::Error, u"moduleFederation in OdhDashboardConfig"_s,
    u"Module federation is configured in the dashboard's federation-config ConfigMap (module-federation-config.json), not in OdhDashboardConfig."_s};
const LintInfo OdhGroupsConfigLists{u"odh-groups-config-lists"_s, Severity::Warning, u"groupsConfig given as lists"_s,
    u"adminGroups and allowedGroups are comma-separated strings, and groupsConfig is now ignored: groups are set in the Auth resource."_s};
const LintInfo ModelregistryUnknownField{u"modelregistry-unknown-field"_s, Severity::Error, u"ModelRegistry field that does not exist"_s,
    u"ModelRegistry v1beta1 has rest, grpc, postgres|mysql, oauthProxy|kubeRBACProxy; enable the component in the DataScienceCluster."_s};
const LintInfo ModelregistryCrdRedefined{u"modelregistry-crd-redefined"_s, Severity::Warning, u"ModelRegistry CRD shipped by hand"_s,
    u"The model-registry operator installs this CRD (v1beta1 storage); a hand-written copy with other fields breaks it."_s};
const LintInfo TektonV1beta1{u"tekton-v1beta1"_s, Severity::Warning, u"Tekton v1beta1 is deprecated"_s,
    u"Use apiVersion tekton.dev/v1 (Konflux runs v1 PipelineRuns)."_s};
const LintInfo KonfluxUnknownTask{u"konflux-unknown-task"_s, Severity::Warning, u"Konflux has no such task"_s,
    u"Konflux builds push with buildah (build-images task); there is no push-to-registry task."_s};

const LintInfo OpenshiftFixedUid{u"openshift-fixed-uid"_s, Severity::Error, u"Fixed UID, GID or fsGroup on OpenShift"_s,
    u"Remove runAsUser, runAsGroup and fsGroup: OpenShift's restricted-v2 SCC assigns them from the namespace's range and refuses a pod that asks for others. Keep runAsNonRoot: true."_s};
const LintInfo DscRegistriesNamespace{u"dsc-registries-namespace"_s, Severity::Warning, u"DataScienceCluster sets registriesNamespace"_s,
    u"Leave spec.components.modelregistry.registriesNamespace unset: its default differs (odh-model-registries on ODH, rhoai-model-registries on RHOAI) and it cannot change while the component is Managed."_s};

// OpenShift (checked when the manifests are for the odh platform): no fixed IDs in any pod.
void lintOpenshiftIds(Context &ctx)
{
    if (ctx.options.platform != Platform::Odh)
        return;
    for (const PodTemplate &p : ctx.pods) {
        if (const Node *sc = p.spec->get(u"securityContext"))
            for (const char *field : {"runAsUser", "runAsGroup", "fsGroup"})
                if (sc->get(QString::fromLatin1(field)))
                    ctx.report(OpenshiftFixedUid, *p.doc, p.path + u".securityContext."_s + QString::fromLatin1(field),
                               u"the pod sets %1 %2; restricted-v2 assigns it from the namespace's range"_s.arg(QString::fromLatin1(field), sc->str(QString::fromLatin1(field))));
        forEachContainer(p, [&](const Node &c, const QString &cp, bool) {
            if (const Node *sc = c.get(u"securityContext"))
                for (const char *field : {"runAsUser", "runAsGroup"})
                    if (sc->get(QString::fromLatin1(field)))
                        ctx.report(OpenshiftFixedUid, *p.doc, cp + u".securityContext."_s + QString::fromLatin1(field),
                                   u"container %1 sets %2 %3; restricted-v2 assigns it from the namespace's range"_s.arg(c.str(u"name"), QString::fromLatin1(field), sc->str(QString::fromLatin1(field))));
        });
    }
}

void lintDashboardConfigSpec(Context &ctx, const ManifestDoc &d, const Node &config, const QString &base)
{
    static const QStringList knownDashboardKeys = {
        u"enablement"_s, u"disableBYONImageStream"_s, u"disableClusterManager"_s, u"disableISVBadges"_s, u"disableInfo"_s,
        u"disableSupport"_s, u"disableTracking"_s, u"disableProjects"_s, u"disablePipelines"_s, u"disableModelServing"_s,
        u"disableProjectSharing"_s, u"disableCustomServingRuntimes"_s, u"disableKServe"_s, u"disableKServeAuth"_s,
        u"disableKServeMetrics"_s, u"disableModelMesh"_s, u"disableAcceleratorProfiles"_s, u"disableHardwareProfiles"_s,
        u"disableDistributedWorkloads"_s, u"disableModelCatalog"_s, u"disableModelRegistry"_s, u"disableModelRegistrySecureDB"_s,
        u"disableServingRuntimeParams"_s, u"disableStorageClasses"_s, u"disableNIMModelServing"_s, u"disableConnectionTypes"_s,
        u"disableFineTuning"_s, u"disableLMEval"_s, u"disableKueue"_s, u"disableLlamaStackChatBot"_s, u"disableTrustyBiasMetrics"_s,
        u"disablePerformanceMetrics"_s, u"disableBiasMetrics"_s, u"disableHome"_s, u"disableAdminConnectionTypes"_s,
    };
    if (const Node *dc = config.get(u"dashboardConfig")) {
        for (const Node &k : dc->items())
            if (k.key() == u"disableAppLauncher"_s || (!knownDashboardKeys.contains(k.key()) && !k.key().startsWith(u"disable"_s)))
                ctx.report(OdhDashboardConfigUnknownKey, d, base + u"dashboardConfig."_s + k.key(),
                           u"dashboardConfig.%1 is not in the OdhDashboardConfig schema"_s.arg(k.key()));
    }
    if (config.get(u"moduleFederation"))
        ctx.report(OdhModuleFederationField, d, base + u"moduleFederation"_s, u"OdhDashboardConfig has no moduleFederation field"_s);
    if (const Node *groups = config.get(u"groupsConfig"))
        for (const Node &g : groups->items())
            if (g.isSeq())
                ctx.report(OdhGroupsConfigLists, d, base + u"groupsConfig."_s + g.key(), u"groupsConfig.%1 is a list"_s.arg(g.key()));
}

void run(Context &ctx)
{
    lintOpenshiftIds(ctx);
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        const QString api = d.root.str(u"apiVersion");
        // ConfigMap data keys contain dots, so they are looked up with get(), not at().
        const Node *data = kind == u"ConfigMap"_s ? d.root.get(u"data") : nullptr;
        const Node *dashboardYaml = data ? data->get(u"dashboard_config.yaml") : nullptr;
        if (kind == u"ConfigMap"_s && (d.root.str(u"metadata.name") == u"odh-dashboard-config"_s || dashboardYaml)) {
            ctx.report(OdhDashboardConfigConfigmap, d, u"kind"_s, u"odh-dashboard-config is given as a ConfigMap; the dashboard reads the OdhDashboardConfig resource"_s);
            if (const Node *text = dashboardYaml) {
                const ParsedYaml inner = parseYaml(text->toString().toUtf8());
                if (inner.ok() && !inner.documents.empty() && inner.documents.front().isMap())
                    lintDashboardConfigSpec(ctx, d, inner.documents.front(), u"data.dashboard_config.yaml: "_s);
            }
        }
        if (kind == u"OdhDashboardConfig"_s)
            if (const Node *spec = d.root.get(u"spec"))
                lintDashboardConfigSpec(ctx, d, *spec, u"spec."_s);
        if (kind == u"ModelRegistry"_s && api.startsWith(u"modelregistry.opendatahub.io/"_s)) {
            if (const Node *spec = d.root.get(u"spec"))
                for (const char *bad : {"enableModelRegistry", "modelRegistry", "replicas", "storage"})
                    if (spec->get(QString::fromLatin1(bad)))
                        ctx.report(ModelregistryUnknownField, d, u"spec."_s + QString::fromLatin1(bad),
                                   u"ModelRegistry has no spec.%1"_s.arg(QString::fromLatin1(bad)));
        }
        if (kind == u"CustomResourceDefinition"_s && d.root.str(u"metadata.name") == u"modelregistries.modelregistry.opendatahub.io"_s) {
            ctx.report(ModelregistryCrdRedefined, d, u"metadata.name"_s, u"this set defines the ModelRegistry CRD itself"_s);
            const Node *versions = d.root.at(u"spec.versions");
            int i = 0;
            if (versions)
                for (const Node &v : versions->items()) {
                    const Node *props = v.at(u"schema.openAPIV3Schema.properties.spec.properties");
                    if (props)
                        for (const char *bad : {"enableModelRegistry", "modelRegistry"})
                            if (props->get(QString::fromLatin1(bad)))
                                ctx.report(ModelregistryUnknownField, d,
                                           u"spec.versions[%1].schema.openAPIV3Schema.properties.spec.properties.%2"_s.arg(i).arg(QString::fromLatin1(bad)),
                                           u"the real ModelRegistry has no spec.%1"_s.arg(QString::fromLatin1(bad)));
                    ++i;
                }
        }
        if (kind == u"DataScienceCluster"_s && d.root.at(u"spec.components.modelregistry.registriesNamespace"))
            ctx.report(DscRegistriesNamespace, d, u"spec.components.modelregistry.registriesNamespace"_s,
                       u"the DataScienceCluster sets the registries namespace to %1"_s.arg(d.root.str(u"spec.components.modelregistry.registriesNamespace")));
        if (api == u"tekton.dev/v1beta1"_s)
            ctx.report(TektonV1beta1, d, u"apiVersion"_s, u"%1 uses tekton.dev/v1beta1"_s.arg(kind));
        if (api.startsWith(u"tekton.dev/"_s) && kind == u"Pipeline"_s) {
            const Node *tasks = d.root.at(u"spec.tasks");
            int i = 0;
            if (tasks)
                for (const Node &t : tasks->items()) {
                    if (t.str(u"taskRef.name") == u"push-to-registry"_s)
                        ctx.report(KonfluxUnknownTask, d, u"spec.tasks[%1].taskRef.name"_s.arg(i), u"task push-to-registry does not exist in Konflux"_s);
                    ++i;
                }
        }
    }
}

} // namespace

const Area &platformArea()
{
    static const Area area{"platform", {&OdhDashboardConfigConfigmap, &OdhDashboardConfigUnknownKey, &OdhModuleFederationField, &OdhGroupsConfigLists, &ModelregistryUnknownField, &ModelregistryCrdRedefined, &TektonV1beta1, &KonfluxUnknownTask, &OpenshiftFixedUid, &DscRegistriesNamespace}, &run};
    return area;
}

} // namespace dc::lint
