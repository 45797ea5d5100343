#include "lints.h"

#include "manifests/yaml.h"
#include "manifestset.h"

#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace dc {

const QList<LintInfo> &lintCatalog()
{
    static const QList<LintInfo> catalog = {
        {u"service-selector-no-match"_s, Severity::Error, u"Service selects no pod"_s,
         u"Make the Service's spec.selector a subset of the pod template labels of the workload it fronts."_s},
        {u"service-target-port"_s, Severity::Error, u"Service targetPort is not a container port"_s,
         u"Use the name or number of a containerPort of the selected pods."_s},
        {u"route-destination-missing"_s, Severity::Error, u"Route points at a missing Service or port"_s,
         u"Point the destination at a Service in this set (host <service>.<namespace>.svc.cluster.local) and one of its ports."_s},
        {u"authz-ored-rules"_s, Severity::Error, u"AuthorizationPolicy rules are ORed and widen access"_s,
         u"Put from, to and when into ONE rule: rules are ORed, the parts of one rule are ANDed."_s},
        {u"authz-selector-no-match"_s, Severity::Error, u"AuthorizationPolicy selects no workload"_s,
         u"An ALLOW policy that selects nothing has no effect; use the pod labels of the workload it protects."_s},
        {u"authz-missing-patch"_s, Severity::Warning, u"AuthorizationPolicy omits PATCH"_s,
         u"The BFF updates with PATCH; add it to the allowed methods or updates fail with 403."_s},
        {u"selector-version-label"_s, Severity::Error, u"Selector contains a version label"_s,
         u"Selectors are immutable: keep version labels out of them or the next upgrade cannot be applied."_s},
        {u"selector-template-mismatch"_s, Severity::Error, u"Selector does not match the pod template"_s,
         u"Every spec.selector.matchLabels entry must also be in spec.template.metadata.labels."_s},
        {u"kustomize-common-labels"_s, Severity::Warning, u"kustomize commonLabels is deprecated"_s,
         u"Use `labels: [{pairs: {...}, includeSelectors: false}]` (kustomize edit fix migrates it)."_s},
        {u"kustomize-selector-labels-change"_s, Severity::Error, u"kustomize labels would change selectors on upgrade"_s,
         u"Keep version-like labels out of commonLabels and out of labels with includeSelectors: true."_s},
        {u"odh-dashboard-config-configmap"_s, Severity::Error, u"OdhDashboardConfig given as a ConfigMap"_s,
         u"OdhDashboardConfig is a custom resource: apiVersion opendatahub.io/v1alpha, kind OdhDashboardConfig, name odh-dashboard-config."_s},
        {u"odh-dashboard-config-unknown-key"_s, Severity::Error, u"Unknown OdhDashboardConfig setting"_s,
         u"The OdhDashboardConfig schema has no such key; strict field validation rejects it and the API server prunes it."_s},
        {u"odh-module-federation-field"_s, Severity::Error, u"moduleFederation in OdhDashboardConfig"_s,
         u"Module federation is configured in the dashboard's federation-config ConfigMap (module-federation-config.json), not in OdhDashboardConfig."_s},
        {u"odh-groups-config-lists"_s, Severity::Warning, u"groupsConfig given as lists"_s,
         u"adminGroups and allowedGroups are comma-separated strings, and groupsConfig is now ignored: groups are set in the Auth resource."_s},
        {u"modelregistry-unknown-field"_s, Severity::Error, u"ModelRegistry field that does not exist"_s,
         u"ModelRegistry v1beta1 has rest, grpc, postgres|mysql, oauthProxy|kubeRBACProxy; enable the component in the DataScienceCluster."_s},
        {u"modelregistry-crd-redefined"_s, Severity::Warning, u"ModelRegistry CRD shipped by hand"_s,
         u"The model-registry operator installs this CRD (v1beta1 storage); a hand-written copy with other fields breaks it."_s},
        {u"tekton-v1beta1"_s, Severity::Warning, u"Tekton v1beta1 is deprecated"_s,
         u"Use apiVersion tekton.dev/v1 (Konflux runs v1 PipelineRuns)."_s},
        {u"konflux-unknown-task"_s, Severity::Warning, u"Konflux has no such task"_s,
         u"Konflux builds push with buildah (build-images task); there is no push-to-registry task."_s},
        {u"security-run-as-root"_s, Severity::Error, u"Container may run as root"_s,
         u"Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser."_s},
        {u"security-privileged"_s, Severity::Error, u"Privileged container"_s,
         u"Remove securityContext.privileged: true."_s},
        {u"security-privilege-escalation"_s, Severity::Error, u"Privilege escalation allowed"_s,
         u"Set securityContext.allowPrivilegeEscalation: false on every container."_s},
        {u"security-capabilities"_s, Severity::Error, u"Capabilities added or not dropped"_s,
         u"Set securityContext.capabilities.drop: [ALL] and add none."_s},
        {u"security-host-access"_s, Severity::Error, u"Host namespaces or hostPath"_s,
         u"Remove hostNetwork/hostPID/hostIPC and hostPath volumes; use emptyDir, ConfigMaps or PVCs."_s},
        {u"security-seccomp"_s, Severity::Warning, u"No seccomp profile"_s,
         u"Set securityContext.seccompProfile.type: RuntimeDefault on the pod."_s},
        {u"resources-missing"_s, Severity::Warning, u"Missing resource requests or limits"_s,
         u"Set resources.requests and resources.limits for cpu and memory on every container."_s},
        {u"probes-missing"_s, Severity::Warning, u"Missing probes"_s,
         u"Add readinessProbe and livenessProbe (the upstream UI answers on /healthcheck)."_s},
        {u"image-latest"_s, Severity::Error, u":latest or untagged image"_s,
         u"Pin a release tag or a digest; :latest changes under you and cannot be rolled back."_s},
        {u"secret-in-env"_s, Severity::Error, u"Secret in a plain environment value"_s,
         u"Move the value into a Secret and use env[].valueFrom.secretKeyRef."_s},
        {u"production-replicas"_s, Severity::Warning, u"Production with a single replica"_s,
         u"Run at least 2 replicas (or an autoscaler with minReplicas >= 2) in production."_s},
        {u"production-no-pdb"_s, Severity::Warning, u"Production without a PodDisruptionBudget"_s,
         u"Add a PodDisruptionBudget selecting the pods so node drains keep the module up."_s},
        {u"module-unknown-env"_s, Severity::Warning, u"Environment variables the module does not read"_s,
         u"The Model Registry UI is configured by BFF flags (--deployment-mode, --auth-method, ...); REACT_APP_*, MODE and METADATA_STORE_* are not read."_s},
        {u"module-config-file"_s, Severity::Note, u"config.yaml the module does not read"_s,
         u"The Model Registry UI reads no config.yaml; pass settings as BFF flags."_s},
        {u"registry-grpc-port"_s, Severity::Warning, u"Model registry gRPC/MLMD port"_s,
         u"The model registry server serves only REST on 8080 since EmbedMD; the gRPC 9090 port and metadata-grpc-service are gone."_s},
        {u"istio-api-version"_s, Severity::Note, u"Older Istio API version"_s,
         u"networking.istio.io/v1 and security.istio.io/v1 are served since Istio 1.22; v1beta1 still works."_s},
        {u"kubeflow-dedicated-gateway"_s, Severity::Note, u"Dedicated Gateway in Kubeflow"_s,
         u"Kubeflow applications attach to the shared kubeflow/kubeflow-gateway; a Gateway of its own needs its own ingress setup."_s},
    };
    return catalog;
}

