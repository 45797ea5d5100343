#include "lintcontext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

// --- catalogue ---------------------------------------------------------------------------

const LintInfo ServiceSelectorNoMatch{u"service-selector-no-match"_s, Severity::Error, u"Service selects no pod"_s,
    u"Make the Service's spec.selector a subset of the pod template labels of the workload it fronts."_s};
const LintInfo ServiceTargetPort{u"service-target-port"_s, Severity::Error, u"Service targetPort is not a container port"_s,
    u"Use the name or number of a containerPort of the selected pods."_s};
const LintInfo RouteDestinationMissing{u"route-destination-missing"_s, Severity::Error, u"Route points at a missing Service or port"_s,
    u"Point the destination at a Service in this set (host <service>.<namespace>.svc.cluster.local) and one of its ports."_s};
const LintInfo AuthzOredRules{u"authz-ored-rules"_s, Severity::Error, u"AuthorizationPolicy rules are ORed and widen access"_s,
    u"Put from, to and when into ONE rule: rules are ORed, the parts of one rule are ANDed."_s};
const LintInfo AuthzSelectorNoMatch{u"authz-selector-no-match"_s, Severity::Error, u"AuthorizationPolicy selects no workload"_s,
    u"An ALLOW policy that selects nothing has no effect; use the pod labels of the workload it protects."_s};
const LintInfo AuthzMissingPatch{u"authz-missing-patch"_s, Severity::Warning, u"AuthorizationPolicy omits PATCH"_s,
    u"The BFF updates with PATCH; add it to the allowed methods or updates fail with 403."_s};
const LintInfo IstioApiVersion{u"istio-api-version"_s, Severity::Note, u"Older Istio API version"_s,
    u"networking.istio.io/v1 and security.istio.io/v1 are served since Istio 1.22; v1beta1 still works."_s};
const LintInfo KubeflowDedicatedGateway{u"kubeflow-dedicated-gateway"_s, Severity::Note, u"Dedicated Gateway in Kubeflow"_s,
    u"Kubeflow applications attach to the shared kubeflow/kubeflow-gateway; a Gateway of its own needs its own ingress setup."_s};

void lintServices(Context &ctx)
{
    if (ctx.pods.empty())
        return; // the pods live elsewhere; nothing to compare with
    for (const ManifestDoc *svc : ctx.ofKind(u"Service"_s)) {
        const ManifestDoc &d = *svc;
        if (!isCoreService(d))
            continue;
        const Node *selector = d.root.at(u"spec.selector");
        if (!selector || !selector->isMap() || selector->size() == 0)
            continue; // headless/external Services select nothing on purpose
        const QString ns = d.root.str(u"metadata.namespace");
        std::vector<const PodTemplate *> matched;
        for (const PodTemplate &p : ctx.pods)
            if (sameNamespace(ns, p.ns) && selects(selector, p.labels))
                matched.push_back(&p);
        if (matched.empty()) {
            QStringList pairs;
            for (const Node &s : selector->items())
                pairs << s.key() + u'=' + s.scalarText();
            ctx.report(ServiceSelectorNoMatch, d, u"spec.selector"_s,
                       u"selector %1 matches no pod template in this set"_s.arg(pairs.join(u',')));
            continue;
        }
        const Node *ports = d.root.at(u"spec.ports");
        if (!ports || !ports->isSeq())
            continue;
        int i = 0;
        for (const Node &port : ports->items()) {
            const Node *target = port.get(u"targetPort");
            const Node *portNumber = port.get(u"port");
            const QString want = target ? target->scalarText() : (portNumber ? portNumber->scalarText() : QString());
            bool found = false;
            for (const PodTemplate *p : matched) {
                // The Istio sidecar the injector adds serves the agent's merged metrics (15020),
                // its health (15021) and Envoy's stats (15090).
                const Node *inject = p->labels ? p->labels->get(u"sidecar.istio.io/inject") : nullptr;
                if (inject && inject->scalarText() == u"true"_s
                    && (want == u"15020"_s || want == u"15021"_s || want == u"15090"_s))
                    found = true;
                const Node *containers = p->spec->get(u"containers");
                if (!containers)
                    continue;
                for (const Node &c : containers->items()) {
                    const Node *cports = c.get(u"ports");
                    if (!cports)
                        continue;
                    for (const Node &cp : cports->items())
                        if (cp.str(u"name") == want || cp.str(u"containerPort") == want)
                            found = true;
                }
            }
            if (!found && !want.isEmpty())
                ctx.report(ServiceTargetPort, d, u"spec.ports[%1].targetPort"_s.arg(i),
                           u"targetPort %1 is no containerPort (by name or number) of the selected pods"_s.arg(want));
            ++i;
        }
    }
}

