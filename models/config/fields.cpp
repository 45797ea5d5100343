#include "fields.h"

#include "syntax.h"
#include "quantity.h"

#include <QHash>
#include <QRegularExpression>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

FieldDef F(const QString &path, FieldType type, const QString &page, const QString &label, const QString &help,
           const QVariant &def, int platforms = OnAll, int presets = ForAll)
{
    FieldDef f;
    f.path = path;
    f.type = type;
    f.page = page;
    f.label = label;
    f.help = help;
    f.defaultValue = def;
    f.platforms = platforms;
    f.presets = presets;
    return f;
}

FieldDef E(const QString &path, const QString &page, const QString &label, const QString &help, const QString &def,
           const QStringList &choices, int platforms = OnAll, int presets = ForAll)
{
    FieldDef f = F(path, FieldType::Enum, page, label, help, def, platforms, presets);
    f.choices = choices;
    return f;
}

FieldDef I(const QString &path, const QString &page, const QString &label, const QString &help, qint64 def,
           qint64 min, qint64 max, int platforms = OnAll, int presets = ForAll)
{
    FieldDef f = F(path, FieldType::Int, page, label, help, QVariant(qlonglong(def)), platforms, presets);
    f.min = min;
    f.max = max;
    return f;
}

FieldDef S(const QString &path, const QString &page, const QString &label, const QString &help, const QString &def,
           int platforms = OnAll, int presets = ForAll)
{
    return F(path, FieldType::String, page, label, help, def, platforms, presets);
}

FieldDef B(const QString &path, const QString &page, const QString &label, const QString &help, bool def,
           int platforms = OnAll, int presets = ForAll)
{
    return F(path, FieldType::Bool, page, label, help, def, platforms, presets);
}

FieldDef Q(const QString &path, const QString &page, const QString &label, const QString &help, const QString &def,
           int presets = ForAll)
{
    return F(path, FieldType::Quantity, page, label, help, def, OnAll, presets);
}

FieldDef L(const QString &path, const QString &page, const QString &label, const QString &help, const QStringList &def,
           int platforms = OnAll, int presets = ForAll)
{
    return F(path, FieldType::StringList, page, label, help, def, platforms, presets);
}

FieldDef M(const QString &path, const QString &page, const QString &label, const QString &help)
{
    return F(path, FieldType::StringMap, page, label, help, QVariantMap());
}