const LintInfo *findLint(QStringView id)
{
    for (const LintInfo &l : lintCatalog())
        if (l.id == id)
            return &l;
    return nullptr;
}

namespace {

struct PodTemplate
{
    const ManifestDoc *doc = nullptr;
    const Node *labels = nullptr; // template metadata.labels
    const Node *spec = nullptr;   // pod spec
    QString path;                 // path of the pod spec ("spec.template.spec")
    QString ns;
};

bool isWorkload(const QString &kind)
{
    static const QStringList kinds = {u"Deployment"_s, u"StatefulSet"_s, u"DaemonSet"_s, u"ReplicaSet"_s, u"Job"_s, u"CronJob"_s, u"Pod"_s};
    return kinds.contains(kind);
}

std::optional<PodTemplate> podTemplate(const ManifestDoc &d)
{
    const QString kind = d.root.str(u"kind");
    if (!isWorkload(kind))
        return std::nullopt;
    QString base = u"spec.template"_s;
    if (kind == u"CronJob"_s)
        base = u"spec.jobTemplate.spec.template"_s;
    const Node *tmpl = kind == u"Pod"_s ? &d.root : d.root.at(base);
    if (kind == u"Pod"_s)
        base.clear();
    if (!tmpl || !tmpl->isMap())
        return std::nullopt;
    PodTemplate t;
    t.doc = &d;
    t.labels = tmpl->at(u"metadata.labels");
    t.spec = tmpl->get(u"spec");
    t.path = base.isEmpty() ? u"spec"_s : base + u".spec"_s;
    t.ns = d.root.str(u"metadata.namespace");
    if (!t.spec || !t.spec->isMap())
        return std::nullopt;
    return t;
}

bool sameNamespace(const QString &a, const QString &b)
{
    return a.isEmpty() || b.isEmpty() || a == b;
}

// A selector map (key: value) matches labels when every pair is present.
bool selects(const Node *selector, const Node *labels)
{
    if (!selector || !selector->isMap() || selector->size() == 0)
        return false;
    for (const Node &pair : selector->items()) {
        const Node *v = labels ? labels->get(pair.key()) : nullptr;
        if (!v || v->scalarText() != pair.scalarText())
            return false;
    }
    return true;
}

bool versionLike(const QString &key, const QString &value)
{
    static const QRegularExpression versionValue(uR"(^v?\d+\.\d+(\.\d+)?([-+.].*)?$)"_s);
    const QString k = key.section(u'/', -1).toLower();
    return k == u"version"_s || k.endsWith(u"-version"_s) || versionValue.match(value).hasMatch();
}

bool isCoreService(const ManifestDoc &d)
{
    return d.root.str(u"kind") == u"Service"_s && d.root.str(u"apiVersion") == u"v1"_s;
}

struct Context
{
    const ManifestSet &set;
    const LintOptions &options;
    QList<Finding> out;
    std::vector<PodTemplate> pods;
    // Documents by kind, so that cross-document lints do not scan the whole set per object.
    QHash<QString, std::vector<const ManifestDoc *>> byKind;
    // Services by name, for route destinations.
    QMultiHash<QString, const ManifestDoc *> servicesByName;

