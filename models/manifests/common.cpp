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
    if (withUser)
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
    if (ctx.c.flag(u"features.mockData"_s)) {
        arg(u"mock-k8s-client"_s, u"true"_s, u"features.mockData"_s);
        arg(u"mock-mr-client"_s, u"true"_s, u"features.mockData"_s);
    }
    if (ctx.on(Platform::Odh)) {
        arg(u"cert-file"_s, u"/etc/tls/private/tls.crt"_s, u"odh.tls.servingCertSecret"_s);
        arg(u"key-file"_s, u"/etc/tls/private/tls.key"_s, u"odh.tls.servingCertSecret"_s);
    }
    return args;
}

bool metricsOn(const Context &ctx)
{
    return ctx.c.flag(u"monitoring.enabled"_s) && ctx.c.integer(u"monitoring.metricsPort"_s) > 0;
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
)"_s.arg(ctx.c.integer(u"auth.proxy.port"_s)).arg(ctx.c.integer(u"port"_s)).arg(ctx.c.str(u"auth.proxy.user"_s));
}

void addRbac(Context &ctx)
{
    struct Rule { const char *suffix; const char *group; const char *resource; QStringList verbs; };
    QList<Rule> rules = {
        {"-services-reader", "", "services", {u"get"_s, u"list"_s, u"watch"_s}},
        {"-retrieve-clusterrolebindings", "rbac.authorization.k8s.io", "clusterrolebindings", {u"get"_s, u"list"_s, u"watch"_s}},
        {"-create-sars", "authorization.k8s.io", "subjectaccessreviews", {u"create"_s}},
    };
    if (ctx.on(Platform::Standalone))
        rules.append({"-namespaces-reader", "", "namespaces", {u"get"_s, u"list"_s, u"watch"_s}});
    for (const Rule &r : std::as_const(rules)) {
        const QString roleName = ctx.name + QString::fromLatin1(r.suffix);
        Node role = makeObject(u"rbac.authorization.k8s.io/v1"_s, "ClusterRole", ctx.metadata(roleName, false));
        Node rule = Node::map();
        Node groups = Node::seq();
        groups.append(Node(r.group));
        rule.set("apiGroups", groups);
        Node res = Node::seq();
        res.append(Node(r.resource));
        rule.set("resources", res);
        rule.set("verbs", Node(r.verbs));
        Node rs = Node::seq();
        rs.append(rule);
        role.set("rules", rs);
        ctx.add(role).from(u"rbac.create"_s);

        Node binding = makeObject(u"rbac.authorization.k8s.io/v1"_s, "ClusterRoleBinding", ctx.metadata(roleName, false));
        Node ref = Node::map();
        ref.set("apiGroup", Node("rbac.authorization.k8s.io"));
        ref.set("kind", Node("ClusterRole"));
        ref.set("name", Node(roleName));
        binding.set("roleRef", ref);
        Node subject = Node::map();
        subject.set("kind", Node("ServiceAccount"));
        subject.set("name", ctx.s(u"serviceAccount.name"_s));
        subject.set("namespace", ctx.s(u"namespace"_s));
        Node subjects = Node::seq();
        subjects.append(subject);
        binding.set("subjects", subjects);
        ctx.add(binding).from(u"rbac.create"_s);
    }
}

