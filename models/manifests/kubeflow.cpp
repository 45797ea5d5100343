// Kubeflow: Istio routing on the shared kubeflow-gateway, mTLS, one-rule AuthorizationPolicy,
// optional JWT, and the central dashboard menu link merged into centraldashboard-config.

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

namespace {

Node route(const Context &ctx, const QString &service, qint64 port, const QString &portSource)
{
    Node dest = Node::map();
    dest.set("host", Node(ctx.serviceHost(service)).withSource(u"service.name"_s));
    Node p = Node::map();
    p.set("number", Node(port).withSource(portSource));
    dest.set("port", p);
    Node r = Node::map();
    r.set("destination", dest);
    Node routes = Node::seq();
    routes.append(r);
    return routes;
}

Node httpRoute(const Context &ctx, const QString &prefix, const QString &rewrite, const QString &forwardedPrefix,
               const QString &service, qint64 port, const QString &portSource)
{
    Node h = Node::map();
    Node headers = Node::map();
    Node request = Node::map();
    Node add = Node::map();
    add.set("x-forwarded-prefix", Node(forwardedPrefix).withSource(u"istio.virtualService.prefix"_s));
    request.set("add", add);
    headers.set("request", request);
    h.set("headers", headers);
    Node match = Node::map();
    Node uri = Node::map();
    uri.set("prefix", Node(prefix).withSource(u"istio.virtualService.prefix"_s));
    match.set("uri", uri);
    Node matches = Node::seq();
    matches.append(match);
    h.set("match", matches);
    Node rw = Node::map();
    rw.set("uri", Node(rewrite).withSource(u"istio.virtualService.rewrite"_s));
    h.set("rewrite", rw);
    h.set("route", route(ctx, service, port, portSource));
    return h;
}

} // namespace