    const std::vector<const ManifestDoc *> &ofKind(const QString &kind) const
    {
        static const std::vector<const ManifestDoc *> none;
        const auto it = byKind.constFind(kind);
        return it == byKind.constEnd() ? none : *it;
    }

    void report(const QString &id, const ManifestDoc &d, const QString &path, const QString &message,
                std::optional<Severity> severity = std::nullopt)
    {
        if (options.disabled.contains(id))
            return;
        const LintInfo *info = findLint(id);
        Q_ASSERT(info);
        const Node *n = d.nodeAt(path);
        out.append(Finding{severity.value_or(info->severity), id, d.file, d.lineOf(path), 0, d.id(), path,
                           message + u" — "_s + info->hint, n ? n->source() : QString()});
    }
};

// --- Services, routes ---------------------------------------------------------------

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
            ctx.report(u"service-selector-no-match"_s, d, u"spec.selector"_s,
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
                ctx.report(u"service-target-port"_s, d, u"spec.ports[%1].targetPort"_s.arg(i),
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
                ctx.report(u"route-destination-missing"_s, d, path, u"destination %1 is not a Service in this set"_s.arg(host));
            else if (!port.isEmpty() && !servicePortExists(*svc, port))
                ctx.report(u"route-destination-missing"_s, d, path, u"Service %1 has no port %2"_s.arg(svc->root.str(u"metadata.name"), port));
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

// --- Istio authorization ----------------------------------------------------------------

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
                ctx.report(u"authz-ored-rules"_s, d, u"spec.rules"_s,
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
                                ctx.report(u"authz-missing-patch"_s, d, u"spec.rules[%1].to[%2].operation.methods"_s.arg(i).arg(j),
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
                ctx.report(u"authz-selector-no-match"_s, d, u"spec.selector.matchLabels"_s,
                           u"selector %1 matches no workload in this set%2"_s.arg(pairs.join(u','),
                                                                                  allow ? u", so this ALLOW policy protects nothing"_s : QString()));
            }
        }
    }
}

// --- Workloads -------------------------------------------------------------------------------

void lintSelectors(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        if (!isWorkload(kind) || kind == u"Pod"_s || kind == u"CronJob"_s || kind == u"Job"_s)
            continue;
        const Node *sel = d.root.at(u"spec.selector.matchLabels");
        const Node *labels = d.root.at(u"spec.template.metadata.labels");
        if (!sel || !sel->isMap())
            continue;
        for (const Node &pair : sel->items()) {
            if (versionLike(pair.key(), pair.scalarText()))
                ctx.report(u"selector-version-label"_s, d, u"spec.selector.matchLabels."_s + pair.key(),
                           u"selector label %1=%2 changes with every release"_s.arg(pair.key(), pair.scalarText()));
            const Node *v = labels ? labels->get(pair.key()) : nullptr;
            if (!v || v->scalarText() != pair.scalarText())
                ctx.report(u"selector-template-mismatch"_s, d, u"spec.selector.matchLabels."_s + pair.key(),
                           u"selector %1=%2 is not among the pod template labels; the API server rejects the %3"_s.arg(pair.key(), pair.scalarText(), kind));
        }
    }
}

