// Every note the generator writes is a claim about the bundle it comes with. Each note id has a
// check here that reads the bundle and fails when the claim is not true of it, for the 18
// built-in combinations, the RHOAI variant and the fixture projects. A note without a check
// fails too, so a new note cannot go unchecked.

#include "config/project.h"
#include "manifests/generator.h"
#include "testutil.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtTest>

#include <functional>

using namespace dc;
using namespace Qt::StringLiterals;

namespace {

struct Checked
{
    const Bundle &b;
    const Project &project;
    const Note &note;
    QStringList problems;

    void expect(bool ok, const QString &what)
    {
        if (!ok)
            problems << what;
    }
    // Every listed text occurs in the note.
    void mentions(const QStringList &texts)
    {
        for (const QString &t : texts)
            expect(note.message.contains(t), u"the note does not mention %1"_s.arg(t));
    }
};

const Node *first(const Bundle &b, const QString &kind, const QString &name = QString())
{
    for (const Document &d : b.documents)
        if (d.kind() == kind && (name.isEmpty() || d.name() == name))
            return &d.root;
    return nullptr;
}

QList<const Node *> all(const Bundle &b, const QString &kind)
{
    QList<const Node *> out;
    for (const Document &d : b.documents)
        if (d.kind() == kind)
            out << &d.root;
    return out;
}

const Node *container(const Node *deployment, const QString &name)
{
    if (!deployment)
        return nullptr;
    for (const Node &c : deployment->at(u"spec.template.spec.containers")->items())
        if (c.str(u"name") == name)
            return &c;
    return nullptr;
}

QStringList strings(const Node *seq)
{
    QStringList out;
    if (seq)
        for (const Node &n : seq->items())
            out << n.scalarText();
    return out;
}

// The module's container (the BFF in the split preset).
const Node *module(const Bundle &b)
{
    const Node *dep = first(b, u"Deployment"_s);
    return container(dep, u"bff"_s) ? container(dep, u"bff"_s) : container(dep, dep->str(u"metadata.name"));
}

// "--flag=value" of the module's args, or a null string.
QString flag(const Bundle &b, const QString &name)
{
    for (const QString &a : strings(module(b)->get(u"args")))
        if (a.startsWith(u"--"_s + name + u'='))
            return a.section(u'=', 1);
    return {};
}

bool hasFlag(const Bundle &b, const QString &name)
{
    for (const QString &a : strings(module(b)->get(u"args")))
        if (a == u"--"_s + name || a.startsWith(u"--"_s + name + u'='))
            return true;
    return false;
}

const MergeAction *action(const Bundle &b, const QString &kind)
{
    for (const MergeAction &a : b.actions)
        if (a.kind == kind)
            return &a;
    return nullptr;
}

using Check = std::function<void(Checked &)>;

const QHash<QString, Check> &checks()
{
    static const QHash<QString, Check> c = {
        {u"guide-one-container"_s, [](Checked &k) {
             const Node *dep = first(k.b, u"Deployment"_s);
             int modules = 0;
             for (const Node &c : dep->at(u"spec.template.spec.containers")->items())
                 modules += c.str(u"name") != u"auth-proxy"_s;
             k.expect(modules == 1, u"one module container"_s);
             k.expect(!module(k.b)->get(u"env"), u"no environment variables"_s);
             k.expect(hasFlag(k.b, u"deployment-mode"_s), u"the mode is a flag"_s);
             for (const Node *s : all(k.b, u"Service"_s))
                 k.expect(!s->str(u"metadata.name").endsWith(u"-bff"_s), u"no BFF Service"_s);
         }},
        {u"guide-no-module-configmap"_s, [](Checked &k) {
             for (const Node *cm : all(k.b, u"ConfigMap"_s))
                 k.expect(!cm->get(u"data") || !cm->get(u"data")->get(u"config.yaml"), u"no config.yaml"_s);
         }},
        {u"split-ports"_s, [](Checked &k) {
             const Node *dep = first(k.b, u"Deployment"_s);
             const Node *bff = container(dep, u"bff"_s);
             const Node *fe = container(dep, u"frontend"_s);
             k.expect(bff && fe, u"bff and frontend containers"_s);
             if (!bff || !fe)
                 return;
             const QString bffPort = bff->at(u"ports")->items().front().str(u"containerPort");
             const QString fePort = fe->at(u"ports")->items().front().str(u"containerPort");
             k.mentions({u"listens on "_s + bffPort, u"frontend on "_s + fePort, u"http://localhost:"_s + bffPort});
             k.expect(fe->at(u"env")->items().front().str(u"value") == u"http://localhost:"_s + bffPort, u"BFF_URL"_s);
             const Node *bffSvc = nullptr;
             for (const Node *s : all(k.b, u"Service"_s))
                 if (s->str(u"metadata.name").endsWith(u"-bff"_s))
                     bffSvc = s;
             k.expect((bffSvc != nullptr) == k.note.message.contains(u"has its own Service ("_s), u"a BFF Service exactly when the note says so"_s);
             if (k.b.target.platform == Platform::Odh) {
                 // TLS at the frontend, which the federation entry names.
                 const MergeAction *fed = action(k.b, u"ConfigMap"_s);
                 const Node *main = nullptr;
                 for (const Node *s : all(k.b, u"Service"_s))
                     if (fed && s->str(u"metadata.name") == fed->entry.str(u"service.name"))
                         main = s;
                 k.expect(main && fed->entry.str(u"tls") == u"true"_s, u"the federation entry names a Service with tls"_s);
                 if (main) {
                     const Node &port = main->at(u"spec.ports")->items().front();
                     k.expect(port.str(u"targetPort") == fe->at(u"ports")->items().front().str(u"name"), u"the entry's Service reaches the frontend"_s);
                     k.expect(port.str(u"port") == fed->entry.str(u"service.port"), u"the entry's port is the Service's"_s);
                 }
                 k.expect(fe->str(u"readinessProbe.httpGet.scheme") == u"HTTPS"_s, u"the frontend serves HTTPS"_s);
                 k.expect(!hasFlag(k.b, u"cert-file"_s), u"the BFF serves plain HTTP on the loopback"_s);
             }
         }},
        {u"split-config"_s, [](Checked &k) {
             const Node *cm = nullptr;
             for (const Node *c : all(k.b, u"ConfigMap"_s))
                 if (c->get(u"data") && c->get(u"data")->get(u"config.yaml"))
                     cm = c;
             k.expect(cm, u"a config.yaml"_s);
             if (!cm)
                 return;
             const QString text = cm->get(u"data")->get(u"config.yaml")->toString();
             for (const char *dropped : {"authentication:", "centralDashboard:", "storage:", "theme:"})
                 k.expect(!text.contains(QString::fromLatin1(dropped)), u"%1 dropped"_s.arg(QString::fromLatin1(dropped)));
             static const QRegularExpression katib(u"katib:\\n\\s+endpoint: (\\S+)"_s);
             const auto m = katib.match(text);
             k.expect(m.hasMatch() == k.note.message.contains(u"katib"_s), u"katib endpoint present exactly when noted"_s);
             if (m.hasMatch())
                 k.mentions({m.captured(1)});
         }},
        {u"openshift-uid"_s, [](Checked &k) {
             const Node *spec = first(k.b, u"Deployment"_s)->at(u"spec.template.spec");
             for (const char *f : {"runAsUser", "runAsGroup", "fsGroup"})
                 k.expect(!spec->at(QString(u"securityContext."_s + QString::fromLatin1(f))), u"pod sets no %1"_s.arg(QString::fromLatin1(f)));
             for (const Node &c : spec->get(u"containers")->items()) {
                 k.expect(!c.at(u"securityContext.runAsUser") && !c.at(u"securityContext.runAsGroup"), u"container sets no UID/GID"_s);
                 k.expect(c.str(u"securityContext.runAsNonRoot") == u"true"_s && c.str(u"securityContext.allowPrivilegeEscalation") == u"false"_s,
                          u"non-root, no escalation"_s);
                 k.expect(strings(c.at(u"securityContext.capabilities.drop")) == QStringList{u"ALL"_s}, u"drops ALL"_s);
             }
             k.expect(spec->str(u"securityContext.seccompProfile.type") == u"RuntimeDefault"_s, u"RuntimeDefault seccomp"_s);
         }},
        {u"dev-mock-clients"_s, [](Checked &k) {
             k.expect(flag(k.b, u"mock-mr-client"_s) == u"true"_s && flag(k.b, u"mock-mr-catalog-client"_s) == u"true"_s, u"mock registry and catalog"_s);
             k.expect(!hasFlag(k.b, u"mock-k8s-client"_s), u"no mock Kubernetes client"_s);
         }},
        {u"floating-tag"_s, [](Checked &k) {
             static const QRegularExpression image(u"Image (\\S+) has"_s);
             const QString named = image.match(k.note.message).captured(1);
             bool found = false;
             for (const Node &c : first(k.b, u"Deployment"_s)->at(u"spec.template.spec.containers")->items())
                 if (c.str(u"image") == named) {
                     found = true;
                     k.expect(c.str(u"imagePullPolicy") == u"Always"_s, u"pull policy Always"_s);
                 }
             k.expect(found, u"the image is in the bundle: "_s + named);
         }},
        {u"spread"_s, [](Checked &k) {
             QStringList keys;
             for (const Node &t : first(k.b, u"Deployment"_s)->at(u"spec.template.spec.topologySpreadConstraints")->items()) {
                 keys << t.str(u"topologyKey");
                 k.expect(t.str(u"whenUnsatisfiable") == u"ScheduleAnyway"_s && t.str(u"maxSkew") == u"1"_s, u"ScheduleAnyway, maxSkew 1"_s);
             }
             k.expect(keys == QStringList{u"topology.kubernetes.io/zone"_s, u"kubernetes.io/hostname"_s}, u"zones, then nodes"_s);
         }},
        {u"guide-selector-labels"_s, [](Checked &k) {
             const Node *sel = first(k.b, u"Deployment"_s)->at(u"spec.selector.matchLabels");
             k.expect(sel->size() == 1 && sel->get(u"app"), u"selector is app only"_s);
             k.mentions({u"app: "_s + sel->str(u"app")});
         }},
        {u"guide-deployment-mode"_s, [](Checked &k) { k.mentions({u"("_s + flag(k.b, u"deployment-mode"_s) + u')'}); }},
        {u"guide-dev-limits"_s, [](Checked &k) {
             for (const Node &c : first(k.b, u"Deployment"_s)->at(u"spec.template.spec.containers")->items())
                 k.expect(c.at(u"resources.limits.cpu") && c.at(u"resources.limits.memory"), u"limits on "_s + c.str(u"name"));
         }},
        {u"rbac-user-token"_s, [](Checked &k) {
             for (const char *kind : {"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"})
                 k.expect(all(k.b, QString::fromLatin1(kind)).isEmpty(), u"no %1"_s.arg(QString::fromLatin1(kind)));
             k.expect(flag(k.b, u"auth-method"_s) == u"user_token"_s, u"user_token"_s);
             k.expect(first(k.b, u"Deployment"_s)->str(u"spec.template.spec.automountServiceAccountToken") == u"true"_s, u"token mounted"_s);
         }},
        {u"rbac-internal"_s, [](Checked &k) {
             k.expect(flag(k.b, u"auth-method"_s) == u"internal"_s, u"internal"_s);
             QStringList granted;
             for (const Node *role : all(k.b, u"ClusterRole"_s))
                 for (const Node &r : role->get(u"rules")->items())
                     granted << strings(r.get(u"resources")).join(u'/') + u' ' + strings(r.get(u"verbs")).join(u'/');
             k.expect(!granted.isEmpty(), u"roles generated"_s);
             k.mentions(granted);
             k.expect(k.note.message.count(u", "_s) >= granted.size() - 1, u"the note lists no more than is granted"_s);
             for (const QString &g : granted)
                 k.expect(!g.contains(u"secrets"_s) && !g.contains(u"configmaps"_s) && !g.contains(u"jobs"_s), u"nothing the note says is left out: "_s + g);
             const bool kubeflow = flag(k.b, u"deployment-mode"_s) == u"kubeflow"_s;
             k.expect(granted.join(u' ').contains(u"namespaces"_s) != kubeflow, u"namespaces outside Kubeflow only"_s);
         }},
        {u"guide-monitoring"_s, [](Checked &k) { k.expect(all(k.b, u"ServiceMonitor"_s).isEmpty(), u"no ServiceMonitor"_s); }},
        {u"guide-servicemonitor-apiversion"_s, [](Checked &k) {
             k.expect(first(k.b, u"ServiceMonitor"_s) && first(k.b, u"ServiceMonitor"_s)->str(u"apiVersion") == u"monitoring.coreos.com/v1"_s, u"v1"_s);
         }},
        {u"kubeflow-metrics-merging"_s, [](Checked &k) {
             const Node *tmpl = first(k.b, u"Deployment"_s)->at(u"spec.template.metadata");
             const Node *ann = tmpl->get(u"annotations");
             k.expect(ann && ann->get(u"prometheus.io/scrape") && ann->get(u"prometheus.io/port"), u"prometheus.io annotations"_s);
             if (ann && ann->get(u"prometheus.io/port"))
                 k.mentions({u"port "_s + ann->get(u"prometheus.io/port")->scalarText()});
             const Node *sm = first(k.b, u"ServiceMonitor"_s);
             k.expect(sm && sm->at(u"spec.endpoints")->items().front().str(u"path") == u"/stats/prometheus"_s, u"ServiceMonitor on the merged endpoint"_s);
             bool svc = false;
             for (const Node *s : all(k.b, u"Service"_s))
                 if (s->str(u"metadata.name").endsWith(u"-metrics"_s))
                     svc = s->at(u"spec.ports")->items().front().str(u"targetPort") == u"15020"_s;
             k.expect(svc, u"metrics Service targets 15020"_s);
         }},
        {u"guide-authorization-policy"_s, [](Checked &k) {
             const Node *ap = first(k.b, u"AuthorizationPolicy"_s);
             k.expect(ap && ap->at(u"spec.rules")->size() == 1, u"one rule"_s);
             if (!ap)
                 return;
             const Node &rule = ap->at(u"spec.rules")->items().front();
             QStringList values;
             if (const Node *from = rule.get(u"from"))
                 values << strings(from->items().front().at(u"source.principals"));
             if (const Node *to = rule.get(u"to")) {
                 values << strings(to->items().front().at(u"operation.methods"));
                 values << strings(to->items().front().at(u"operation.paths"));
             }
             if (const Node *when = rule.get(u"when"))
                 for (const QString &v : strings(when->items().front().get(u"values")))
                     values << v.mid(1); // "*@example.com" is noted as "@example.com"
             k.mentions(values);
             k.mentions({u"app: "_s + ap->str(u"spec.selector.matchLabels.app")});
             // And nothing the rule does not have.
             for (const char *word : {"methods ", "paths ", "principals ", "email claim"})
                 if (k.note.message.contains(QString::fromLatin1(word)) && QString::fromLatin1(word) != u"principals "_s)
                     k.expect(QString::fromLatin1(word) == u"methods "_s ? rule.at(u"to") && rule.get(u"to")->items().front().at(u"operation.methods")
                              : QString::fromLatin1(word) == u"paths "_s ? rule.at(u"to") && rule.get(u"to")->items().front().at(u"operation.paths")
                                                                      : rule.get(u"when") != nullptr,
                              u"the rule has what the note lists: "_s + QString::fromLatin1(word));
         }},
        {u"guide-istio-v1"_s, [](Checked &k) {
             for (const Document &d : k.b.documents)
                 if (d.apiVersion().contains(u"istio.io/"_s))
                     k.expect(d.apiVersion().endsWith(u"/v1"_s), d.id() + u" is v1"_s);
         }},
        {u"guide-shared-gateway"_s, [](Checked &k) {
             k.expect(all(k.b, u"Gateway"_s).isEmpty(), u"no Gateway"_s);
             const QStringList gateways = strings(first(k.b, u"VirtualService"_s)->at(u"spec.gateways"));
             k.expect(gateways.size() == 1, u"one gateway"_s);
             k.mentions(gateways);
         }},
        {u"gateway-credential-namespace"_s, [](Checked &k) {
             const Node *gw = first(k.b, u"Gateway"_s);
             k.expect(gw != nullptr, u"a Gateway"_s);
             if (gw)
                 k.mentions({gw->at(u"spec.servers")->items().back().str(u"tls.credentialName")});
         }},
        {u"guide-virtualservice"_s, [](Checked &k) {
             const Node *vs = first(k.b, u"VirtualService"_s);
             const Node &last = vs->at(u"spec.http")->items().back();
             const QString host = last.get(u"route")->items().front().str(u"destination.host");
             const QString port = last.get(u"route")->items().front().str(u"destination.port.number");
             k.mentions({host.section(u'.', 0, 0) + u':' + port, last.str(u"rewrite.uri"), last.get(u"match")->items().front().str(u"uri.prefix")});
             k.expect(first(k.b, u"Service"_s, host.section(u'.', 0, 0)) != nullptr, u"the destination Service exists"_s);
         }},
        {u"guide-central-dashboard"_s, [](Checked &k) {
             const MergeAction *a = action(k.b, u"ConfigMap"_s);
             k.expect(a && a->name == u"centraldashboard-config"_s && a->listKey == u"menuLinks"_s, u"menuLinks merge"_s);
         }},
        {u"guide-odhdashboardconfig"_s, [](Checked &k) {
             const MergeAction *a = action(k.b, u"OdhDashboardConfig"_s);
             k.expect(a && a->patch.at(u"spec.dashboardConfig")->size() == 1 && a->patch.at(u"spec.dashboardConfig.disableModelRegistry"),
                      u"only disableModelRegistry"_s);
             for (const Node *cm : all(k.b, u"ConfigMap"_s))
                 k.expect(cm->str(u"metadata.name") != u"odh-dashboard-config"_s, u"no ConfigMap"_s);
         }},
        {u"guide-modelregistry-cr"_s, [](Checked &k) {
             const Node *mr = first(k.b, u"ModelRegistry"_s);
             k.expect(mr && mr->str(u"apiVersion") == u"modelregistry.opendatahub.io/v1beta1"_s, u"v1beta1"_s);
             if (mr)
                 k.mentions({u"namespace "_s + mr->str(u"metadata.namespace"), mr->str(u"spec.postgres.passwordSecret.name") + mr->str(u"spec.mysql.passwordSecret.name")});
         }},
        {u"odh-order"_s, [](Checked &k) {
             const bool dsc = k.note.message.contains(u"DataScienceCluster patch comes first"_s);
             int i = 0;
             if (dsc) {
                 k.expect(k.b.actions.size() > 1 && k.b.actions[0].kind == u"DataScienceCluster"_s && k.b.actions[0].beforeObjects, u"DSC first"_s);
                 k.expect(!k.b.actions[0].patch.at(u"spec.components.modelregistry.registriesNamespace"), u"no registriesNamespace"_s);
                 i = 1;
             }
             k.expect(int(k.b.actions.size()) > i && k.b.actions[size_t(i)].type == MergeAction::Type::WaitForCrd && k.b.actions[size_t(i)].beforeObjects,
                      u"then the CRD wait"_s);
             const Node *mr = first(k.b, u"ModelRegistry"_s);
             k.expect(mr != nullptr, u"the ModelRegistry is an object"_s);
             if (mr)
                 k.mentions({u"goes to "_s + mr->str(u"metadata.namespace"), k.b.actions[size_t(i)].name});
             for (const MergeAction &a : k.b.actions)
                 if (a.kind == u"ConfigMap"_s || a.kind == u"OdhDashboardConfig"_s)
                     k.expect(!a.beforeObjects, u"merges after the objects"_s);
         }},
        {u"guide-odh-serving"_s, [](Checked &k) {
             const Node *dep = first(k.b, u"Deployment"_s);
             bool https = false;
             for (const Node &c : dep->at(u"spec.template.spec.containers")->items())
                 if (c.str(u"readinessProbe.httpGet.scheme") == u"HTTPS"_s) {
                     https = true;
                     k.mentions({u"HTTPS on "_s + c.at(u"ports")->items().front().str(u"containerPort")});
                 }
             k.expect(https, u"a container serves HTTPS"_s);
             bool annotated = false;
             for (const Node *s : all(k.b, u"Service"_s))
                 if (const Node *a = s->at(u"metadata.annotations"))
                     annotated = annotated || a->get(u"service.beta.openshift.io/serving-cert-secret-name");
             k.expect(annotated, u"the serving certificate comes from the service CA"_s);
         }},
        {u"odh-ca-bundles"_s, [](Checked &k) {
             const QString paths = flag(k.b, u"bundle-paths"_s);
             k.expect(paths.contains(u"service-ca.crt"_s) && paths.contains(u"ca-bundle.crt"_s), u"service CA and trusted bundle in --bundle-paths"_s);
             const QStringList volumes = [&] {
                 QStringList v;
                 for (const Node &n : first(k.b, u"Deployment"_s)->at(u"spec.template.spec.volumes")->items())
                     v << n.str(u"configMap.name");
                 return v;
             }();
             k.expect(volumes.contains(u"openshift-service-ca.crt"_s) && volumes.contains(u"odh-trusted-ca-bundle"_s), u"the CA ConfigMaps are mounted"_s);
             for (const QString &extra : k.project.values.value(u"odh.tls.extraCaBundles"_s).value.toStringList()) {
                 k.expect(paths.contains(extra), u"extra bundle in --bundle-paths"_s);
                 k.mentions({extra});
             }
         }},
        {u"rhoai-variant"_s, [](Checked &k) {
             const Node *dep = first(k.b, u"Deployment"_s);
             k.mentions({dep->str(u"metadata.namespace"), module(k.b)->str(u"image").section(u':', 0, 0)});
             k.expect(dep->str(u"metadata.namespace") == u"redhat-ods-applications"_s, u"RHOAI applications namespace"_s);
             if (const Node *mr = first(k.b, u"ModelRegistry"_s))
                 k.expect(mr->str(u"metadata.namespace") == u"rhoai-model-registries"_s, u"RHOAI registries namespace"_s);
         }},
        {u"standalone-image"_s, [](Checked &k) {
             k.expect(module(k.b)->str(u"image").contains(u"/ui-standalone:"_s), u"the standalone image"_s);
             k.mentions({module(k.b)->str(u"image")});
             k.expect(k.note.message.contains(u"local and development use"_s) == (k.b.target.environment != Environment::Development),
                      u"the development-only caveat outside development"_s);
         }},
        {u"auth-proxy-development"_s, [](Checked &k) {
             const Node *dep = first(k.b, u"Deployment"_s);
             k.expect(container(dep, u"auth-proxy"_s) != nullptr, u"a proxy container"_s);
             const Node *cm = first(k.b, u"ConfigMap"_s, dep->str(u"metadata.name") + u"-auth-proxy"_s);
             static const QRegularExpression pass(u"proxy_pass http://127.0.0.1:(\\d+);"_s);
             const QString port = cm ? pass.match(cm->get(u"data")->get(u"nginx.conf")->toString()).captured(1) : QString();
             k.mentions({u"port "_s + port});
             bool served = false;
             for (const Node &c : dep->at(u"spec.template.spec.containers")->items())
                 if (c.str(u"name") != u"auth-proxy"_s && c.at(u"ports")->items().front().str(u"containerPort") == port)
                     served = c.str(u"name") != u"bff"_s; // the UI, not the split preset's BFF
             k.expect(served, u"the proxy forwards to the container serving the UI"_s);
             k.expect(container(dep, u"auth-proxy"_s) && container(dep, u"auth-proxy"_s)->str(u"securityContext.runAsNonRoot") == u"true"_s, u"non-root"_s);
             for (const Node *crb : all(k.b, u"ClusterRoleBinding"_s))
                 k.expect(crb->str(u"roleRef.name") != u"cluster-admin"_s, u"no cluster-admin binding"_s);
         }},
        {u"standalone-internal-auth"_s, [](Checked &k) {
             k.expect(flag(k.b, u"auth-method"_s) == u"internal"_s && !container(first(k.b, u"Deployment"_s), u"auth-proxy"_s), u"internal, no proxy"_s);
         }},
        {u"pdb-blocks-drain"_s, [](Checked &k) {
             const Node *pdb = first(k.b, u"PodDisruptionBudget"_s);
             const Node *replicas = first(k.b, u"Deployment"_s)->at(u"spec.replicas");
             k.expect(pdb && replicas && pdb->at(u"spec.minAvailable")->toInt() >= replicas->toInt(), u"minAvailable >= replicas"_s);
         }},
    };
    return c;
}

} // namespace

