// Standalone Kubernetes: optional Ingress; the development auth proxy is part of the
// Deployment (common.cpp).

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

void addStandalone(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;
    if (c.flag(u"ingress.enabled"_s)) {
        Node ing = makeObject(u"networking.k8s.io/v1"_s, "Ingress", ctx.metadata(ctx.name));
        Node spec = Node::map();
        if (!c.str(u"ingress.className"_s).isEmpty())
            spec.set("ingressClassName", ctx.s(u"ingress.className"_s));
        Node backend = Node::map();
        Node svc = Node::map();
        svc.set("name", ctx.s(u"service.name"_s));
        Node port = Node::map();
        port.set("number", ctx.i(u"service.port"_s));
        svc.set("port", port);
        backend.set("service", svc);
        Node path = Node::map();
        path.set("backend", backend);
        path.set("path", ctx.s(u"ingress.path"_s));
        path.set("pathType", Node("Prefix"));
        Node paths = Node::seq();
        paths.append(path);
        Node httpRule = Node::map();
        httpRule.set("paths", paths);
        Node rule = Node::map();
        rule.set("host", ctx.s(u"ingress.host"_s));
        rule.set("http", httpRule);
        Node rules = Node::seq();
        rules.append(rule);
        spec.set("rules", rules);
        if (!c.str(u"ingress.tlsSecret"_s).isEmpty()) {
            Node tls = Node::map();
            Node hosts = Node::seq();
            hosts.append(ctx.s(u"ingress.host"_s));
            tls.set("hosts", hosts);
            tls.set("secretName", ctx.s(u"ingress.tlsSecret"_s));
            Node tlss = Node::seq();
            tlss.append(tls);
            spec.set("tls", tlss);
        }
        ing.set("spec", spec);
        ctx.add(ing).from(u"ingress.enabled"_s);
    }
    if (c.str(u"image.repository"_s).endsWith(u"/ui-standalone"_s)) {
        const bool dev = ctx.in(Environment::Development);
        ctx.note(u"standalone-image"_s,
                 u"Standalone uses %1:%2, the frontend built for standalone mode (served at /); the ui image is built for Kubeflow's /model-registry/ base path and shows a blank page at /.%3"_s
                     .arg(c.str(u"image.repository"_s), c.str(u"image.tag"_s),
                          dev ? QString()
                              : u" Upstream publishes this image for local and development use; for %1, build and publish your own from clients/ui/Dockerfile.standalone (release target, DEPLOYMENT_MODE=standalone) and set image.repository."_s
                                    .arg(toId(c.target.environment))),
                 u"image.repository"_s);
    }
    if (ctx.proxyEnabled()) {
        ctx.note(u"auth-proxy-development"_s,
                 u"Development auth proxy: every request reaching the Service acts as %1; the proxy forwards to port %2, where the UI is served. Like upstream's overlay it runs as a non-root nginx (nginx-unprivileged here, nginx:1.25-alpine as UID 101 there); upstream's ClusterRoleBinding of %1 to cluster-admin is not generated. Never enable it outside development."_s
                     .arg(c.str(u"auth.proxy.user"_s))
                     .arg(c.integer(ctx.split() ? u"frontend.port"_s : u"port"_s)),
                 u"auth.proxy.enabled"_s);
    } else if (c.str(u"auth.method"_s) == u"internal"_s) {
        ctx.note(u"standalone-internal-auth"_s,
                 u"Auth method internal trusts the kubeflow-userid header as the user's identity: put an authenticating proxy in front of the Service that sets it, or use auth.method user_token."_s,
                 u"auth.method"_s);
    }
}

} // namespace dc::gen