std::vector<FieldDef> buildRegistry()
{
    const QString gen = u"general"_s, img = u"images"_s, res = u"resources"_s, net = u"networking"_s,
                  auth = u"auth"_s, dash = u"dashboard"_s, feat = u"features"_s, mon = u"monitoring"_s,
                  build = u"build"_s;
    const int K = OnKubeflow, O = OnOdh, SA = OnStandalone;
    std::vector<FieldDef> r = {
        // General
        S(u"name"_s, gen, u"Name"_s, u"Name of the Deployment and the objects derived from it; also the app label the Service selects."_s, u"model-registry-ui"_s),
        S(u"namespace"_s, gen, u"Namespace"_s, u"Namespace the module runs in. Kubeflow: kubeflow; ODH: the dashboard's applications namespace (opendatahub, or redhat-ods-applications on RHOAI: set by the distribution)."_s, u"kubeflow"_s),
        E(u"odh.variant"_s, gen, u"Distribution"_s, u"odh: Open Data Hub (applications in opendatahub, registries in odh-model-registries, quay.io images); rhoai: Red Hat OpenShift AI (redhat-ods-applications, rhoai-model-registries, registry.redhat.io images)."_s,
          u"odh"_s, {u"odh"_s, u"rhoai"_s}, OnOdh),
        B(u"createNamespace"_s, gen, u"Create namespace"_s, u"Emit a Namespace object. Off for platforms whose namespace already exists."_s, false),
        S(u"partOf"_s, gen, u"Part of"_s, u"Value of the app.kubernetes.io/part-of label on every object."_s, u"model-registry"_s),
        I(u"replicas"_s, gen, u"Replicas"_s, u"Pod replicas of the Deployment (ignored while an autoscaler is on)."_s, 1, 0, 100),
        M(u"labels"_s, gen, u"Extra labels"_s, u"Added to every object and to the pod template. Never added to selectors, so changing them is safe on upgrade."_s),
        M(u"annotations"_s, gen, u"Extra annotations"_s, u"Added to every object's metadata."_s),
        M(u"podAnnotations"_s, gen, u"Pod annotations"_s, u"Added to the pod template only."_s),
        E(u"logLevel"_s, gen, u"Log level"_s, u"BFF --log-level."_s, u"info"_s, {u"error"_s, u"warn"_s, u"info"_s, u"debug"_s}),
        E(u"deploymentMode"_s, gen, u"Deployment mode"_s, u"BFF --deployment-mode: kubeflow (iframe in the central dashboard), federated (module federation in the ODH dashboard) or standalone."_s,
          u"kubeflow"_s, {u"kubeflow"_s, u"federated"_s, u"standalone"_s}),
        L(u"allowedOrigins"_s, gen, u"Allowed origins"_s, u"BFF --allowed-origins (CORS). Empty: same origin only."_s, {}),
        B(u"insecureSkipVerify"_s, gen, u"Skip TLS verification"_s, u"BFF --insecure-skip-verify for its upstream calls. Development only."_s, false),
        // Images
        S(u"image.repository"_s, img, u"Image repository"_s, u"Repository of the module image (the BFF image in the split preset)."_s, u"ghcr.io/kubeflow/model-registry/ui"_s),
        S(u"image.tag"_s, img, u"Image tag"_s, u"Tag; pin a release, never latest outside development."_s, u"v0.3.8"_s),
        S(u"image.digest"_s, img, u"Image digest"_s, u"sha256:... digest; when set it is used instead of the tag."_s, QString()),
        E(u"image.pullPolicy"_s, img, u"Pull policy"_s, u"imagePullPolicy of every container. A floating tag (latest, main, odh-stable, ...) without a digest is always pulled (Always) unless this is Never."_s, u"IfNotPresent"_s, {u"Always"_s, u"IfNotPresent"_s, u"Never"_s}),
        S(u"frontend.image.repository"_s, img, u"Frontend image repository"_s, u"Repository of the frontend image (split preset)."_s, u"registry.example.com/modarch/frontend"_s, OnAll, ForSplit),
        S(u"frontend.image.tag"_s, img, u"Frontend image tag"_s, u"Tag of the frontend image."_s, u"v1.0.0"_s, OnAll, ForSplit),
        S(u"frontend.image.digest"_s, img, u"Frontend image digest"_s, u"sha256:... digest of the frontend image."_s, QString(), OnAll, ForSplit),
        I(u"port"_s, img, u"Container port"_s, u"Port the module (BFF) listens on; passed as --port."_s, 8080, 1, 65535),
        I(u"frontend.port"_s, img, u"Frontend port"_s, u"Port the frontend container serves on (split preset)."_s, 8080, 1, 65535, OnAll, ForSplit),
        // Resources & scaling
        Q(u"resources.requests.cpu"_s, res, u"CPU request"_s, u"Module container CPU request."_s, u"500m"_s),
        Q(u"resources.requests.memory"_s, res, u"Memory request"_s, u"Module container memory request."_s, u"2Gi"_s),
        Q(u"resources.limits.cpu"_s, res, u"CPU limit"_s, u"Module container CPU limit."_s, u"1"_s),
        Q(u"resources.limits.memory"_s, res, u"Memory limit"_s, u"Module container memory limit."_s, u"2Gi"_s),
        Q(u"frontend.resources.requests.cpu"_s, res, u"Frontend CPU request"_s, u"Frontend container CPU request."_s, u"100m"_s, ForSplit),
        Q(u"frontend.resources.requests.memory"_s, res, u"Frontend memory request"_s, u"Frontend container memory request."_s, u"128Mi"_s, ForSplit),
        Q(u"frontend.resources.limits.cpu"_s, res, u"Frontend CPU limit"_s, u"Frontend container CPU limit."_s, u"200m"_s, ForSplit),
        Q(u"frontend.resources.limits.memory"_s, res, u"Frontend memory limit"_s, u"Frontend container memory limit."_s, u"256Mi"_s, ForSplit),
        S(u"probes.path"_s, res, u"Probe path"_s, u"HTTP path of the liveness and readiness probes."_s, u"/healthcheck"_s),
        I(u"probes.liveness.initialDelaySeconds"_s, res, u"Liveness initial delay"_s, u"Seconds before the first liveness probe."_s, 30, 0, 3600),
        I(u"probes.liveness.periodSeconds"_s, res, u"Liveness period"_s, u"Seconds between liveness probes."_s, 30, 1, 3600),
        I(u"probes.liveness.timeoutSeconds"_s, res, u"Liveness timeout"_s, u"Seconds before a liveness probe times out."_s, 15, 1, 3600),
        I(u"probes.readiness.initialDelaySeconds"_s, res, u"Readiness initial delay"_s, u"Seconds before the first readiness probe."_s, 15, 0, 3600),
        I(u"probes.readiness.periodSeconds"_s, res, u"Readiness period"_s, u"Seconds between readiness probes."_s, 30, 1, 3600),
        I(u"probes.readiness.timeoutSeconds"_s, res, u"Readiness timeout"_s, u"Seconds before a readiness probe times out."_s, 15, 1, 3600),
        B(u"hpa.enabled"_s, res, u"Autoscaling"_s, u"Emit a HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation."_s, false),
        I(u"hpa.minReplicas"_s, res, u"Minimum replicas"_s, u"Autoscaler lower bound."_s, 2, 1, 100),
        I(u"hpa.maxReplicas"_s, res, u"Maximum replicas"_s, u"Autoscaler upper bound."_s, 5, 1, 1000),
        I(u"hpa.targetCPUUtilization"_s, res, u"Target CPU %"_s, u"Average CPU utilisation the autoscaler aims for."_s, 80, 1, 100),
        B(u"spread.enabled"_s, res, u"Spread replicas"_s, u"topologySpreadConstraints over zones and nodes (maxSkew 1, ScheduleAnyway: a preference, never a reason to leave a pod pending)."_s, false),
        B(u"pdb.enabled"_s, res, u"PodDisruptionBudget"_s, u"Keep pods available during node drains."_s, false),
        I(u"pdb.minAvailable"_s, res, u"Minimum available"_s, u"Pods that must stay available during voluntary disruptions."_s, 1, 0, 1000),
        I(u"security.runAsUser"_s, res, u"Run as user"_s, u"UID of every container; the upstream images use 65532 (nonroot). Not set on OpenShift, whose restricted-v2 SCC assigns a UID from the namespace's range."_s, 65532, 1, 2147483647, OnKubeflow | OnStandalone),
        B(u"security.readOnlyRootFilesystem"_s, res, u"Read-only root filesystem"_s, u"The module writes no files; temporary space is an emptyDir at /tmp."_s, true),
        S(u"serviceAccount.name"_s, auth, u"Service account"_s, u"ServiceAccount the module runs as; bound to the upstream RBAC."_s, u"model-registry-ui"_s),
        B(u"serviceAccount.automountToken"_s, auth, u"Mount API token"_s, u"The BFF calls the Kubernetes API (services, SubjectAccessReviews) and needs its token."_s, true),
        B(u"rbac.create"_s, auth, u"Create RBAC"_s, u"Emit the upstream ClusterRoles and bindings (read services, read clusterrolebindings, create SubjectAccessReviews)."_s, true),
        // Networking
        S(u"service.name"_s, net, u"Service name"_s, u"Name of the module's Service."_s, u"model-registry-ui-service"_s),
        I(u"service.port"_s, net, u"Service port"_s, u"Port the Service exposes (Kubeflow's Istio overlay uses 80)."_s, 8080, 1, 65535),
        E(u"service.type"_s, net, u"Service type"_s, u"Kubernetes Service type."_s, u"ClusterIP"_s, {u"ClusterIP"_s, u"NodePort"_s, u"LoadBalancer"_s}),
        E(u"istio.apiVersions"_s, net, u"Istio API version"_s, u"v1 needs Istio 1.22 or later; v1beta1 for older meshes."_s, u"v1"_s, {u"v1"_s, u"v1beta1"_s}, K),
        B(u"istio.sidecarInject"_s, net, u"Inject sidecar"_s, u"Pod label sidecar.istio.io/inject: \"true\"."_s, true, K),
        E(u"istio.gateway.mode"_s, net, u"Gateway"_s, u"shared: attach to Kubeflow's kubeflow-gateway (what Kubeflow does); dedicated: emit a Gateway of its own."_s,
          u"shared"_s, {u"shared"_s, u"dedicated"_s}, K),
        S(u"istio.gateway.name"_s, net, u"Shared gateway"_s, u"namespace/name of the shared Gateway."_s, u"kubeflow/kubeflow-gateway"_s, K),
        L(u"istio.gateway.hosts"_s, net, u"Gateway hosts"_s, u"Host names of a dedicated Gateway."_s, {u"model-registry.example.com"_s}, K),
        S(u"istio.gateway.tlsCredentialName"_s, net, u"TLS credential"_s, u"Secret (in the ingress gateway's namespace, istio-system) with the certificate; empty: HTTP only."_s, QString(), K),
        L(u"istio.virtualService.hosts"_s, net, u"VirtualService hosts"_s, u"Hosts the route matches; '*' on the shared gateway."_s, {u"*"_s}, K),
        S(u"istio.virtualService.prefix"_s, net, u"URL prefix"_s, u"Path prefix under the gateway; also sent to the module as x-forwarded-prefix."_s, u"/model-registry/"_s, K),
        S(u"istio.virtualService.rewrite"_s, net, u"Rewrite to"_s, u"Path the prefix is rewritten to before reaching the module."_s, u"/"_s, K),
        B(u"istio.destinationRule.enabled"_s, net, u"Mutual TLS"_s, u"DestinationRule with tls.mode ISTIO_MUTUAL."_s, true, K),
        B(u"istio.authz.enabled"_s, net, u"AuthorizationPolicy"_s, u"Allow only the listed callers, methods and paths (one rule: all conditions must hold)."_s, true, K),
        L(u"istio.authz.principals"_s, net, u"Allowed principals"_s, u"mTLS identities allowed to call the module; in Kubeflow requests arrive from the ingress gateway."_s,
          {u"cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"_s}, K),
        L(u"istio.authz.methods"_s, net, u"Allowed methods"_s, u"HTTP methods allowed; the BFF needs PATCH for updates. Empty: any."_s,
          {u"GET"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s}, K),
        L(u"istio.authz.paths"_s, net, u"Allowed paths"_s, u"Paths allowed (prefix with a trailing *). Empty: any."_s, {}, K),
        B(u"istio.authz.jwt.enabled"_s, net, u"Require JWT"_s, u"Validate a JWT with a RequestAuthentication and require its email claim."_s, false, K),
        S(u"istio.authz.jwt.issuer"_s, net, u"JWT issuer"_s, u"iss of accepted tokens."_s, QString(), K),
        S(u"istio.authz.jwt.jwksUri"_s, net, u"JWKS URI"_s, u"Where the issuer's keys are published."_s, QString(), K),
        S(u"istio.authz.jwt.emailDomain"_s, net, u"Email domain"_s, u"Only tokens whose email claim ends in @<domain>."_s, QString(), K),
        B(u"ingress.enabled"_s, net, u"Ingress"_s, u"Emit a networking.k8s.io/v1 Ingress."_s, false, SA),
        S(u"ingress.host"_s, net, u"Ingress host"_s, u"Host name the Ingress serves."_s, u"model-registry.example.com"_s, SA),
        S(u"ingress.className"_s, net, u"Ingress class"_s, u"ingressClassName; empty: the cluster default."_s, QString(), SA),
        S(u"ingress.tlsSecret"_s, net, u"TLS secret"_s, u"Secret with the certificate; empty: HTTP only."_s, QString(), SA),
        S(u"ingress.path"_s, net, u"Ingress path"_s, u"Path prefix routed to the module."_s, u"/"_s, SA),
        // Authentication
        E(u"auth.method"_s, auth, u"Auth method"_s, u"BFF --auth-method: internal (trusts the kubeflow-userid header set by the platform) or user_token (forwards the user's token)."_s,
          u"internal"_s, {u"internal"_s, u"user_token"_s}),
        S(u"auth.tokenHeader"_s, auth, u"Token header"_s, u"BFF --auth-token-header for user_token auth."_s, u"Authorization"_s),
        S(u"auth.tokenPrefix"_s, auth, u"Token prefix"_s, u"BFF --auth-token-prefix; empty when the header carries the bare token."_s, u"Bearer "_s),
        B(u"auth.proxy.enabled"_s, auth, u"Development auth proxy"_s, u"Sidecar that sets kubeflow-userid for every request. Development only: anyone reaching the Service acts as that user."_s, false, SA),
        S(u"auth.proxy.image"_s, auth, u"Proxy image"_s, u"nginx image that runs as non-root."_s, u"docker.io/nginxinc/nginx-unprivileged:1.25-alpine"_s, SA),
        S(u"auth.proxy.user"_s, auth, u"Proxy user"_s, u"User the proxy claims to be."_s, u"user@example.com"_s, SA),
        I(u"auth.proxy.port"_s, auth, u"Proxy port"_s, u"Port the proxy listens on; the Service targets it."_s, 8000, 1, 65535, SA),
        // Dashboard integration
        B(u"dashboard.menu.enabled"_s, dash, u"Central dashboard link"_s, u"Add a menu link to the centraldashboard-config ConfigMap (merged: other links are kept)."_s, true, K),
        S(u"dashboard.menu.text"_s, dash, u"Menu text"_s, u"Text of the menu item."_s, u"Model Registry"_s, K),
        S(u"dashboard.menu.link"_s, dash, u"Menu link"_s, u"Path the menu item opens; matches the VirtualService prefix."_s, u"/model-registry/"_s, K),
        S(u"dashboard.menu.icon"_s, dash, u"Menu icon"_s, u"Central dashboard icon name (e.g. assignment, book, kubeflow:models)."_s, u"assignment"_s, K),
        S(u"integrations.pipelines.endpoint"_s, dash, u"Pipelines endpoint"_s, u"Kubeflow Pipelines API, written to the module's config.yaml."_s,
          u"http://ml-pipeline.kubeflow.svc.cluster.local:8888"_s, K, ForSplit),
        S(u"integrations.katib.endpoint"_s, dash, u"Katib endpoint"_s, u"Katib API, written to the module's config.yaml."_s,
          u"http://katib-ui.kubeflow.svc.cluster.local:80"_s, K, ForSplit),
        B(u"odh.federation.enabled"_s, dash, u"Module federation"_s, u"Add the module to the dashboard's federation-config ConfigMap (merged: other modules are kept)."_s, true, O),
        S(u"odh.federation.moduleName"_s, dash, u"Module name"_s, u"camelCase module name the dashboard loads."_s, u"modelRegistry"_s, O),
        S(u"odh.federation.configMap"_s, dash, u"Federation ConfigMap"_s, u"ConfigMap the dashboard reads MODULE_FEDERATION_CONFIG from."_s, u"federation-config"_s, O),
        S(u"odh.federation.proxyPath"_s, dash, u"API proxy path"_s, u"Dashboard path proxied to the module's API."_s, u"/model-registry/api"_s, O),
        S(u"odh.federation.proxyRewrite"_s, dash, u"API path rewrite"_s, u"What the proxy path becomes at the module."_s, u"/api"_s, O),
        B(u"odh.federation.authorize"_s, dash, u"Forward user token"_s, u"The dashboard forwards the user's token to the module."_s, true, O),
        B(u"odh.federation.tls"_s, dash, u"TLS to module"_s, u"The dashboard talks HTTPS to the module (serving certificate)."_s, true, O),
        L(u"odh.tls.extraCaBundles"_s, dash, u"Extra CA files"_s, u"More PEM files the BFF trusts for its outbound TLS calls (--bundle-paths), after the service CA and the cluster's trusted CA bundle (odh-trusted-ca-bundle)."_s, {}, O),
        S(u"odh.tls.servingCertSecret"_s, dash, u"Serving cert secret"_s, u"Secret OpenShift's service CA writes the module's certificate into."_s, u"model-registry-proxy-tls"_s, O),
        B(u"odh.dashboardConfig.enabled"_s, dash, u"Show in dashboard"_s, u"Merge-patch OdhDashboardConfig so that disableModelRegistry is false."_s, true, O),
        S(u"odh.dashboardConfig.name"_s, dash, u"Dashboard config name"_s, u"Name of the OdhDashboardConfig object."_s, u"odh-dashboard-config"_s, O),
        B(u"odh.dsc.enabled"_s, dash, u"Enable in DataScienceCluster"_s, u"Merge-patch the DataScienceCluster: components.modelregistry.managementState Managed (first, before the objects)."_s, true, O),
        S(u"odh.dsc.name"_s, dash, u"DataScienceCluster name"_s, u"Name of the cluster's DataScienceCluster."_s, u"default-dsc"_s, O),
        S(u"odh.dsc.registriesNamespace"_s, dash, u"Registries namespace"_s, u"Namespace the operator runs registries in, where the ModelRegistry goes: the DataScienceCluster's registriesNamespace (odh-model-registries on ODH, rhoai-model-registries on RHOAI). The console never changes it in the DataScienceCluster: it cannot change while the component is Managed."_s, u"odh-model-registries"_s, O),
        B(u"odh.modelRegistry.enabled"_s, dash, u"ModelRegistry instance"_s, u"Emit a ModelRegistry (modelregistry.opendatahub.io/v1beta1) backed by an existing database."_s, true, O),
        S(u"odh.modelRegistry.name"_s, dash, u"Registry name"_s, u"Name of the ModelRegistry."_s, u"model-registry"_s, O),
        E(u"odh.modelRegistry.database.type"_s, dash, u"Database"_s, u"postgres or mysql."_s, u"postgres"_s, {u"postgres"_s, u"mysql"_s}, O),
        S(u"odh.modelRegistry.database.host"_s, dash, u"Database host"_s, u"Database Service host name."_s, u"model-registry-db"_s, O),
        I(u"odh.modelRegistry.database.port"_s, dash, u"Database port"_s, u"5432 for postgres, 3306 for mysql."_s, 5432, 1, 65535, O),
        S(u"odh.modelRegistry.database.name"_s, dash, u"Database name"_s, u"Database the registry uses."_s, u"model-registry"_s, O),
        S(u"odh.modelRegistry.database.username"_s, dash, u"Database user"_s, u"User the registry connects as."_s, u"modelregistryuser"_s, O),
        S(u"odh.modelRegistry.database.passwordSecret.name"_s, dash, u"Password secret"_s, u"Existing Secret holding the password (never written by the console)."_s, u"model-registry-db"_s, O),
        S(u"odh.modelRegistry.database.passwordSecret.key"_s, dash, u"Password key"_s, u"Key of the password in that Secret."_s, u"database-password"_s, O),
        E(u"odh.modelRegistry.serviceRoute"_s, dash, u"REST route"_s, u"Expose the registry REST API through an OpenShift Route."_s, u"disabled"_s, {u"enabled"_s, u"disabled"_s}, O),
        // Features (environment switches)
        B(u"features.debugMode"_s, feat, u"Debug mode"_s, u"Debug logging (--log-level=debug)."_s, false),
        B(u"features.mockData"_s, feat, u"Mock data"_s, u"BFF --mock-mr-client and --mock-mr-catalog-client: built-in sample registry and catalog data. The Kubernetes client is never mocked: --mock-k8s-client needs envtest binaries that release images do not have."_s, false),
        B(u"features.devTools"_s, feat, u"Developer tools"_s, u"Frontend developer tools; written to the module's config.yaml (split preset). The upstream image decides this at build time."_s, false),
        // Monitoring
        B(u"monitoring.enabled"_s, mon, u"Monitoring"_s, u"ServiceMonitor (monitoring.coreos.com/v1) and a metrics Service, when the module exposes metrics."_s, false),
        I(u"monitoring.metricsPort"_s, mon, u"Metrics port"_s, u"Port of the module's /metrics; 0 when it exposes none (the upstream UI exposes none)."_s, 0, 0, 65535),
        S(u"monitoring.metricsPath"_s, mon, u"Metrics path"_s, u"HTTP path Prometheus scrapes."_s, u"/metrics"_s),
        S(u"monitoring.interval"_s, mon, u"Scrape interval"_s, u"Prometheus duration, e.g. 30s."_s, u"30s"_s),
        // Build & release (ODH / Konflux)
        S(u"build.outputImage"_s, build, u"Output image"_s, u"Image the Konflux PipelineRun builds and pushes."_s, u"quay.io/opendatahub/odh-mod-arch-modular-architecture"_s, O),
        S(u"build.gitUrl"_s, build, u"Source repository"_s, u"Git repository the PipelineRun builds."_s, u"https://github.com/opendatahub-io/odh-dashboard"_s, O),
        S(u"build.revision"_s, build, u"Branch"_s, u"Branch whose pushes trigger the build."_s, u"main"_s, O),
        S(u"build.dockerfile"_s, build, u"Dockerfile path"_s, u"Path of the generated Dockerfile in the repository."_s, u"packages/model-registry/Dockerfile.workspace"_s, O),
        S(u"build.frontendDir"_s, build, u"Frontend folder"_s, u"Folder of the frontend sources in the repository."_s, u"packages/model-registry/upstream/frontend"_s, O),
        S(u"build.bffDir"_s, build, u"BFF folder"_s, u"Folder of the Go BFF sources in the repository."_s, u"packages/model-registry/upstream/bff"_s, O),
        S(u"build.pipelineRepo"_s, build, u"Pipeline repository"_s, u"Git repository holding the shared Konflux pipeline."_s, u"https://github.com/opendatahub-io/odh-konflux-central.git"_s, O),
        S(u"build.pipelinePath"_s, build, u"Pipeline path"_s, u"Path of the shared pipeline in that repository."_s, u"pipeline/multi-arch-container-build.yaml"_s, O),
        S(u"build.pipelineRevision"_s, build, u"Pipeline revision"_s, u"Branch or commit of the shared pipeline."_s, u"main"_s, O),
        S(u"build.nodeImage"_s, build, u"Node builder image"_s, u"UBI 9 Node.js image that builds the frontend."_s, u"registry.access.redhat.com/ubi9/nodejs-22:9.6"_s, O),
        S(u"build.goImage"_s, build, u"Go builder image"_s, u"UBI 9 go-toolset image that builds the BFF."_s, u"registry.access.redhat.com/ubi9/go-toolset:1.25"_s, O),
        S(u"build.runtimeImage"_s, build, u"Runtime image"_s, u"Minimal UBI 9 image the module runs on."_s, u"registry.access.redhat.com/ubi9/ubi-minimal:9.6"_s, O),
    };
    return r;
}

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= int(b.size()); ++j)
        prev[j] = j;
    for (int i = 1; i <= int(a.size()); ++i) {
        cur[0] = i;
        for (int j = 1; j <= int(b.size()); ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

bool FieldDef::appliesTo(const Target &t) const
{
    const int pm = t.platform == Platform::Kubeflow ? OnKubeflow : t.platform == Platform::Odh ? OnOdh : OnStandalone;
    const int sm = t.preset == Preset::ModelRegistryUi ? ForModelRegistryUi : ForSplit;
    return (platforms & pm) && (presets & sm);
}

const std::vector<FieldDef> &fieldDefs()
{
    static const std::vector<FieldDef> registry = buildRegistry();
    return registry;
}

const FieldDef *findField(QStringView path)
{
    static const QHash<QString, const FieldDef *> index = [] {
        QHash<QString, const FieldDef *> h;
        for (const FieldDef &f : fieldDefs())
            h.insert(f.path, &f);
        return h;
    }();
    return index.value(path.toString(), nullptr);
}

bool isFieldPrefix(QStringView prefix)
{
    for (const FieldDef &f : fieldDefs())
        if (f.path.size() > prefix.size() && f.path.startsWith(prefix) && f.path.at(prefix.size()) == u'.')
            return true;
    return false;
}

QString closestMatch(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestScore = std::numeric_limits<int>::max();
    for (const QString &c : candidates) {
        const int d = editDistance(word, c);
        if (d < bestScore) {
            bestScore = d;
            best = c;
        }
    }
    return bestScore <= std::max(2, int(word.size()) / 3) ? best : QString();
}

QString suggestField(const QString &path)
{
    // Compare with the keys that may stand at the same place (siblings, not all paths).
    const int dot = int(path.lastIndexOf(u'.'));
    const QString parent = dot < 0 ? QString() : path.left(dot + 1);
    QStringList siblings;
    for (const FieldDef &f : fieldDefs()) {
        if (!f.path.startsWith(parent))
            continue;
        // The next key below `parent`: a setting or a group ("istio.authz").
        const QString rest = f.path.mid(parent.size());
        siblings << rest.section(u'.', 0, 0);
    }
    siblings.removeDuplicates();
    const QString match = closestMatch(path.mid(parent.size()), siblings);
    return match.isEmpty() ? QString() : parent + match;
}

QString typeName(FieldType t)
{
    switch (t) {
    case FieldType::Bool: return u"boolean (true or false)"_s;
    case FieldType::Int: return u"integer"_s;
    case FieldType::String: return u"string"_s;
    case FieldType::Enum: return u"string"_s;
    case FieldType::Quantity: return u"resource quantity (e.g. 500m, 256Mi, 2Gi)"_s;
    case FieldType::StringList: return u"list of strings"_s;
    case FieldType::StringMap: return u"map of string to string"_s;
    }
    return {};
}

namespace {

// Syntax of the strings that end up as Kubernetes names, image references and host names.
QString checkStringField(const QString &path, const QString &v)
{
    static const QRegularExpression label(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"_s);
    static const QRegularExpression image(u"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$"_s);
    static const QRegularExpression repository(u"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$"_s);
    static const QRegularExpression tag(u"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"_s);
    static const QRegularExpression digest(u"^sha256:[a-f0-9]{64}$"_s);
    if (path == u"namespace"_s) {
        if (v.size() > 63 || !label.match(v).hasMatch())
            return u"\"%1\" is not a namespace name: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit"_s.arg(v);
    } else if (path == u"name"_s || path == u"serviceAccount.name"_s || path == u"service.name"_s) {
        if (v.size() > 63 || !label.match(v).hasMatch())
            return u"\"%1\" is not a valid name: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit"_s.arg(v);
    } else if (path.endsWith(u".repository"_s)) {
        if (!repository.match(v).hasMatch())
            return u"\"%1\" is not an image repository: write registry/path/name in lower case, without a tag (e.g. ghcr.io/kubeflow/model-registry/ui)"_s.arg(v);
    } else if (path.endsWith(u".tag"_s)) {
        if (!tag.match(v).hasMatch())
            return u"\"%1\" is not an image tag: letters, digits, '_', '.' and '-', at most 128 characters (e.g. v0.3.8)"_s.arg(v);
    } else if (path.endsWith(u".digest"_s)) {
        if (!v.isEmpty() && !digest.match(v).hasMatch())
            return u"\"%1\" is not an image digest: write sha256: and 64 hex digits, or leave it empty to use the tag"_s.arg(v);
    } else if (path.endsWith(u"Image"_s) || path.endsWith(u".image"_s)) {
        if (!v.isEmpty() && !image.match(v).hasMatch())
            return u"\"%1\" is not an image reference: write registry/path/name:tag (e.g. quay.io/oauth2-proxy/oauth2-proxy:v7.6.0)"_s.arg(v);
    } else if (path == u"ingress.host"_s) {
        if (!v.isEmpty())
            return syntax::ingressHost(v);
    } else if (path == u"auth.tokenHeader"_s) {
        return syntax::headerName(v);
    }
    return {};
}

/// The rule each entry of a list field follows (none: any text).
QString checkListEntry(const QString &path, const QString &entry)
{
    if (path == u"istio.gateway.hosts"_s)
        return syntax::gatewayHost(entry);
    if (path == u"istio.virtualService.hosts"_s)
        return syntax::istioHost(entry);
    if (path == u"allowedOrigins"_s)
        return syntax::origin(entry);
    return {};
}

} // namespace

QString checkFieldValue(const FieldDef &def, const QVariant &value)
{
    switch (def.type) {
    case FieldType::Int: {
        const qint64 v = value.toLongLong();
        if (v < def.min || (def.max > 0 && v > def.max))
            return u"%1 is out of range: use %2 to %3"_s.arg(v).arg(def.min).arg(def.max);
        return {};
    }
    case FieldType::Enum:
        if (!def.choices.contains(value.toString()))
            return u"\"%1\" is not allowed: use one of %2"_s.arg(value.toString(), def.choices.join(u", "_s));
        return {};
    case FieldType::Quantity:
    {
        QString error;
        const auto q = Quantity::parse(value.toString(), &error);
        if (!q)
            return error;
        if (q->value() < 0)
            return u"\"%1\" is negative: requests and limits are zero or more"_s.arg(value.toString());
        return {};
    }
    case FieldType::String: return checkStringField(def.path, value.toString());
    case FieldType::StringList: {
        const QStringList items = value.toStringList();
        for (qsizetype i = 0; i < items.size(); ++i)
            if (const QString error = checkListEntry(def.path, items[i]); !error.isEmpty())
                return items.size() == 1 ? error : u"entry %1: %2"_s.arg(i + 1).arg(error);
        return {};
    }
    case FieldType::StringMap: {
        // Labels: keys and values as the API server checks them; annotations: their keys.
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (const QString error = syntax::qualifiedName(it.key()); !error.isEmpty())
                return error;
            if (def.path == u"labels"_s)
                if (const QString error = syntax::labelValue(it.value().toString()); !error.isEmpty())
                    return u"%1: %2"_s.arg(it.key(), error);
        }
        return {};
    }
    default: return {};
    }
}

} // namespace dc