const ManifestDoc *findService(const Context &ctx, const QString &host, const QString &routeNs)
{
    QString name = host;
    QString ns = routeNs;
    if (host.endsWith(u".svc.cluster.local"_s) || host.count(u'.') >= 1) {
        const QStringList parts = host.split(u'.');
        name = parts.value(0);
        ns = parts.value(1);
    }
    for (auto it = ctx.servicesByName.constFind(name); it != ctx.servicesByName.constEnd() && it.key() == name; ++it)
        if (isCoreService(**it) && sameNamespace(ns, (*it)->root.str(u"metadata.namespace")))
            return *it;
    return nullptr;
}

bool servicePortExists(const ManifestDoc &svc, const QString &port)
{
    const Node *ports = svc.root.at(u"spec.ports");
    if (!ports)
        return false;
    for (const Node &p : ports->items())
        if (p.str(u"port") == port || p.str(u"name") == port)
            return true;
    return false;
}

bool clusterLocal(const QString &host)
{
    return host.endsWith(u".svc.cluster.local"_s) || host.endsWith(u".svc"_s) || !host.contains(u'.');
}

void lintRoutes(Context &ctx)
{
    if (ctx.servicesByName.isEmpty())
        return;
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        const QString ns = d.root.str(u"metadata.namespace");
        auto check = [&](const QString &host, const QString &port, const QString &path) {
            if (host.isEmpty() || !clusterLocal(host))
                return;
            const ManifestDoc *svc = findService(ctx, host, ns);
            if (!svc)
                ctx.report(RouteDestinationMissing, d, path, u"destination %1 is not a Service in this set"_s.arg(host));
            else if (!port.isEmpty() && !servicePortExists(*svc, port))
                ctx.report(RouteDestinationMissing, d, path, u"Service %1 has no port %2"_s.arg(svc->root.str(u"metadata.name"), port));
        };
        if (kind == u"VirtualService"_s && d.root.str(u"apiVersion").startsWith(u"networking.istio.io/"_s)) {
            const Node *http = d.root.at(u"spec.http");
            if (!http)
                continue;
            int i = 0;
            for (const Node &h : http->items()) {
                const Node *routes = h.get(u"route");
                int j = 0;
                if (routes)
                    for (const Node &r : routes->items()) {
                        check(r.str(u"destination.host"), r.str(u"destination.port.number"),
                              u"spec.http[%1].route[%2].destination"_s.arg(i).arg(j));
                        ++j;
                    }
                ++i;
            }
        } else if (kind == u"Ingress"_s) {
            const Node *rules = d.root.at(u"spec.rules");
            int i = 0;
            if (rules)
                for (const Node &r : rules->items()) {
                    const Node *paths = r.at(u"http.paths");
                    int j = 0;
                    if (paths)
                        for (const Node &p : paths->items()) {
                            const QString port = p.str(u"backend.service.port.number").isEmpty() ? p.str(u"backend.service.port.name")
                                                                                                  : p.str(u"backend.service.port.number");
                            check(p.str(u"backend.service.name"), port, u"spec.rules[%1].http.paths[%2].backend"_s.arg(i).arg(j));
                            ++j;
                        }
                    ++i;
                }
        } else if (kind == u"Route"_s && d.root.str(u"apiVersion").startsWith(u"route.openshift.io/"_s)) {
            if (d.root.str(u"spec.to.kind") == u"Service"_s || d.root.str(u"spec.to.kind").isEmpty())
                check(d.root.str(u"spec.to.name"), d.root.str(u"spec.port.targetPort"), u"spec.to"_s);
        }
    }
}