bool imageUnpinned(const QString &image)
{
    if (image.contains(u'@'))
        return false;
    const QString last = image.section(u'/', -1);
    return !last.contains(u':') || last.endsWith(u":latest"_s);
}

void lintContainers(Context &ctx)
{
    static const QRegularExpression secretName(u"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression unusedEnv(u"^(REACT_APP_.*|MODE|METADATA_STORE_(HOST|PORT))$"_s);
    const std::optional<Environment> env = ctx.options.environment;
    for (const PodTemplate &p : ctx.pods) {
        const ManifestDoc &d = *p.doc;
        const Node *podSc = p.spec->get(u"securityContext");
        const bool podNonRoot = podSc && podSc->str(u"runAsNonRoot") == u"true"_s;
        const bool podSeccomp = podSc && !podSc->str(u"seccompProfile.type").isEmpty();
        const QString podUser = podSc ? podSc->str(u"runAsUser") : QString();
        for (const char *hostField : {"hostNetwork", "hostPID", "hostIPC"})
            if (p.spec->str(QString::fromLatin1(hostField)) == u"true"_s)
                ctx.report(u"security-host-access"_s, d, p.path + u'.' + QString::fromLatin1(hostField),
                           QString::fromLatin1(hostField) + u" shares the node's namespace with the pod"_s);
        if (const Node *volumes = p.spec->get(u"volumes")) {
            int i = 0;
            for (const Node &v : volumes->items()) {
                if (v.get(u"hostPath"))
                    ctx.report(u"security-host-access"_s, d, p.path + u".volumes[%1].hostPath"_s.arg(i),
                               u"volume %1 mounts a path of the node"_s.arg(v.str(u"name")));
                ++i;
            }
        }
        bool anySeccomp = podSeccomp;
        for (const char *list : {"initContainers", "containers"}) {
            const Node *containers = p.spec->get(QString::fromLatin1(list));
            if (!containers || !containers->isSeq())
                continue;
            const bool init = QLatin1String(list) == QLatin1String("initContainers");
            int i = 0;
            for (const Node &c : containers->items()) {
                const QString cp = p.path + u'.' + QString::fromLatin1(list) + u'[' + QString::number(i++) + u']';
                const QString name = c.str(u"name");
                const Node *sc = c.get(u"securityContext");
                const QString user = sc && !sc->str(u"runAsUser").isEmpty() ? sc->str(u"runAsUser") : podUser;
                const bool nonRoot = (sc && sc->str(u"runAsNonRoot") == u"true"_s) || podNonRoot;
                if (user == u"0"_s)
                    ctx.report(u"security-run-as-root"_s, d,
                               sc && !sc->str(u"runAsUser").isEmpty() ? cp + u".securityContext.runAsUser"_s : p.path + u".securityContext.runAsUser"_s,
                               u"container %1 runs as UID 0"_s.arg(name));
                else if (!nonRoot)
                    ctx.report(u"security-run-as-root"_s, d, cp, u"container %1 does not set runAsNonRoot: true (neither does the pod)"_s.arg(name));
                if (sc && sc->str(u"privileged") == u"true"_s)
                    ctx.report(u"security-privileged"_s, d, cp + u".securityContext.privileged"_s, u"container %1 is privileged"_s.arg(name));
                if (!sc || sc->str(u"allowPrivilegeEscalation") != u"false"_s)
                    ctx.report(u"security-privilege-escalation"_s, d, sc ? cp + u".securityContext"_s : cp,
                               u"container %1 does not set allowPrivilegeEscalation: false"_s.arg(name));
                const Node *add = sc ? sc->at(u"capabilities.add") : nullptr;
                if (add && add->isSeq() && add->size() > 0) {
                    QStringList caps;
                    for (const Node &cap : add->items())
                        caps << cap.scalarText();
                    ctx.report(u"security-capabilities"_s, d, cp + u".securityContext.capabilities.add"_s,
                               u"container %1 adds capabilities %2"_s.arg(name, caps.join(u", "_s)));
                }
                const Node *drop = sc ? sc->at(u"capabilities.drop") : nullptr;
                bool dropsAll = false;
                if (drop)
                    for (const Node &cap : drop->items())
                        dropsAll = dropsAll || cap.scalarText().toUpper() == u"ALL"_s;
                if (!dropsAll)
                    ctx.report(u"security-capabilities"_s, d, sc ? cp + u".securityContext"_s : cp,
                               u"container %1 does not drop ALL capabilities"_s.arg(name), Severity::Warning);
                anySeccomp = anySeccomp || (sc && !sc->str(u"seccompProfile.type").isEmpty());
                QStringList missing;
                for (const char *r : {"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"})
                    if (c.str(QString(u"resources."_s + QString::fromLatin1(r))).isEmpty())
                        missing << QString::fromLatin1(r);
                if (!missing.isEmpty())
                    ctx.report(u"resources-missing"_s, d, c.get(u"resources") ? cp + u".resources"_s : cp,
                               u"container %1 has no %2"_s.arg(name, missing.join(u", "_s)));
                if (!init && (!c.get(u"readinessProbe") || !c.get(u"livenessProbe")))
                    ctx.report(u"probes-missing"_s, d, cp,
                               u"container %1 has no %2"_s.arg(name, !c.get(u"readinessProbe") && !c.get(u"livenessProbe")
                                                                       ? u"readiness or liveness probe"_s
                                                                       : (!c.get(u"readinessProbe") ? u"readinessProbe"_s : u"livenessProbe"_s)));
                const QString image = c.str(u"image");
                if (!image.isEmpty() && imageUnpinned(image) && env != Environment::Development) {
                    const bool strict = env == Environment::Staging || env == Environment::Production;
                    ctx.report(u"image-latest"_s, d, cp + u".image"_s,
                               u"image %1 is %2%3"_s.arg(image, image.section(u'/', -1).contains(u':') ? u"tagged latest"_s : u"untagged (means latest)"_s,
                                                         strict ? QString() : u" (an error in staging and production; pass --env to say which)"_s),
                               strict ? Severity::Error : Severity::Warning);
                }
                if (const Node *envs = c.get(u"env")) {
                    int j = 0;
                    for (const Node &e : envs->items()) {
                        const QString key = e.str(u"name");
                        if (e.get(u"value") && !e.str(u"value").isEmpty() && secretName.match(key).hasMatch())
                            ctx.report(u"secret-in-env"_s, d, cp + u".env[%1].value"_s.arg(j),
                                       u"%1 holds a literal value in the manifest"_s.arg(key));
                        if (unusedEnv.match(key).hasMatch())
                            ctx.report(u"module-unknown-env"_s, d, cp + u".env[%1].name"_s.arg(j),
                                       u"%1 is set on container %2"_s.arg(key, name));
                        if (e.str(u"value").contains(u"metadata-grpc-service"_s))
                            ctx.report(u"registry-grpc-port"_s, d, cp + u".env[%1].value"_s.arg(j),
                                       u"%1 points at metadata-grpc-service (ML Metadata), which the model registry no longer uses"_s.arg(key));
                        ++j;
                    }
                }
            }
        }
        if (!anySeccomp)
            ctx.report(u"security-seccomp"_s, d, p.path, u"neither the pod nor its containers set a seccomp profile"_s);
    }
}

void lintProduction(Context &ctx)
{
    if (ctx.options.environment != Environment::Production)
        return;
    for (const ManifestDoc &d : ctx.set.docs) {
        if (d.root.str(u"kind") != u"Deployment"_s && d.root.str(u"kind") != u"StatefulSet"_s)
            continue;
        const QString name = d.root.str(u"metadata.name");
        const QString ns = d.root.str(u"metadata.namespace");
        bool hpa = false;
        qint64 hpaMin = 1;
        bool pdb = false;
        const Node *labels = d.root.at(u"spec.template.metadata.labels");
        for (const ManifestDoc *o : ctx.ofKind(u"HorizontalPodAutoscaler"_s)) {
            if (sameNamespace(ns, o->root.str(u"metadata.namespace")) && o->root.str(u"spec.scaleTargetRef.name") == name) {
                hpa = true;
                hpaMin = o->root.str(u"spec.minReplicas").isEmpty() ? 1 : o->root.str(u"spec.minReplicas").toLongLong();
            }
        }
        for (const ManifestDoc *o : ctx.ofKind(u"PodDisruptionBudget"_s))
            if (sameNamespace(ns, o->root.str(u"metadata.namespace")) && selects(o->root.at(u"spec.selector.matchLabels"), labels))
                pdb = true;
        const Node *replicas = d.root.at(u"spec.replicas");
        const qint64 n = hpa ? hpaMin : (replicas ? replicas->toInt() : 1);
        if (n < 2)
            ctx.report(u"production-replicas"_s, d, hpa ? u"metadata.name"_s : u"spec.replicas"_s,
                       u"%1 runs %2 replica in production%3"_s.arg(name).arg(n).arg(replicas || hpa ? QString() : u" (replicas defaults to 1)"_s));
        if (!pdb)
            ctx.report(u"production-no-pdb"_s, d, u"metadata.name"_s, u"no PodDisruptionBudget selects the pods of %1"_s.arg(name));
    }
}

// --- Kustomize --------------------------------------------------------------------------------

void lintKustomizations(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        if (d.root.str(u"kind") != u"Kustomization"_s)
            continue;
        if (const Node *common = d.root.get(u"commonLabels")) {
            ctx.report(u"kustomize-common-labels"_s, d, u"commonLabels"_s, u"commonLabels also rewrites every selector"_s);
            for (const Node &pair : common->items())
                if (versionLike(pair.key(), pair.scalarText()))
                    ctx.report(u"kustomize-selector-labels-change"_s, d, u"commonLabels."_s + pair.key(),
                               u"commonLabels puts %1=%2 into every selector; the next release changes it and the apply fails (selectors are immutable)"_s
                                   .arg(pair.key(), pair.scalarText()));
        }
        if (const Node *labels = d.root.get(u"labels")) {
            int i = 0;
            for (const Node &entry : labels->items()) {
                if (entry.str(u"includeSelectors") == u"true"_s)
                    if (const Node *pairs = entry.get(u"pairs"))
                        for (const Node &pair : pairs->items())
                            if (versionLike(pair.key(), pair.scalarText()))
                                ctx.report(u"kustomize-selector-labels-change"_s, d, u"labels[%1].pairs.%2"_s.arg(i).arg(pair.key()),
                                           u"labels with includeSelectors: true put %1=%2 into every selector"_s.arg(pair.key(), pair.scalarText()));
                ++i;
            }
        }
    }
}

