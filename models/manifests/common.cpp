// Objects every platform gets: ServiceAccount, RBAC, module config, Deployment, Services,
// autoscaling, disruption budget and monitoring.

#include "generatorcontext.h"
#include "yaml.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace dc::gen {

namespace {

Node resources(const Context &ctx, const QString &prefix)
{
    Node r = Node::map();
    Node req = Node::map();
    req.set("cpu", ctx.s(prefix + u".requests.cpu"_s));
    req.set("memory", ctx.s(prefix + u".requests.memory"_s));
    Node lim = Node::map();
    lim.set("cpu", ctx.s(prefix + u".limits.cpu"_s));
    lim.set("memory", ctx.s(prefix + u".limits.memory"_s));
    r.set("limits", lim);
    r.set("requests", req);
    return r;
}

Node containerSecurity(const Context &ctx, bool withUser)
{
    Node sc = Node::map();
    sc.set("allowPrivilegeEscalation", Node(false));
    Node caps = Node::map();
    Node drop = Node::seq();
    drop.append(Node("ALL"));
    caps.set("drop", drop);
    sc.set("capabilities", caps);
    sc.set("readOnlyRootFilesystem", ctx.b(u"security.readOnlyRootFilesystem"_s));
    sc.set("runAsNonRoot", Node(true));
    // OpenShift's restricted-v2 SCC assigns the UID from the namespace's range and refuses a
    // pod that asks for another one.
    if (withUser && !ctx.on(Platform::Odh))
        sc.set("runAsUser", ctx.i(u"security.runAsUser"_s));
    return sc;
}

Node httpProbe(const Context &ctx, const char *kind, const QString &port, bool https)
{
    Node p = Node::map();
    Node get = Node::map();
    get.set("path", ctx.s(u"probes.path"_s));
    get.set("port", Node(port));
    get.set("scheme", Node(https ? "HTTPS" : "HTTP"));
    p.set("httpGet", get);
    const QString base = u"probes."_s + QString::fromLatin1(kind);
    p.set("initialDelaySeconds", ctx.i(base + u".initialDelaySeconds"_s));
    p.set("periodSeconds", ctx.i(base + u".periodSeconds"_s));
    p.set("timeoutSeconds", ctx.i(base + u".timeoutSeconds"_s));
    return p;
}

Node port(const QString &name, const Node &number)
{
    Node p = Node::map();
    p.set("name", Node(name));
    p.set("containerPort", number);
    p.set("protocol", Node("TCP"));
    return p;
}

Node volumeMount(const char *name, const QString &path, bool readOnly = false, const QString &subPath = QString())
{
    Node m = Node::map();
    m.set("name", Node(name));
    m.set("mountPath", Node(path));
    if (readOnly)
        m.set("readOnly", Node(true));
    if (!subPath.isEmpty())
        m.set("subPath", Node(subPath));
    return m;
}

const QString TlsDir = u"/etc/tls/private"_s;
const QString ServiceCaDir = u"/etc/pki/service-ca"_s;
const QString TrustedCaDir = u"/etc/pki/odh-trusted-ca"_s;

// What the BFF trusts for its calls to registries (kube-rbac-proxy on OpenShift serves them
// with service CA certificates): the image's system bundle, the cluster's service CA, and the
// trusted CA bundle ODH's DSCInitialization writes into every namespace (cluster-wide and
// custom CAs).
QStringList odhCaBundles()
{
    return {u"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"_s, ServiceCaDir + u"/service-ca.crt"_s,
            TrustedCaDir + u"/ca-bundle.crt"_s, TrustedCaDir + u"/odh-ca-bundle.crt"_s};
}

// A ConfigMap volume with the given keys; `optional` when the ConfigMap or a key may be
// missing (the pod then starts without them).
Node configMapVolume(const char *name, const QString &configMap, const QStringList &keys, bool optional)
{
    Node v = Node::map();
    v.set("name", Node(name));
    Node cm = Node::map();
    Node items = Node::seq();
    for (const QString &k : keys) {
        Node item = Node::map();
        item.set("key", Node(k));
        item.set("path", Node(k));
        items.append(item);
    }
    cm.set("items", items);
    cm.set("name", Node(configMap));
    if (optional)
        cm.set("optional", Node(true));
    v.set("configMap", cm);
    return v;
}

Node bffArgs(const Context &ctx)
{
    Node args = Node::seq();
    auto arg = [&](const QString &flag, const QString &value, const QString &source) {
        args.append(Node(u"--"_s + flag + u'=' + value).withSource(source));
    };
    arg(u"deployment-mode"_s, ctx.c.str(u"deploymentMode"_s), u"deploymentMode"_s);
    arg(u"port"_s, QString::number(ctx.c.integer(u"port"_s)), u"port"_s);
    arg(u"auth-method"_s, ctx.c.str(u"auth.method"_s), u"auth.method"_s);
    if (ctx.c.str(u"auth.method"_s) == u"user_token"_s) {
        arg(u"auth-token-header"_s, ctx.c.str(u"auth.tokenHeader"_s), u"auth.tokenHeader"_s);
        arg(u"auth-token-prefix"_s, ctx.c.str(u"auth.tokenPrefix"_s), u"auth.tokenPrefix"_s);
    }
    if (ctx.c.flag(u"features.debugMode"_s))
        arg(u"log-level"_s, u"debug"_s, u"features.debugMode"_s);
    else
        arg(u"log-level"_s, ctx.c.str(u"logLevel"_s), u"logLevel"_s);
    if (!ctx.c.list(u"allowedOrigins"_s).isEmpty())
        arg(u"allowed-origins"_s, ctx.c.list(u"allowedOrigins"_s).join(u','), u"allowedOrigins"_s);
    if (ctx.c.flag(u"insecureSkipVerify"_s))
        arg(u"insecure-skip-verify"_s, u"true"_s, u"insecureSkipVerify"_s);
    // Mock registry and catalog clients work in the release image; a mock Kubernetes client
    // (--mock-k8s-client) starts envtest, whose binaries only upstream's `mock` build has.
    if (ctx.c.flag(u"features.mockData"_s)) {
        arg(u"mock-mr-client"_s, u"true"_s, u"features.mockData"_s);
        arg(u"mock-mr-catalog-client"_s, u"true"_s, u"features.mockData"_s);
    }
    if (ctx.on(Platform::Odh)) {
        if (!ctx.split()) {
            arg(u"cert-file"_s, TlsDir + u"/tls.crt"_s, u"odh.tls.servingCertSecret"_s);
            arg(u"key-file"_s, TlsDir + u"/tls.key"_s, u"odh.tls.servingCertSecret"_s);
        }
        QStringList bundles = odhCaBundles();
        bundles += ctx.c.list(u"odh.tls.extraCaBundles"_s);
        arg(u"bundle-paths"_s, bundles.join(u','), u"odh.tls.extraCaBundles"_s);
    }
    return args;
}

// The module config file: only where a module reads one (the split preset's custom module).
QString moduleConfigYaml(const Context &ctx)
{
    Node cfg = Node::map();
    cfg.set("environment", Node(toId(ctx.c.target.environment)));
    Node deployment = Node::map();
    deployment.set("mode", ctx.s(u"deploymentMode"_s));
    deployment.set("platform", Node(toId(ctx.c.target.platform)));
    cfg.set("deployment", deployment);
    Node features = Node::map();
    features.set("debugMode", ctx.b(u"features.debugMode"_s));
    features.set("mockData", ctx.b(u"features.mockData"_s));
    features.set("devTools", ctx.b(u"features.devTools"_s));
    cfg.set("features", features);
    Node api = Node::map();
    api.set("baseUrl", Node(u"http://localhost:"_s + QString::number(ctx.c.integer(u"port"_s))));
    cfg.set("bff", api);
    Node server = Node::map();
    server.set("port", ctx.i(u"frontend.port"_s));
    if (ctx.on(Platform::Odh)) {
        Node tls = Node::map();
        tls.set("certFile", Node(TlsDir + u"/tls.crt"_s).withSource(u"odh.tls.servingCertSecret"_s));
        tls.set("keyFile", Node(TlsDir + u"/tls.key"_s).withSource(u"odh.tls.servingCertSecret"_s));
        server.set("tls", tls);
    }
    cfg.set("server", server);
    if (ctx.on(Platform::Kubeflow)) {
        Node integrations = Node::map();
        Node kfp = Node::map();
        kfp.set("endpoint", ctx.s(u"integrations.pipelines.endpoint"_s));
        integrations.set("pipelines", kfp);
        Node katib = Node::map();
        katib.set("endpoint", ctx.s(u"integrations.katib.endpoint"_s));
        integrations.set("katib", katib);
        cfg.set("integrations", integrations);
    }
    return toYaml(cfg);
}

QString authProxyConf(const Context &ctx)
{
    return uR"(pid /tmp/nginx.pid;
worker_processes 1;
events {
  worker_connections 256;
}
http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  server {
    listen %1;
    location / {
      proxy_pass http://127.0.0.1:%2;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header kubeflow-userid %3;
    }
  }
}
)"_s.arg(ctx.c.integer(u"auth.proxy.port"_s))
        .arg(ctx.c.integer(ctx.split() ? u"frontend.port"_s : u"port"_s)) // what serves the UI
        .arg(ctx.c.str(u"auth.proxy.user"_s));
}

} // namespace