void lintAuthorizationPolicies(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        if (d.root.str(u"kind") != u"AuthorizationPolicy"_s || !d.root.str(u"apiVersion").startsWith(u"security.istio.io/"_s))
            continue;
        const QString action = d.root.str(u"spec.action");
        const bool allow = action.isEmpty() || action == u"ALLOW"_s;
        const Node *rules = d.root.at(u"spec.rules");
        if (allow && rules && rules->isSeq()) {
            int fromOnly = -1, toOrWhenOnly = -1, i = 0;
            for (const Node &r : rules->items()) {
                const bool from = r.get(u"from"), to = r.get(u"to"), when = r.get(u"when");
                if (from && !to && !when)
                    fromOnly = i;
                if (!from && (to || when))
                    toOrWhenOnly = i;
                ++i;
            }
            if (fromOnly >= 0 && toOrWhenOnly >= 0)
                ctx.report(AuthzOredRules, d, u"spec.rules"_s,
                           u"rule %1 allows its sources any method on any path, and rule %2 allows any source that matches its operations; together they allow far more than either alone"_s
                               .arg(fromOnly).arg(toOrWhenOnly));
            i = 0;
            for (const Node &r : rules->items()) {
                const Node *to = r.get(u"to");
                int j = 0;
                if (to)
                    for (const Node &t : to->items()) {
                        const Node *methods = t.at(u"operation.methods");
                        if (methods && methods->isSeq() && methods->size() > 0) {
                            bool patch = false;
                            for (const Node &m : methods->items())
                                patch = patch || m.scalarText().toUpper() == u"PATCH"_s || m.scalarText() == u"*"_s;
                            if (!patch)
                                ctx.report(AuthzMissingPatch, d, u"spec.rules[%1].to[%2].operation.methods"_s.arg(i).arg(j),
                                           u"allowed methods leave out PATCH"_s);
                        }
                        ++j;
                    }
                ++i;
            }
        }
        const Node *selector = d.root.at(u"spec.selector.matchLabels");
        if (selector && selector->isMap() && selector->size() > 0 && !ctx.pods.empty()) {
            bool matched = false;
            for (const PodTemplate &p : ctx.pods)
                matched = matched || (sameNamespace(d.root.str(u"metadata.namespace"), p.ns) && selects(selector, p.labels));
            if (!matched) {
                QStringList pairs;
                for (const Node &s : selector->items())
                    pairs << s.key() + u'=' + s.scalarText();
                ctx.report(AuthzSelectorNoMatch, d, u"spec.selector.matchLabels"_s,
                           u"selector %1 matches no workload in this set%2"_s.arg(pairs.join(u','),
                                                                                  allow ? u", so this ALLOW policy protects nothing"_s : QString()));
            }
        }
    }
}

void lintIstioVersions(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        const QString api = d.root.str(u"apiVersion");
        if ((api == u"networking.istio.io/v1beta1"_s || api == u"networking.istio.io/v1alpha3"_s || api == u"security.istio.io/v1beta1"_s))
            ctx.report(IstioApiVersion, d, u"apiVersion"_s, u"%1 is served, v1 is current"_s.arg(api));
        if (kind == u"Gateway"_s && api.startsWith(u"networking.istio.io/"_s) && d.root.str(u"metadata.namespace") == u"kubeflow"_s
            && d.root.str(u"metadata.name") != u"kubeflow-gateway"_s)
            ctx.report(KubeflowDedicatedGateway, d, u"metadata.name"_s, u"Gateway %1 in the kubeflow namespace"_s.arg(d.root.str(u"metadata.name")));
    }
}


void run(Context &ctx)
{
    lintServices(ctx);
    lintRoutes(ctx);
    lintAuthorizationPolicies(ctx);
    lintIstioVersions(ctx);
}

} // namespace

const Area &networkArea()
{
    static const Area area{"network", {&ServiceSelectorNoMatch, &ServiceTargetPort, &RouteDestinationMissing, &AuthzOredRules, &AuthzSelectorNoMatch, &AuthzMissingPatch, &IstioApiVersion, &KubeflowDedicatedGateway}, &run};
    return area;
}

} // namespace dc::lint