class TestNotes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void notesAreTrue_data() { dctest::addAllTargetsAndProjects(); }

    void notesAreTrue()
    {
        QFETCH(QString, project);
        const Target t = dctest::fetchTarget();
        const Project p = project.isEmpty() ? Project{} : *loadProjectFile(project).project;
        const Bundle b = generate(p, t);
        QVERIFY(!b.notes.isEmpty());
        for (const Note &n : b.notes) {
            const auto it = checks().constFind(n.id);
            QVERIFY2(it != checks().constEnd(), qPrintable(u"note %1 has no check in tst_notes"_s.arg(n.id)));
            Checked k{b, p, n, {}};
            (*it)(k);
            QVERIFY2(k.problems.isEmpty(), qPrintable(n.id + u": "_s + k.problems.join(u"; "_s) + u"\n  note: "_s + n.message));
        }
    }

    // A check that cannot fail proves nothing: each check must reject a bundle that breaks its claim.
    void checksRejectBrokenBundles()
    {
        Bundle b = generate(Project{}, Target{Platform::Odh, Environment::Development, Preset::ModelRegistryUi});
        const Note *uid = nullptr;
        const Note *mock = nullptr;
        for (const Note &n : b.notes) {
            if (n.id == u"openshift-uid"_s)
                uid = &n;
            if (n.id == u"dev-mock-clients"_s)
                mock = &n;
        }
        QVERIFY(uid && mock);
        for (Document &d : b.documents)
            if (d.kind() == u"Deployment"_s) {
                Node *spec = d.root.get(u"spec")->get(u"template")->get(u"spec");
                Node &c = spec->get(u"containers")->items().front();
                c.get(u"securityContext")->set("runAsUser", Node(1000));
                c.get(u"args")->append(Node("--mock-k8s-client=true"));
            }
        const Project none;
        Checked k1{b, none, *uid, {}};
        checks().value(uid->id)(k1);
        QVERIFY(!k1.problems.isEmpty());
        Checked k2{b, none, *mock, {}};
        checks().value(mock->id)(k2);
        QVERIFY(!k2.problems.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotes)
#include "tst_notes.moc"