Node makeService(Context &ctx, const QString &serviceName, const QString &portName, const Node &portNumber,
                 const Node &targetPort, const QString &component)
{
    Node svc = makeObject(u"v1"_s, "Service", ctx.metadata(serviceName, true, component));
    if (ctx.on(Platform::Odh) && component.isEmpty()) {
        Node *meta = svc.get(u"metadata");
        Node a = meta->get(u"annotations") ? *meta->get(u"annotations") : Node::map();
        a.set("service.beta.openshift.io/serving-cert-secret-name", ctx.s(u"odh.tls.servingCertSecret"_s));
        meta->set("annotations", a);
    }
    Node spec = Node::map();
    Node p = Node::map();
    p.set("name", Node(portName));
    p.set("port", portNumber);
    p.set("protocol", Node("TCP"));
    p.set("targetPort", targetPort);
    Node ports = Node::seq();
    ports.append(p);
    spec.set("ports", ports);
    spec.set("selector", ctx.selector());
    spec.set("type", ctx.s(u"service.type"_s));
    svc.set("spec", spec);
    return svc;
}

namespace {

// Replicas spread over zones, then nodes; ScheduleAnyway makes it a preference.
Node spreadConstraints(const Context &ctx)
{
    Node list = Node::seq();
    for (const char *key : {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}) {
        Node t = Node::map();
        t.set("labelSelector", matchLabels(ctx));
        t.set("maxSkew", Node(1));
        t.set("topologyKey", Node(key));
        t.set("whenUnsatisfiable", Node("ScheduleAnyway"));
        list.append(std::move(t).withSource(u"spread.enabled"_s));
    }
    return list;
}

} // namespace

