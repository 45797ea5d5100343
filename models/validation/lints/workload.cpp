#include "lintcontext.h"

#include "manifests/imageref.h"

#include "config/quantity.h"
#include "manifests/kinds.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

// --- catalogue ---------------------------------------------------------------------------

const LintInfo SelectorVersionLabel{u"selector-version-label"_s, Severity::Error, u"Selector contains a version label"_s,
    u"Selectors are immutable: keep version labels out of them or the next upgrade cannot be applied."_s};
const LintInfo SelectorTemplateMismatch{u"selector-template-mismatch"_s, Severity::Error, u"Selector does not match the pod template"_s,
    u"Every spec.selector.matchLabels entry must also be in spec.template.metadata.labels."_s};
const LintInfo SecurityRunAsRoot{u"security-run-as-root"_s, Severity::Error, u"Container may run as root"_s,
    u"Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser."_s};
const LintInfo SecurityPrivileged{u"security-privileged"_s, Severity::Error, u"Privileged container"_s,
    u"Remove securityContext.privileged: true."_s};
const LintInfo SecurityPrivilegeEscalation{u"security-privilege-escalation"_s, Severity::Error, u"Privilege escalation allowed"_s,
    u"Set securityContext.allowPrivilegeEscalation: false on every container."_s};
const LintInfo SecurityCapabilities{u"security-capabilities"_s, Severity::Error, u"Capabilities added or not dropped"_s,
    u"Set securityContext.capabilities.drop: [ALL] and add none."_s};
const LintInfo SecurityHostAccess{u"security-host-access"_s, Severity::Error, u"Host namespaces or hostPath"_s,
    u"Remove hostNetwork/hostPID/hostIPC and hostPath volumes; use emptyDir, ConfigMaps or PVCs."_s};
const LintInfo SecuritySeccomp{u"security-seccomp"_s, Severity::Warning, u"No seccomp profile"_s,
    u"Set securityContext.seccompProfile.type: RuntimeDefault on the pod."_s};
const LintInfo ResourcesMissing{u"resources-missing"_s, Severity::Warning, u"Missing resource requests or limits"_s,
    u"Set resources.requests and resources.limits for cpu and memory on every container."_s};
const LintInfo ProbesMissing{u"probes-missing"_s, Severity::Warning, u"Missing probes"_s,
    u"Add readinessProbe and livenessProbe (the upstream UI answers on /healthcheck)."_s};
const LintInfo ImageLatest{u"image-latest"_s, Severity::Error, u":latest or untagged image"_s,
    u"Pin a release tag or a digest; :latest changes under you and cannot be rolled back."_s};
const LintInfo SecretInEnv{u"secret-in-env"_s, Severity::Error, u"Secret in a plain environment value"_s,
    u"Move the value into a Secret and use env[].valueFrom.secretKeyRef."_s};
const LintInfo ProductionReplicas{u"production-replicas"_s, Severity::Warning, u"Production with a single replica"_s,
    u"Run at least 2 replicas (or an autoscaler with minReplicas >= 2) in production."_s};
const LintInfo ProductionNoPdb{u"production-no-pdb"_s, Severity::Warning, u"Production without a PodDisruptionBudget"_s,
    u"Add a PodDisruptionBudget selecting the pods so node drains keep the module up."_s};
const LintInfo ResourcesInvalid{u"resources-invalid"_s, Severity::Error, u"Resource request or limit the API server rejects"_s,
    u"Write quantities as a number with an optional unit (500m, 1, 256Mi, 2Gi) and keep every request at or below its limit."_s};

const LintInfo FloatingTagPullPolicy{u"floating-tag-pull-policy"_s, Severity::Warning, u"Floating tag not pulled again"_s,
    u"A tag like main or odh-stable moves to new images; with IfNotPresent (the default for any tag but latest) each node keeps whatever it pulled first. Set imagePullPolicy: Always, or pin a digest."_s};