Node service(Context &ctx, const QString &serviceName, const QString &portName, const Node &portNumber,
             const QString &targetPort, const QString &component = QString())
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
    p.set("targetPort", Node(targetPort));
    Node ports = Node::seq();
    ports.append(p);
    spec.set("ports", ports);
    spec.set("selector", ctx.selector());
    spec.set("type", ctx.s(u"service.type"_s));
    svc.set("spec", spec);
    return svc;
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
    module.set("imagePullPolicy", ctx.s(u"image.pullPolicy"_s));
    module.set("args", bffArgs(ctx));
    Node ports = Node::seq();
    ports.append(port(ctx.modulePortName(), ctx.i(u"port"_s)));
    if (metricsOn(ctx))
        ports.append(port(u"metrics"_s, ctx.i(u"monitoring.metricsPort"_s)));
    module.set("ports", ports);
    module.set("livenessProbe", httpProbe(ctx, "liveness", ctx.modulePortName(), odh));
    module.set("readinessProbe", httpProbe(ctx, "readiness", ctx.modulePortName(), odh));
    module.set("resources", resources(ctx, u"resources"_s));
    module.set("securityContext", containerSecurity(ctx, true));
    Node mounts = Node::seq();
    mounts.append(volumeMount("tmp", u"/tmp"_s));
    if (odh)
        mounts.append(volumeMount("tls", u"/etc/tls/private"_s, true));
    if (ctx.split())
        mounts.append(volumeMount("config", u"/etc/modarch"_s, true));
    module.set("volumeMounts", mounts);

    if (ctx.split()) {
        Node fe = Node::map();
        fe.set("name", Node("frontend"));
        fe.set("image", ctx.imageRef(u"frontend.image"_s));
        fe.set("imagePullPolicy", ctx.s(u"image.pullPolicy"_s));
        Node feEnv = Node::seq();
        Node bffUrl = Node::map();
        bffUrl.set("name", Node("BFF_URL"));
        bffUrl.set("value", Node(u"http://localhost:"_s + QString::number(c.integer(u"port"_s))).withSource(u"port"_s));
        feEnv.append(bffUrl);
        fe.set("env", feEnv);
        Node fePorts = Node::seq();
        fePorts.append(port(u"http"_s, ctx.i(u"frontend.port"_s)));
        fe.set("ports", fePorts);
        Node feProbe = Node::map();
        Node get = Node::map();
        get.set("path", Node("/"));
        get.set("port", Node("http"));
        get.set("scheme", Node("HTTP"));
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
    const QString target = ctx.proxyEnabled() ? u"proxy"_s : (ctx.split() ? u"http"_s : ctx.modulePortName());
    Node mainSvc = service(ctx, c.str(u"service.name"_s), odh && !ctx.split() ? u"https"_s : u"http"_s, ctx.i(u"service.port"_s), target);
    mainSvc.get(u"metadata")->get(u"name")->from(u"service.name"_s);
    ctx.add(mainSvc);
    if (ctx.split())
        ctx.add(service(ctx, ctx.bffServiceName(), ctx.modulePortName(), ctx.i(u"port"_s), ctx.modulePortName(), u"bff"_s));

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

    // --- Monitoring ---
    if (metricsOn(ctx)) {
        Node msvc = service(ctx, ctx.name + u"-metrics"_s, u"metrics"_s, ctx.i(u"monitoring.metricsPort"_s), u"metrics"_s, u"metrics"_s);
        ctx.add(msvc).from(u"monitoring.enabled"_s);
        Node sm = makeObject(u"monitoring.coreos.com/v1"_s, "ServiceMonitor", ctx.metadata(ctx.name, true, u"metrics"_s));
        Node sms = Node::map();
        Node ep = Node::map();
        ep.set("interval", ctx.s(u"monitoring.interval"_s));
        ep.set("path", ctx.s(u"monitoring.metricsPath"_s));
        ep.set("port", Node("metrics"));
        Node eps = Node::seq();
        eps.append(ep);
        sms.set("endpoints", eps);
        Node nsSel = Node::map();
        Node names = Node::seq();
        names.append(ctx.s(u"namespace"_s));
        nsSel.set("matchNames", names);
        sms.set("namespaceSelector", nsSel);
        Node smSel = Node::map();
        Node ml = ctx.selector();
        ml.set("app.kubernetes.io/component", Node("metrics"));
        smSel.set("matchLabels", ml);
        sms.set("selector", smSel);
        sm.set("spec", sms);
        ctx.add(sm).from(u"monitoring.enabled"_s);
        ctx.note(u"guide-servicemonitor-apiversion"_s,
                 u"ServiceMonitor: generated with apiVersion monitoring.coreos.com/v1; the guide's `apiVersion: v1` names no ServiceMonitor kind and is rejected."_s,
                 u"monitoring.enabled"_s);
    } else if (c.flag(u"monitoring.enabled"_s)) {
        ctx.note(u"guide-monitoring"_s,
                 u"Monitoring: the guide adds a metrics Service on 9090 and a ServiceMonitor, but this module exposes no /metrics (the upstream UI and BFF serve none), so neither is generated. Set monitoring.metricsPort when the module serves metrics."_s,
                 u"monitoring.metricsPort"_s);
    }

    // --- Notes shared by every platform ---
    if (!ctx.split()) {
        ctx.note(u"guide-one-container"_s,
                 u"One container: the upstream image is the Go BFF serving the built frontend on one port, so there are no separate frontend and BFF containers, no port 3000, no model-registry-bff Service and no REACT_APP_*/MODE/METADATA_STORE_* variables; the mode is the --deployment-mode flag."_s,
                 u"image.repository"_s);
        ctx.note(u"guide-no-module-configmap"_s,
                 u"No model-registry-config ConfigMap: the upstream UI reads no config.yaml; its settings are BFF flags (--deployment-mode, --auth-method, --log-level, ...)."_s,
                 u"deploymentMode"_s);
    } else {
        ctx.note(u"split-ports"_s,
                 u"Split preset: the two containers share the pod's network, so the BFF listens on %1 and the frontend on %2; each has its own Service."_s
                     .arg(c.integer(u"port"_s)).arg(c.integer(u"frontend.port"_s)),
                 u"port"_s);
    }
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