void addCommon(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;
    const bool odh = ctx.on(Platform::Odh);

    if (c.flag(u"createNamespace"_s)) {
        Node nsDoc = makeObject(u"v1"_s, "Namespace", ctx.metadata(ctx.ns, false));
        nsDoc.get(u"metadata")->get(u"name")->from(u"namespace"_s);
        ctx.add(nsDoc).from(u"createNamespace"_s);
    }

    Node sa = makeObject(u"v1"_s, "ServiceAccount", ctx.metadata(c.str(u"serviceAccount.name"_s)));
    sa.get(u"metadata")->get(u"name")->from(u"serviceAccount.name"_s);
    ctx.add(sa);

    if (c.flag(u"rbac.create"_s))
        addRbac(ctx);

    // --- ConfigMaps ---
    QString configHash;
    if (ctx.split()) {
        Node cm = makeObject(u"v1"_s, "ConfigMap", ctx.metadata(ctx.name + u"-config"_s));
        Node data = Node::map();
        const QString text = moduleConfigYaml(ctx);
        data.set("config.yaml", Node(text).withSource(u"features.devTools"_s));
        cm.set("data", data);
        ctx.add(cm);
        configHash += text;
    }
    if (ctx.proxyEnabled()) {
        Node cm = makeObject(u"v1"_s, "ConfigMap", ctx.metadata(ctx.name + u"-auth-proxy"_s));
        Node data = Node::map();
        const QString text = authProxyConf(ctx);
        data.set("nginx.conf", Node(text).withSource(u"auth.proxy.user"_s));
        cm.set("data", data);
        ctx.add(cm).from(u"auth.proxy.enabled"_s);
        configHash += text;
    }

    // --- Deployment ---
    Node containers = Node::seq();
    Node volumes = Node::seq();
    Node tmp = Node::map();
    tmp.set("name", Node("tmp"));
    tmp.set("emptyDir", Node::map());
    volumes.append(tmp);

    Node module = Node::map();
    module.set("name", Node(ctx.split() ? u"bff"_s : ctx.name));
    module.set("image", ctx.imageRef(u"image"_s));
    module.set("imagePullPolicy", ctx.pullPolicy(u"image"_s));
    module.set("args", bffArgs(ctx));
    Node ports = Node::seq();
    ports.append(port(ctx.modulePortName(), ctx.i(u"port"_s)));
    if (metricsOn(ctx))
        ports.append(port(u"metrics"_s, ctx.i(u"monitoring.metricsPort"_s)));
    module.set("ports", ports);
    const bool moduleTls = odh && !ctx.split();
    module.set("livenessProbe", httpProbe(ctx, "liveness", ctx.modulePortName(), moduleTls));
    module.set("readinessProbe", httpProbe(ctx, "readiness", ctx.modulePortName(), moduleTls));
    module.set("resources", resources(ctx, u"resources"_s));
    module.set("securityContext", containerSecurity(ctx, true));
    Node mounts = Node::seq();
    mounts.append(volumeMount("tmp", u"/tmp"_s));
    if (moduleTls)
        mounts.append(volumeMount("tls", TlsDir, true));
    if (odh) {
        mounts.append(volumeMount("service-ca", ServiceCaDir, true));
        mounts.append(volumeMount("odh-trusted-ca", TrustedCaDir, true));
    }
    if (ctx.split())
        mounts.append(volumeMount("config", u"/etc/modarch"_s, true));
    module.set("volumeMounts", mounts);

    if (ctx.split()) {
        Node fe = Node::map();
        fe.set("name", Node("frontend"));
        fe.set("image", ctx.imageRef(u"frontend.image"_s));
        fe.set("imagePullPolicy", ctx.pullPolicy(u"frontend.image"_s));
        Node feEnv = Node::seq();
        Node bffUrl = Node::map();
        bffUrl.set("name", Node("BFF_URL"));
        bffUrl.set("value", Node(u"http://localhost:"_s + QString::number(c.integer(u"port"_s))).withSource(u"port"_s));
        feEnv.append(bffUrl);
        fe.set("env", feEnv);
        Node fePorts = Node::seq();
        fePorts.append(port(ctx.frontendPortName(), ctx.i(u"frontend.port"_s)));
        fe.set("ports", fePorts);
        Node feProbe = Node::map();
        Node get = Node::map();
        get.set("path", Node("/"));
        get.set("port", Node(ctx.frontendPortName()));
        get.set("scheme", Node(odh ? "HTTPS" : "HTTP"));
        feProbe.set("httpGet", get);
        feProbe.set("initialDelaySeconds", ctx.i(u"probes.readiness.initialDelaySeconds"_s));
        feProbe.set("periodSeconds", ctx.i(u"probes.readiness.periodSeconds"_s));
        feProbe.set("timeoutSeconds", ctx.i(u"probes.readiness.timeoutSeconds"_s));
        fe.set("livenessProbe", feProbe);
        fe.set("readinessProbe", feProbe);
        fe.set("resources", resources(ctx, u"frontend.resources"_s));
        fe.set("securityContext", containerSecurity(ctx, true));
        Node feMounts = Node::seq();
        feMounts.append(volumeMount("tmp", u"/tmp"_s));
        feMounts.append(volumeMount("config", u"/etc/modarch"_s, true));
        if (odh)
            feMounts.append(volumeMount("tls", TlsDir, true));
        fe.set("volumeMounts", feMounts);
        containers.append(fe);
        Node cfgVol = Node::map();
        cfgVol.set("name", Node("config"));
        Node cmRef = Node::map();
        cmRef.set("name", Node(ctx.name + u"-config"_s));
        cfgVol.set("configMap", cmRef);
        volumes.append(cfgVol);
    }
    containers.append(module);

    if (ctx.proxyEnabled()) {
        Node proxy = Node::map();
        proxy.set("name", Node("auth-proxy"));
        proxy.set("image", ctx.s(u"auth.proxy.image"_s));
        proxy.set("imagePullPolicy", ctx.s(u"image.pullPolicy"_s));
        Node pp = Node::seq();
        pp.append(port(u"proxy"_s, ctx.i(u"auth.proxy.port"_s)));
        proxy.set("ports", pp);
        Node probe = Node::map();
        Node tcp = Node::map();
        tcp.set("port", Node("proxy"));
        probe.set("tcpSocket", tcp);
        probe.set("periodSeconds", Node(10));
        proxy.set("livenessProbe", probe);
        proxy.set("readinessProbe", probe);
        Node r = Node::map();
        Node lim = Node::map();
        lim.set("cpu", Node("100m"));
        lim.set("memory", Node("64Mi"));
        Node req = Node::map();
        req.set("cpu", Node("10m"));
        req.set("memory", Node("32Mi"));
        r.set("limits", lim);
        r.set("requests", req);
        proxy.set("resources", r);
        proxy.set("securityContext", containerSecurity(ctx, false));
        Node pm = Node::seq();
        pm.append(volumeMount("tmp", u"/tmp"_s));
        pm.append(volumeMount("auth-proxy", u"/etc/nginx/nginx.conf"_s, true, u"nginx.conf"_s));
        proxy.set("volumeMounts", pm);
        containers.append(std::move(proxy).withSource(u"auth.proxy.enabled"_s));
        Node v = Node::map();
        v.set("name", Node("auth-proxy"));
        Node ref = Node::map();
        ref.set("name", Node(ctx.name + u"-auth-proxy"_s));
        v.set("configMap", ref);
        volumes.append(v);
    }
    if (odh) {
        Node v = Node::map();
        v.set("name", Node("tls"));
        Node secret = Node::map();
        secret.set("secretName", ctx.s(u"odh.tls.servingCertSecret"_s));
        v.set("secret", secret);
        volumes.append(v);
        volumes.append(configMapVolume("service-ca", u"openshift-service-ca.crt"_s, {u"service-ca.crt"_s}, false)
                           .withSource(u"odh.tls.extraCaBundles"_s));
        volumes.append(configMapVolume("odh-trusted-ca", u"odh-trusted-ca-bundle"_s, {u"ca-bundle.crt"_s, u"odh-ca-bundle.crt"_s}, true)
                           .withSource(u"odh.tls.extraCaBundles"_s));
    }

    Node podSpec = Node::map();
    podSpec.set("automountServiceAccountToken", ctx.b(u"serviceAccount.automountToken"_s));
    podSpec.set("containers", containers);
    Node podSec = Node::map();
    podSec.set("runAsNonRoot", Node(true));
    Node seccomp = Node::map();
    seccomp.set("type", Node("RuntimeDefault"));
    podSec.set("seccompProfile", seccomp);
    podSpec.set("securityContext", podSec);
    podSpec.set("serviceAccountName", ctx.s(u"serviceAccount.name"_s));
    if (c.flag(u"spread.enabled"_s))
        podSpec.set("topologySpreadConstraints", spreadConstraints(ctx));
    podSpec.set("volumes", volumes);

    Node tmplMeta = Node::map();
    tmplMeta.set("labels", ctx.podLabels());
    Node podAnnotations = Node::map();
    const QVariantMap pa = c.map(u"podAnnotations"_s);
    for (auto it = pa.begin(); it != pa.end(); ++it)
        podAnnotations.set(it.key(), Node(it.value().toString()).withSource(u"podAnnotations"_s));
    if (!configHash.isEmpty()) {
        // Pods restart when the configuration they mount changes.
        podAnnotations.set("modarch.io/config-hash",
                           Node(QString::fromLatin1(QCryptographicHash::hash(configHash.toUtf8(), QCryptographicHash::Sha256).toHex().left(16))));
    }
    addMetricsAnnotations(ctx, podAnnotations);
    if (podAnnotations.size() > 0)
        tmplMeta.set("annotations", podAnnotations);

    Node deploy = makeObject(u"apps/v1"_s, "Deployment", ctx.metadata(ctx.name));
    deploy.get(u"metadata")->get(u"name")->from(u"name"_s);
    Node spec = Node::map();
    if (!c.flag(u"hpa.enabled"_s))
        spec.set("replicas", ctx.i(u"replicas"_s));
    spec.set("revisionHistoryLimit", Node(10));
    spec.set("selector", matchLabels(ctx));
    Node strategy = Node::map();
    strategy.set("type", Node("RollingUpdate"));
    Node ru = Node::map();
    ru.set("maxSurge", Node("25%"));
    ru.set("maxUnavailable", Node(0));
    strategy.set("rollingUpdate", ru);
    spec.set("strategy", strategy);
    Node tmpl = Node::map();
    tmpl.set("metadata", tmplMeta);
    tmpl.set("spec", podSpec);
    spec.set("template", tmpl);
    deploy.set("spec", spec);
    ctx.add(deploy);

    // --- Services ---
    // The main Service reaches what serves the UI: the auth proxy, the frontend (split) or the
    // module. Only Kubeflow routes to the split preset's BFF from outside the pod (the
    // VirtualService's /api route); elsewhere the frontend calls it over the pod's loopback.
    const QString target = ctx.proxyEnabled() ? u"proxy"_s : (ctx.split() ? ctx.frontendPortName() : ctx.modulePortName());
    Node mainSvc = makeService(ctx, c.str(u"service.name"_s), odh ? u"https"_s : u"http"_s, ctx.i(u"service.port"_s), Node(target));
    mainSvc.get(u"metadata")->get(u"name")->from(u"service.name"_s);
    ctx.add(mainSvc);
    if (ctx.split() && ctx.on(Platform::Kubeflow))
        ctx.add(makeService(ctx, ctx.bffServiceName(), ctx.modulePortName(), ctx.i(u"port"_s), Node(ctx.modulePortName()), u"bff"_s));

    // --- Scaling and availability ---
    if (c.flag(u"hpa.enabled"_s)) {
        Node hpa = makeObject(u"autoscaling/v2"_s, "HorizontalPodAutoscaler", ctx.metadata(ctx.name));
        Node hs = Node::map();
        Node ref = Node::map();
        ref.set("apiVersion", Node("apps/v1"));
        ref.set("kind", Node("Deployment"));
        ref.set("name", ctx.s(u"name"_s));
        hs.set("scaleTargetRef", ref);
        hs.set("minReplicas", ctx.i(u"hpa.minReplicas"_s));
        hs.set("maxReplicas", ctx.i(u"hpa.maxReplicas"_s));
        Node metric = Node::map();
        metric.set("type", Node("Resource"));
        Node resource = Node::map();
        resource.set("name", Node("cpu"));
        Node tgt = Node::map();
        tgt.set("type", Node("Utilization"));
        tgt.set("averageUtilization", ctx.i(u"hpa.targetCPUUtilization"_s));
        resource.set("target", tgt);
        metric.set("resource", resource);
        Node metrics = Node::seq();
        metrics.append(metric);
        hs.set("metrics", metrics);
        hpa.set("spec", hs);
        ctx.add(hpa).from(u"hpa.enabled"_s);
    }
    if (c.flag(u"pdb.enabled"_s)) {
        Node pdb = makeObject(u"policy/v1"_s, "PodDisruptionBudget", ctx.metadata(ctx.name));
        Node ps = Node::map();
        ps.set("minAvailable", ctx.i(u"pdb.minAvailable"_s));
        ps.set("selector", matchLabels(ctx));
        pdb.set("spec", ps);
        ctx.add(pdb).from(u"pdb.enabled"_s);
        const qint64 replicas = c.flag(u"hpa.enabled"_s) ? c.integer(u"hpa.minReplicas"_s) : c.integer(u"replicas"_s);
        if (c.integer(u"pdb.minAvailable"_s) >= replicas)
            ctx.note(u"pdb-blocks-drain"_s,
                     u"PodDisruptionBudget: minAvailable %1 with %2 replicas lets no pod be evicted, so node drains will hang; lower pdb.minAvailable or raise replicas."_s
                         .arg(c.integer(u"pdb.minAvailable"_s)).arg(replicas),
                     u"pdb.minAvailable"_s);
    }

    addMonitoring(ctx);

    // --- Notes shared by every platform ---
    if (!ctx.split()) {
        ctx.note(u"guide-one-container"_s,
                 u"One container: the upstream image is the Go BFF serving the built frontend on one port, so there are no separate frontend and BFF containers, no port 3000, no model-registry-bff Service and no REACT_APP_*/MODE/METADATA_STORE_* variables; the mode is the --deployment-mode flag."_s,
                 u"image.repository"_s);
        ctx.note(u"guide-no-module-configmap"_s,
                 u"No model-registry-config ConfigMap: the upstream UI reads no config.yaml; its settings are BFF flags (--deployment-mode, --auth-method, --log-level, ...)."_s,
                 u"deploymentMode"_s);
    } else {
        QString where;
        if (ctx.on(Platform::Kubeflow))
            where = u" The BFF also has its own Service (%1) for the VirtualService's /api route."_s.arg(ctx.bffServiceName());
        else if (odh)
            where = u" TLS ends at the frontend (the serving certificate is mounted there and named in config.yaml), so the federation entry names the frontend's Service with tls: true; the BFF has no Service of its own."_s;
        else
            where = u" The BFF has no Service of its own."_s;
        ctx.note(u"split-ports"_s,
                 u"Split preset: the two containers share the pod's network, so the BFF listens on %1 and the frontend on %2; the frontend serves the UI and calls the BFF at http://localhost:%1 (BFF_URL).%3"_s
                     .arg(c.integer(u"port"_s)).arg(c.integer(u"frontend.port"_s)).arg(where),
                 u"port"_s);
        ctx.note(u"split-config"_s,
                 u"Split preset config.yaml: keeps the guide's deployment mode and platform, features, the BFF URL and the server port%1; %2the guide's authentication (BFF flags), centralDashboard (the menu link merge), storage (the registry keeps its own database; the ml-metadata gRPC service is gone) and theme (chosen when the frontend is built) blocks are dropped."_s
                     .arg(odh ? u" with its TLS files"_s : QString(),
                          ctx.on(Platform::Kubeflow)
                              ? u"the integrations keep the pipelines endpoint and point katib at the Katib UI's API (%1), not the guide's katib-controller:8080, which serves only webhooks and metrics; "_s
                                    .arg(c.str(u"integrations.katib.endpoint"_s))
                              : QString()),
                 u"features.devTools"_s);
    }
    if (odh)
        ctx.note(u"openshift-uid"_s,
                 u"OpenShift: no container sets runAsUser (nor runAsGroup or fsGroup); the restricted-v2 SCC assigns a UID from the namespace's range and refuses pods that ask for another one. runAsNonRoot, no privilege escalation, all capabilities dropped and the RuntimeDefault seccomp profile stay."_s,
                 u"security.runAsUser"_s);
    if (c.flag(u"features.mockData"_s))
        ctx.note(u"dev-mock-clients"_s,
                 u"Mock data: the BFF gets --mock-mr-client and --mock-mr-catalog-client (sample registry and catalog data, served by the release image). It does not get --mock-k8s-client: that starts envtest, whose binaries only upstream's `mock` build target contains, so a release image exits at start."_s,
                 u"features.mockData"_s);
    for (const QString &prefix : ctx.split() ? QStringList{u"image"_s, u"frontend.image"_s} : QStringList{u"image"_s}) {
        if (ctx.pullPolicy(prefix).toString() != u"Always"_s || c.str(u"image.pullPolicy"_s) == u"Always"_s)
            continue;
        ctx.note(u"floating-tag"_s,
                 u"Image %1:%2 has a floating tag: nodes would keep running a stale copy, so its pull policy is Always. Pin a release tag or set %3.digest to pull once."_s
                     .arg(c.str(prefix + u".repository"_s), c.str(prefix + u".tag"_s), prefix),
                 prefix + u".tag"_s);
        break;
    }
    if (c.flag(u"spread.enabled"_s))
        ctx.note(u"spread"_s,
                 u"Replicas spread across zones and then nodes (topologySpreadConstraints, maxSkew 1, ScheduleAnyway), so one zone or node going down does not take every pod; on a cluster with one zone or node the pods still schedule."_s,
                 u"spread.enabled"_s);
    ctx.note(u"guide-selector-labels"_s,
             u"Selectors use the stable label app: %1 only; the guide's version label (and app.kubernetes.io/version) never goes into a selector, which is immutable and would break upgrades."_s.arg(ctx.name),
             u"name"_s);
    ctx.note(u"guide-deployment-mode"_s,
             u"Deployment mode follows the platform (%1); the guide's environment profiles switch it per environment (standalone/federated), which would break the %2 integration."_s
                 .arg(c.str(u"deploymentMode"_s), displayName(c.target.platform)),
             u"deploymentMode"_s);
    if (ctx.in(Environment::Development))
        ctx.note(u"guide-dev-limits"_s,
                 u"Development: the guide sets requests only; limits are set too (resources.limits.*) so no pod runs unbounded."_s,
                 u"resources.limits.cpu"_s);
}

} // namespace dc::gen