// --- ODH, model registry, Tekton, Istio ----------------------------------------------------------

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
                ctx.report(u"odh-dashboard-config-unknown-key"_s, d, base + u"dashboardConfig."_s + k.key(),
                           u"dashboardConfig.%1 is not in the OdhDashboardConfig schema"_s.arg(k.key()));
    }
    if (config.get(u"moduleFederation"))
        ctx.report(u"odh-module-federation-field"_s, d, base + u"moduleFederation"_s, u"OdhDashboardConfig has no moduleFederation field"_s);
    if (const Node *groups = config.get(u"groupsConfig"))
        for (const Node &g : groups->items())
            if (g.isSeq())
                ctx.report(u"odh-groups-config-lists"_s, d, base + u"groupsConfig."_s + g.key(), u"groupsConfig.%1 is a list"_s.arg(g.key()));
}

void lintOdh(Context &ctx)
{
    // The upstream UI image (or ODH's build of it) reads no config.yaml; other modules may.
    bool upstreamUi = false;
    for (const PodTemplate &p : ctx.pods)
        if (const Node *containers = p.spec->get(u"containers"))
            for (const Node &c : containers->items())
                upstreamUi = upstreamUi || c.str(u"image").contains(u"model-registry/ui"_s) || c.str(u"image").contains(u"hub/ui"_s)
                    || c.str(u"image").contains(u"odh-mod-arch-modular-architecture"_s);
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        const QString api = d.root.str(u"apiVersion");
        // ConfigMap data keys contain dots, so they are looked up with get(), not at().
        const Node *data = kind == u"ConfigMap"_s ? d.root.get(u"data") : nullptr;
        const Node *dashboardYaml = data ? data->get(u"dashboard_config.yaml") : nullptr;
        if (kind == u"ConfigMap"_s && (d.root.str(u"metadata.name") == u"odh-dashboard-config"_s || dashboardYaml)) {
            ctx.report(u"odh-dashboard-config-configmap"_s, d, u"kind"_s, u"odh-dashboard-config is given as a ConfigMap; the dashboard reads the OdhDashboardConfig resource"_s);
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
                        ctx.report(u"modelregistry-unknown-field"_s, d, u"spec."_s + QString::fromLatin1(bad),
                                   u"ModelRegistry has no spec.%1"_s.arg(QString::fromLatin1(bad)));
        }
        if (kind == u"CustomResourceDefinition"_s && d.root.str(u"metadata.name") == u"modelregistries.modelregistry.opendatahub.io"_s) {
            ctx.report(u"modelregistry-crd-redefined"_s, d, u"metadata.name"_s, u"this set defines the ModelRegistry CRD itself"_s);
            const Node *versions = d.root.at(u"spec.versions");
            int i = 0;
            if (versions)
                for (const Node &v : versions->items()) {
                    const Node *props = v.at(u"schema.openAPIV3Schema.properties.spec.properties");
                    if (props)
                        for (const char *bad : {"enableModelRegistry", "modelRegistry"})
                            if (props->get(QString::fromLatin1(bad)))
                                ctx.report(u"modelregistry-unknown-field"_s, d,
                                           u"spec.versions[%1].schema.openAPIV3Schema.properties.spec.properties.%2"_s.arg(i).arg(QString::fromLatin1(bad)),
                                           u"the real ModelRegistry has no spec.%1"_s.arg(QString::fromLatin1(bad)));
                    ++i;
                }
        }
        if (api == u"tekton.dev/v1beta1"_s)
            ctx.report(u"tekton-v1beta1"_s, d, u"apiVersion"_s, u"%1 uses tekton.dev/v1beta1"_s.arg(kind));
        if (api.startsWith(u"tekton.dev/"_s) && kind == u"Pipeline"_s) {
            const Node *tasks = d.root.at(u"spec.tasks");
            int i = 0;
            if (tasks)
                for (const Node &t : tasks->items()) {
                    if (t.str(u"taskRef.name") == u"push-to-registry"_s)
                        ctx.report(u"konflux-unknown-task"_s, d, u"spec.tasks[%1].taskRef.name"_s.arg(i), u"task push-to-registry does not exist in Konflux"_s);
                    ++i;
                }
        }
        if (data && (d.root.str(u"metadata.name") == u"model-registry-config"_s || upstreamUi))
            if (const Node *cfg = data->get(u"config.yaml")) {
                const ParsedYaml inner = parseYaml(cfg->toString().toUtf8());
                if (inner.ok() && !inner.documents.empty() && inner.documents.front().at(u"deployment.mode"))
                    ctx.report(u"module-config-file"_s, d, u"data.config.yaml"_s, u"config.yaml sets deployment.mode"_s);
            }
        if (isCoreService(d) && d.root.str(u"metadata.name").startsWith(u"model-registry"_s)) {
            const Node *ports = d.root.at(u"spec.ports");
            int i = 0;
            if (ports)
                for (const Node &p : ports->items()) {
                    if (p.str(u"port") == u"9090"_s && (p.str(u"name").contains(u"grpc"_s)))
                        ctx.report(u"registry-grpc-port"_s, d, u"spec.ports[%1]"_s.arg(i), u"port 9090 (%1) is the removed gRPC/MLMD API"_s.arg(p.str(u"name")));
                    ++i;
                }
        }
        if ((api == u"networking.istio.io/v1beta1"_s || api == u"networking.istio.io/v1alpha3"_s || api == u"security.istio.io/v1beta1"_s))
            ctx.report(u"istio-api-version"_s, d, u"apiVersion"_s, u"%1 is served, v1 is current"_s.arg(api));
        if (kind == u"Gateway"_s && api.startsWith(u"networking.istio.io/"_s) && d.root.str(u"metadata.namespace") == u"kubeflow"_s
            && d.root.str(u"metadata.name") != u"kubeflow-gateway"_s)
            ctx.report(u"kubeflow-dedicated-gateway"_s, d, u"metadata.name"_s, u"Gateway %1 in the kubeflow namespace"_s.arg(d.root.str(u"metadata.name")));
    }
}

} // namespace

QList<Finding> runLints(const ManifestSet &set, const LintOptions &options)
{
    Context ctx{set, options, {}, {}, {}, {}};
    for (const ManifestDoc &d : set.docs) {
        const QString kind = d.root.str(u"kind");
        ctx.byKind[kind].push_back(&d);
        if (kind == u"Service"_s)
            ctx.servicesByName.insert(d.root.str(u"metadata.name"), &d);
        if (auto p = podTemplate(d))
            ctx.pods.push_back(*p);
    }
    lintServices(ctx);
    lintRoutes(ctx);
    lintAuthorizationPolicies(ctx);
    lintSelectors(ctx);
    lintContainers(ctx);
    lintProduction(ctx);
    lintKustomizations(ctx);
    lintOdh(ctx);
    return ctx.out;
}

} // namespace dc