void addKubeflow(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;
    const bool dedicated = c.str(u"istio.gateway.mode"_s) == u"dedicated"_s;
    const QString gatewayName = ctx.name + u"-gateway"_s;

    if (dedicated) {
        Node gw = makeObject(ctx.istioNetworking(), "Gateway", ctx.metadata(gatewayName));
        Node spec = Node::map();
        Node sel = Node::map();
        sel.set("istio", Node("ingressgateway"));
        spec.set("selector", sel);
        Node servers = Node::seq();
        const bool tls = !c.str(u"istio.gateway.tlsCredentialName"_s).isEmpty();
        Node http = Node::map();
        http.set("hosts", ctx.list(u"istio.gateway.hosts"_s));
        Node hp = Node::map();
        hp.set("name", Node("http"));
        hp.set("number", Node(80));
        hp.set("protocol", Node("HTTP"));
        http.set("port", hp);
        if (tls) {
            Node redirect = Node::map();
            redirect.set("httpsRedirect", Node(true));
            http.set("tls", redirect);
        }
        servers.append(http);
        if (tls) {
            Node https = Node::map();
            https.set("hosts", ctx.list(u"istio.gateway.hosts"_s));
            Node sp = Node::map();
            sp.set("name", Node("https"));
            sp.set("number", Node(443));
            sp.set("protocol", Node("HTTPS"));
            https.set("port", sp);
            Node t = Node::map();
            t.set("credentialName", ctx.s(u"istio.gateway.tlsCredentialName"_s));
            t.set("mode", Node("SIMPLE"));
            https.set("tls", t);
            servers.append(https);
            ctx.note(u"gateway-credential-namespace"_s,
                     u"Gateway TLS: the Secret %1 must live in the ingress gateway's namespace (istio-system), not in %2."_s
                         .arg(c.str(u"istio.gateway.tlsCredentialName"_s), ctx.ns),
                     u"istio.gateway.tlsCredentialName"_s);
        }
        spec.set("servers", servers);
        gw.set("spec", spec);
        ctx.add(gw).from(u"istio.gateway.mode"_s);
    } else {
        ctx.note(u"guide-shared-gateway"_s,
                 u"Gateway: the guide creates a dedicated model-registry-gateway; Kubeflow routes every application through the shared kubeflow-gateway, so the VirtualService attaches to %1 and no Gateway is generated (istio.gateway.mode: dedicated emits one)."_s
                     .arg(c.str(u"istio.gateway.name"_s)),
                 u"istio.gateway.mode"_s);
    }

    // VirtualService: prefix -> rewrite, with x-forwarded-prefix so the module builds its links.
    const QString prefix = c.str(u"istio.virtualService.prefix"_s);
    QString forwarded = prefix;
    while (forwarded.size() > 1 && forwarded.endsWith(u'/'))
        forwarded.chop(1);
    Node vs = makeObject(ctx.istioNetworking(), "VirtualService", ctx.metadata(ctx.name));
    Node vspec = Node::map();
    Node gateways = Node::seq();
    gateways.append(dedicated ? Node(gatewayName).withSource(u"istio.gateway.mode"_s) : ctx.s(u"istio.gateway.name"_s));
    vspec.set("gateways", gateways);
    vspec.set("hosts", dedicated ? ctx.list(u"istio.gateway.hosts"_s) : ctx.list(u"istio.virtualService.hosts"_s));
    Node http = Node::seq();
    if (ctx.split()) {
        const QString apiPrefix = prefix.endsWith(u'/') ? prefix + u"api/"_s : prefix + u"/api/"_s;
        Node api = httpRoute(ctx, apiPrefix, u"/api/"_s, forwarded, ctx.bffServiceName(), c.integer(u"port"_s), u"port"_s);
        http.append(api);
    }
    http.append(httpRoute(ctx, prefix, c.str(u"istio.virtualService.rewrite"_s), forwarded, c.str(u"service.name"_s),
                          c.integer(u"service.port"_s), u"service.port"_s));
    vspec.set("http", http);
    vs.set("spec", vspec);
    ctx.add(vs);
    ctx.note(u"guide-virtualservice"_s,
             u"VirtualService: %1 is rewritten to %2 and sent with x-forwarded-prefix to %3:%4; the guide routes to model-registry-service:8080 (the registry server, not the UI) and to a model-registry-bff:3000 that does not exist."_s
                 .arg(prefix, c.str(u"istio.virtualService.rewrite"_s), c.str(u"service.name"_s))
                 .arg(c.integer(u"service.port"_s)),
             u"istio.virtualService.prefix"_s);

    if (c.flag(u"istio.destinationRule.enabled"_s)) {
        QList<QString> services{c.str(u"service.name"_s)};
        if (ctx.split())
            services << ctx.bffServiceName();
        for (const QString &svc : std::as_const(services)) {
            Node dr = makeObject(ctx.istioNetworking(), "DestinationRule", ctx.metadata(svc));
            Node spec = Node::map();
            spec.set("host", Node(ctx.serviceHost(svc)));
            Node tp = Node::map();
            Node tls = Node::map();
            tls.set("mode", Node("ISTIO_MUTUAL"));
            tp.set("tls", tls);
            spec.set("trafficPolicy", tp);
            dr.set("spec", spec);
            ctx.add(dr).from(u"istio.destinationRule.enabled"_s);
        }
    }

    const bool jwt = c.flag(u"istio.authz.jwt.enabled"_s);
    if (jwt) {
        Node ra = makeObject(ctx.istioSecurity(), "RequestAuthentication", ctx.metadata(ctx.name));
        Node spec = Node::map();
        Node rule = Node::map();
        rule.set("forwardOriginalToken", Node(true));
        rule.set("issuer", ctx.s(u"istio.authz.jwt.issuer"_s));
        if (!c.str(u"istio.authz.jwt.jwksUri"_s).isEmpty())
            rule.set("jwksUri", ctx.s(u"istio.authz.jwt.jwksUri"_s));
        Node rules = Node::seq();
        rules.append(rule);
        spec.set("jwtRules", rules);
        spec.set("selector", matchLabels(ctx));
        ra.set("spec", spec);
        ctx.add(ra).from(u"istio.authz.jwt.enabled"_s);
    }

    if (c.flag(u"istio.authz.enabled"_s)) {
        Node ap = makeObject(ctx.istioSecurity(), "AuthorizationPolicy", ctx.metadata(ctx.name));
        Node spec = Node::map();
        spec.set("action", Node("ALLOW"));
        // ONE rule: from AND to AND when. Two rules would be ORed and widen access.
        Node rule = Node::map();
        const QStringList principals = c.list(u"istio.authz.principals"_s);
        if (!principals.isEmpty()) {
            Node source = Node::map();
            source.set("principals", ctx.list(u"istio.authz.principals"_s));
            Node from = Node::map();
            from.set("source", source);
            Node froms = Node::seq();
            froms.append(from);
            rule.set("from", froms);
        }
        const QStringList methods = c.list(u"istio.authz.methods"_s);
        const QStringList paths = c.list(u"istio.authz.paths"_s);
        if (!methods.isEmpty() || !paths.isEmpty()) {
            Node op = Node::map();
            if (!methods.isEmpty())
                op.set("methods", ctx.list(u"istio.authz.methods"_s));
            if (!paths.isEmpty())
                op.set("paths", ctx.list(u"istio.authz.paths"_s));
            Node to = Node::map();
            to.set("operation", op);
            Node tos = Node::seq();
            tos.append(to);
            rule.set("to", tos);
        }
        const QString domain = c.str(u"istio.authz.jwt.emailDomain"_s);
        if (jwt && !domain.isEmpty()) {
            Node when = Node::map();
            when.set("key", Node("request.auth.claims[email]"));
            Node values = Node::seq();
            values.append(Node(u"*@"_s + domain).withSource(u"istio.authz.jwt.emailDomain"_s));
            when.set("values", values);
            Node whens = Node::seq();
            whens.append(when);
            rule.set("when", whens);
        }
        Node rules = Node::seq();
        rules.append(rule);
        spec.set("rules", rules);
        spec.set("selector", matchLabels(ctx));
        ap.set("spec", spec);
        ctx.add(ap).from(u"istio.authz.enabled"_s);
        QStringList conditions;
        if (!principals.isEmpty())
            conditions << u"from principals %1"_s.arg(principals.join(u", "_s));
        if (!methods.isEmpty())
            conditions << u"methods %1"_s.arg(methods.join(u", "_s));
        if (!paths.isEmpty())
            conditions << u"paths %1"_s.arg(paths.join(u", "_s));
        if (jwt && !domain.isEmpty())
            conditions << u"an email claim ending in @%1"_s.arg(domain);
        const QString ruleText = conditions.isEmpty() ? u"no conditions (it allows every request)"_s : conditions.join(u" AND "_s);
        ctx.note(u"guide-authorization-policy"_s,
                 u"AuthorizationPolicy: ONE rule selecting app: %1, allowing %2. In Kubeflow requests reach the module from the ingress gateway, so the principal is the gateway's service account, as in upstream's istio overlay. The guide's two rules are ORed (its service account may do anything; any holder of a company JWT may use GET/POST/PUT/DELETE on any path, or any method on /api/v1/*), its selector app: model-registry matches no pod, and it omits PATCH, which the BFF uses for updates."_s
                     .arg(ctx.name, ruleText),
                 u"istio.authz.methods"_s);
    }

    if (c.str(u"istio.apiVersions"_s) == u"v1"_s)
        ctx.note(u"guide-istio-v1"_s,
                 u"Istio objects use networking.istio.io/v1 and security.istio.io/v1 (Istio 1.22+) instead of the guide's v1beta1; set istio.apiVersions: v1beta1 for older meshes."_s,
                 u"istio.apiVersions"_s);

    if (c.flag(u"dashboard.menu.enabled"_s)) {
        MergeAction a;
        a.type = MergeAction::Type::JsonEntry;
        a.apiVersion = u"v1"_s;
        a.kind = u"ConfigMap"_s;
        a.name = u"centraldashboard-config"_s;
        a.ns = u"kubeflow"_s;
        a.resource = u"configmap"_s;
        a.dataKey = u"links"_s;
        a.listKey = u"menuLinks"_s;
        a.matchField = u"link"_s;
        Node entry = Node::map();
        entry.set("icon", ctx.s(u"dashboard.menu.icon"_s));
        entry.set("link", ctx.s(u"dashboard.menu.link"_s));
        entry.set("text", ctx.s(u"dashboard.menu.text"_s));
        entry.set("type", Node("item"));
        a.entry = entry;
        a.summary = u"ConfigMap kubeflow/centraldashboard-config: add or update the menu link \"%1\" -> %2 in data.links (other links are kept)"_s
                        .arg(c.str(u"dashboard.menu.text"_s), c.str(u"dashboard.menu.link"_s));
        a.configPath = u"dashboard.menu.enabled"_s;
        a.fileName = u"centraldashboard-menu-link.json"_s;
        ctx.action(a);
        ctx.note(u"guide-central-dashboard"_s,
                 u"Central dashboard: the guide's window.centraldashboard JavaScript API and documentationLinks key do not exist; the menu link is merged into the links JSON of the centraldashboard-config ConfigMap (menuLinks), keeping every other team's links."_s,
                 u"dashboard.menu.enabled"_s);
    }
}

} // namespace dc::gen