void lintSelectors(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        const QString kind = d.root.str(u"kind");
        const KindInfo *info = findKind(kind);
        if (!info || info->podTemplatePath != u"spec.template"_s || kind == u"Job"_s)
            continue;
        const Node *sel = d.root.at(u"spec.selector.matchLabels");
        const Node *labels = d.root.at(u"spec.template.metadata.labels");
        if (!sel || !sel->isMap())
            continue;
        for (const Node &pair : sel->items()) {
            if (versionLike(pair.key(), pair.scalarText()))
                ctx.report(SelectorVersionLabel, d, u"spec.selector.matchLabels."_s + pair.key(),
                           u"selector label %1=%2 changes with every release"_s.arg(pair.key(), pair.scalarText()));
            const Node *v = labels ? labels->get(pair.key()) : nullptr;
            if (!v || v->scalarText() != pair.scalarText())
                ctx.report(SelectorTemplateMismatch, d, u"spec.selector.matchLabels."_s + pair.key(),
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

// Requests and limits are read with the one Quantity type, as the API server reads them: text
// that is no quantity is rejected, and so is a request above its limit.
void checkQuantities(Context &ctx, const ManifestDoc &d, const Node &container, const QString &cp, const QString &name)
{
    const Node *resources = container.get(u"resources");
    if (!resources || !resources->isMap())
        return;
    QHash<QString, std::optional<Quantity>> limits;
    for (const char *section : {"limits", "requests"}) {
        const QString s = QString::fromLatin1(section);
        const Node *map = resources->get(s);
        if (!map || !map->isMap())
            continue;
        for (const Node &entry : map->items()) {
            if (!entry.isScalar() || entry.isNull())
                continue;
            const QString path = cp + u".resources."_s + s + u'.' + entry.key();
            QString error;
            const auto q = Quantity::parse(entry.scalarText(), &error);
            if (!q) {
                ctx.report(ResourcesInvalid, d, path, u"container %1: %2"_s.arg(name, error));
                continue;
            }
            if (q->value() < 0) {
                ctx.report(ResourcesInvalid, d, path, u"container %1: %2 %3 is negative"_s.arg(name, s, entry.scalarText()));
                continue;
            }
            if (s == u"limits"_s) {
                limits.insert(entry.key(), q);
            } else if (const auto limit = limits.value(entry.key()); limit && q->value() > limit->value()) {
                ctx.report(ResourcesInvalid, d, path,
                           u"container %1 requests %2 of %3, more than its limit %4"_s.arg(name, entry.scalarText(), entry.key(), limit->text()));
            }
        }
    }
}

void lintContainers(Context &ctx)
{
    static const QRegularExpression secretName(u"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    const std::optional<Environment> env = ctx.options.environment;
    for (const PodTemplate &p : ctx.pods) {
        const ManifestDoc &d = *p.doc;
        const Node *podSc = p.spec->get(u"securityContext");
        const bool podNonRoot = podSc && podSc->str(u"runAsNonRoot") == u"true"_s;
        const bool podSeccomp = podSc && !podSc->str(u"seccompProfile.type").isEmpty();
        const QString podUser = podSc ? podSc->str(u"runAsUser") : QString();
        for (const char *hostField : {"hostNetwork", "hostPID", "hostIPC"})
            if (p.spec->str(QString::fromLatin1(hostField)) == u"true"_s)
                ctx.report(SecurityHostAccess, d, p.path + u'.' + QString::fromLatin1(hostField),
                           QString::fromLatin1(hostField) + u" shares the node's namespace with the pod"_s);
        if (const Node *volumes = p.spec->get(u"volumes")) {
            int i = 0;
            for (const Node &v : volumes->items()) {
                if (v.get(u"hostPath"))
                    ctx.report(SecurityHostAccess, d, p.path + u".volumes[%1].hostPath"_s.arg(i),
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
                    ctx.report(SecurityRunAsRoot, d,
                               sc && !sc->str(u"runAsUser").isEmpty() ? cp + u".securityContext.runAsUser"_s : p.path + u".securityContext.runAsUser"_s,
                               u"container %1 runs as UID 0"_s.arg(name));
                else if (!nonRoot)
                    ctx.report(SecurityRunAsRoot, d, cp, u"container %1 does not set runAsNonRoot: true (neither does the pod)"_s.arg(name));
                if (sc && sc->str(u"privileged") == u"true"_s)
                    ctx.report(SecurityPrivileged, d, cp + u".securityContext.privileged"_s, u"container %1 is privileged"_s.arg(name));
                if (!sc || sc->str(u"allowPrivilegeEscalation") != u"false"_s)
                    ctx.report(SecurityPrivilegeEscalation, d, sc ? cp + u".securityContext"_s : cp,
                               u"container %1 does not set allowPrivilegeEscalation: false"_s.arg(name));
                const Node *add = sc ? sc->at(u"capabilities.add") : nullptr;
                if (add && add->isSeq() && add->size() > 0) {
                    QStringList caps;
                    for (const Node &cap : add->items())
                        caps << cap.scalarText();
                    ctx.report(SecurityCapabilities, d, cp + u".securityContext.capabilities.add"_s,
                               u"container %1 adds capabilities %2"_s.arg(name, caps.join(u", "_s)));
                }
                const Node *drop = sc ? sc->at(u"capabilities.drop") : nullptr;
                bool dropsAll = false;
                if (drop)
                    for (const Node &cap : drop->items())
                        dropsAll = dropsAll || cap.scalarText().toUpper() == u"ALL"_s;
                if (!dropsAll)
                    ctx.report(SecurityCapabilities, d, sc ? cp + u".securityContext"_s : cp,
                               u"container %1 does not drop ALL capabilities"_s.arg(name), Severity::Warning);
                anySeccomp = anySeccomp || (sc && !sc->str(u"seccompProfile.type").isEmpty());
                QStringList missing;
                for (const char *r : {"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"})
                    if (c.str(QString(u"resources."_s + QString::fromLatin1(r))).isEmpty())
                        missing << QString::fromLatin1(r);
                if (!missing.isEmpty())
                    ctx.report(ResourcesMissing, d, c.get(u"resources") ? cp + u".resources"_s : cp,
                               u"container %1 has no %2"_s.arg(name, missing.join(u", "_s)));
                checkQuantities(ctx, d, c, cp, name);
                if (!init && (!c.get(u"readinessProbe") || !c.get(u"livenessProbe")))
                    ctx.report(ProbesMissing, d, cp,
                               u"container %1 has no %2"_s.arg(name, !c.get(u"readinessProbe") && !c.get(u"livenessProbe")
                                                                       ? u"readiness or liveness probe"_s
                                                                       : (!c.get(u"readinessProbe") ? u"readinessProbe"_s : u"livenessProbe"_s)));
                const QString image = c.str(u"image");
                if (!image.isEmpty() && imageUnpinned(image) && env != Environment::Development) {
                    const bool strict = env == Environment::Staging || env == Environment::Production;
                    ctx.report(ImageLatest, d, cp + u".image"_s,
                               u"image %1 is %2%3"_s.arg(image, image.section(u'/', -1).contains(u':') ? u"tagged latest"_s : u"untagged (means latest)"_s,
                                                         strict ? QString() : u" (an error in staging and production; pass --env to say which)"_s),
                               strict ? Severity::Error : Severity::Warning);
                }
                if (!image.isEmpty()) {
                    const ImageRef ref = ImageRef::parse(image);
                    const QString tag = ref.tag.isEmpty() ? u"latest"_s : ref.tag;
                    const QString policy = c.str(u"imagePullPolicy"_s).isEmpty()
                                               ? (tag == u"latest"_s ? u"Always"_s : u"IfNotPresent"_s)
                                               : c.str(u"imagePullPolicy"_s);
                    if (ref.floating() && policy != u"Always"_s)
                        ctx.report(FloatingTagPullPolicy, d, c.get(u"imagePullPolicy") ? cp + u".imagePullPolicy"_s : cp + u".image"_s,
                                   u"container %1: image %2 has the floating tag %3 and pull policy %4%5"_s.arg(
                                       name, image, tag, policy, c.get(u"imagePullPolicy") ? QString() : u" (the default for this tag)"_s));
                }
                if (const Node *envs = c.get(u"env")) {
                    int j = 0;
                    for (const Node &e : envs->items()) {
                        const QString key = e.str(u"name");
                        if (e.get(u"value") && !e.str(u"value").isEmpty() && secretName.match(key).hasMatch())
                            ctx.report(SecretInEnv, d, cp + u".env[%1].value"_s.arg(j),
                                       u"%1 holds a literal value in the manifest"_s.arg(key));
                        ++j;
                    }
                }
            }
        }
        if (!anySeccomp)
            ctx.report(SecuritySeccomp, d, p.path, u"neither the pod nor its containers set a seccomp profile"_s);
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
            ctx.report(ProductionReplicas, d, hpa ? u"metadata.name"_s : u"spec.replicas"_s,
                       u"%1 runs %2 replica in production%3"_s.arg(name).arg(n).arg(replicas || hpa ? QString() : u" (replicas defaults to 1)"_s));
        if (!pdb)
            ctx.report(ProductionNoPdb, d, u"metadata.name"_s, u"no PodDisruptionBudget selects the pods of %1"_s.arg(name));
    }
}

void run(Context &ctx)
{
    lintSelectors(ctx);
    lintContainers(ctx);
    lintProduction(ctx);
}

} // namespace

const Area &workloadArea()
{
    static const Area area{"workload", {&SelectorVersionLabel, &SelectorTemplateMismatch, &SecurityRunAsRoot, &SecurityPrivileged, &SecurityPrivilegeEscalation, &SecurityCapabilities, &SecurityHostAccess, &SecuritySeccomp, &ResourcesMissing, &ProbesMissing, &ImageLatest, &SecretInEnv, &ProductionReplicas, &ProductionNoPdb, &ResourcesInvalid, &FloatingTagPullPolicy}, &run};
    return area;
}

} // namespace dc::lint
