#include "preflight.h"

#include "kubeclient.h"
#include "paths.h"
#include "manifests/kinds.h"
#include "validation/manifestset.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

using S = DoctorCheck::Status;

// The fields a Status names (its causes), "" when none.
QString causeField(const QJsonObject &status)
{
    for (const QJsonValue &c : status.value(u"details"_s).toObject().value(u"causes"_s).toArray())
        if (!c[u"field"_s].toString().isEmpty())
            return c[u"field"_s].toString();
    return {};
}

} // namespace

Preflight::Preflight(Kubeconfig config, QString context, Bundle bundle, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_contextName(std::move(context))
    , m_bundle(std::move(bundle))
{
    for (const Document &d : m_bundle.documents)
        if (d.kind() == u"Namespace"_s)
            m_createdNamespaces << d.name();
}

Preflight::~Preflight() = default;

bool Preflight::passed() const
{
    for (const PreflightCheck &c : m_checks)
        if (c.check.status == S::Fail)
            return false;
    return !m_canceled && !m_checks.isEmpty();
}

void Preflight::add(PreflightCheck check)
{
    if (check.check.durationMs == 0) {
        check.check.durationMs = QDateTime::currentMSecsSinceEpoch() - m_started;
        m_started = QDateTime::currentMSecsSinceEpoch();
    }
    m_checks.append(check);
    Q_EMIT checkFinished(check);
}

void Preflight::start()
{
    m_started = QDateTime::currentMSecsSinceEpoch();
    m_doctor = std::make_unique<SignInDoctor>(m_config, m_contextName);
    m_doctor->setTimeout(m_timeoutMs);
    connect(m_doctor.get(), &SignInDoctor::checkFinished, this, [this](const DoctorCheck &c) {
        if (m_canceled)
            return;
        m_started = QDateTime::currentMSecsSinceEpoch();
        add({c, {}, 0, {}, {}});
    });
    connect(m_doctor.get(), &SignInDoctor::finished, this, [this] {
        if (m_canceled)
            return;
        if (!m_doctor->signedIn()) {
            finish();
            return;
        }
        QString error;
        m_client = std::make_unique<KubeClient>(*m_config.resolve(m_contextName, &error));
        m_client->setTimeout(m_timeoutMs);
        checkVersion();
    });
    m_doctor->start();
}

void Preflight::cancel()
{
    if (m_finished)
        return;
    m_canceled = true;
    for (KubeCall *call : findChildren<KubeCall *>())
        call->abort();
    if (m_doctor)
        m_doctor.release()->deleteLater(); // its requests end with it; it may be inside a callback
    add({{u"canceled"_s, S::Fail, u"the checklist was canceled"_s, {}}, {}, 0, {}, {}});
    finish();
}

void Preflight::fanOut(int count, const std::function<KubeCall *(int)> &make, const std::function<void(const QList<KubeCall *> &)> &done)
{
    auto calls = std::make_shared<QList<KubeCall *>>();
    auto left = std::make_shared<int>(count);
    if (count == 0) {
        QTimer::singleShot(0, this, [done] { done({}); });
        return;
    }
    for (int i = 0; i < count; ++i) {
        KubeCall *call = make(i);
        call->setParent(this);
        calls->append(call);
        connect(call, &KubeCall::finished, this, [this, calls, left, done] {
            if (--*left > 0 || m_canceled)
                return;
            done(*calls);
            for (KubeCall *c : std::as_const(*calls))
                c->deleteLater();
        });
    }
}

void Preflight::checkVersion()
{
    KubeCall *call = m_client->get(u"/version"_s);
    call->setParent(this);
    connect(call, &KubeCall::finished, this, [this, call] {
        call->deleteLater();
        if (m_canceled)
            return;
        const int minor = call->json.value(u"minor"_s).toString().remove(u'+').toInt();
        const QString version = call->json.value(u"gitVersion"_s).toString();
        // kubectl wait --for=create (the CRD steps) needs 1.31; SelfSubjectReview is GA since 1.28.
        if (call->json.value(u"major"_s).toString() == u"1"_s && minor < 28)
            add({{u"version"_s, S::Warn, u"Kubernetes %1 is older than 1.28, the oldest this bundle is made for"_s.arg(version),
                  u"upgrade the cluster, or expect the CRD wait steps and some checks to behave differently"_s}, {}, 0, {}, {}});
        else
            add({{u"version"_s, S::Ok, u"Kubernetes %1 (1.28 or later)"_s.arg(version), {}}, {}, 0, {}, {}});
        checkNamespaces();
    });
}

void Preflight::checkNamespaces()
{
    QStringList namespaces;
    for (const Document &d : m_bundle.documents)
        if (!d.ns().isEmpty() && !namespaces.contains(d.ns()))
            namespaces << d.ns();
    for (const MergeAction &a : m_bundle.actions)
        if (!a.ns.isEmpty() && !namespaces.contains(a.ns))
            namespaces << a.ns;
    fanOut(int(namespaces.size()), [this, namespaces](int i) { return m_client->get(u"/api/v1/namespaces/"_s + namespaces[i]); },
           [this, namespaces](const QList<KubeCall *> &calls) {
               QStringList exist, created, missing;
               for (int i = 0; i < calls.size(); ++i) {
                   if (calls[i]->error.ok())
                       exist << namespaces[i];
                   else if (calls[i]->error.kind == KubeError::Kind::NotFound && m_createdNamespaces.contains(namespaces[i]))
                       created << namespaces[i];
                   else
                       missing << namespaces[i] + u" ("_s + calls[i]->error.message + u')';
               }
               QString text = exist.isEmpty() ? QString() : u"exist: "_s + exist.join(u", "_s);
               if (!created.isEmpty())
                   text += (text.isEmpty() ? QString() : u"; "_s) + u"created by the bundle: "_s + created.join(u", "_s);
               if (missing.isEmpty())
                   add({{u"namespaces"_s, S::Ok, text, {}}, {}, 0, {}, {}});
               else
                   add({{u"namespaces"_s, S::Fail, u"missing: "_s + missing.join(u", "_s) + (text.isEmpty() ? QString() : u"; "_s + text),
                         u"create them first (the platform's installation makes them), or choose the namespace settings of this cluster"_s},
                        {}, 0, {}, u"namespace"_s});
               checkAccess();
           });
}

void Preflight::checkAccess()
{
    // What server-side apply of every object needs (get, create, patch), and what each step needs.
    QList<AccessCheck> wanted;
    QSet<QString> seen;
    auto need = [&](const QString &verb, const QString &group, const QString &resource, const QString &ns, const QString &why) {
        const QString key = verb + u'|' + group + u'|' + resource + u'|' + ns;
        if (seen.contains(key))
            return;
        seen.insert(key);
        wanted.append({verb, group, resource, ns, why, false, {}});
    };
    for (const Document &d : m_bundle.documents) {
        const QString ns = namespacedKind(d.kind()) ? d.ns() : QString();
        for (const QString &verb : {u"get"_s, u"create"_s, u"patch"_s})
            need(verb, groupOf(d.apiVersion()), pluralOf(d.kind()), ns, d.id());
    }
    for (const MergeAction &a : m_bundle.actions) {
        if (a.type == MergeAction::Type::WaitForCrd) {
            need(u"get"_s, u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s, {}, u"wait for CRD "_s + a.name);
            continue;
        }
        need(u"get"_s, groupOf(a.apiVersion), pluralOf(a.kind), a.ns, u"merge into "_s + a.id());
        need(a.type == MergeAction::Type::JsonEntry ? u"update"_s : u"patch"_s, groupOf(a.apiVersion), pluralOf(a.kind), a.ns, u"merge into "_s + a.id());
    }
    fanOut(int(wanted.size()),
           [this, wanted](int i) {
               const AccessCheck &w = wanted[i];
               QJsonObject attributes{{u"verb"_s, w.verb}, {u"group"_s, w.group}, {u"resource"_s, w.resource}};
               if (!w.ns.isEmpty())
                   attributes.insert(u"namespace"_s, w.ns);
               const QJsonObject review{{u"apiVersion"_s, u"authorization.k8s.io/v1"_s}, {u"kind"_s, u"SelfSubjectAccessReview"_s},
                                        {u"spec"_s, QJsonObject{{u"resourceAttributes"_s, attributes}}}};
               return m_client->send("POST", u"/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"_s,
                                     QJsonDocument(review).toJson(QJsonDocument::Compact));
           },
           [this, wanted](const QList<KubeCall *> &calls) {
               QStringList denied;
               for (int i = 0; i < calls.size(); ++i) {
                   AccessCheck a = wanted[i];
                   const QJsonObject status = calls[i]->json.value(u"status"_s).toObject();
                   a.allowed = calls[i]->error.ok() && status.value(u"allowed"_s).toBool();
                   a.reason = calls[i]->error.ok() ? status.value(u"reason"_s).toString() : calls[i]->error.message;
                   m_access.append(a);
                   if (!a.allowed)
                       denied << u"%1 %2%3%4 (for %5)"_s.arg(a.verb, a.resource, a.group.isEmpty() ? QString() : u"."_s + a.group,
                                                              a.ns.isEmpty() ? QString() : u" in "_s + a.ns, a.why);
               }
               if (denied.isEmpty())
                   add({{u"access"_s, S::Ok, u"all %1 permissions the bundle needs are granted"_s.arg(calls.size()), {}}, {}, 0, {}, {}});
               else
                   add({{u"access"_s, S::Fail, u"%1 of %2 permissions are denied: %3"_s.arg(denied.size()).arg(calls.size()).arg(denied.join(u"; "_s)),
                         u"ask the cluster's admin for them (a Role or ClusterRole bound to you), or apply as a user who has them"_s},
                        {}, 0, {}, {}});
               checkCrds();
           });
}

void Preflight::checkCrds()
{
    // Every group/version the bundle writes outside the built-in API, as discovery lists it.
    QStringList groupVersions;
    QMap<QString, QStringList> kinds;
    for (const Document &d : m_bundle.documents) {
        const KindInfo *k = findKind(d.kind());
        if (!k || !k->fromCrd)
            continue;
        if (!groupVersions.contains(d.apiVersion()))
            groupVersions << d.apiVersion();
        if (!kinds[d.apiVersion()].contains(d.kind()))
            kinds[d.apiVersion()] << d.kind();
    }
    fanOut(int(groupVersions.size()), [this, groupVersions](int i) { return m_client->get(basePath(groupVersions[i])); },
           [this, groupVersions, kinds](const QList<KubeCall *> &calls) {
               QStringList served, missing;
               for (int i = 0; i < calls.size(); ++i) {
                   QSet<QString> listed;
                   for (const QJsonValue &r : calls[i]->json.value(u"resources"_s).toArray())
                       listed.insert(r[u"kind"_s].toString());
                   for (const QString &kind : kinds.value(groupVersions[i])) {
                       if (calls[i]->error.ok() && listed.contains(kind)) {
                           served << kind + u" ("_s + groupVersions[i] + u')';
                       } else {
                           missing << kind + u" ("_s + groupVersions[i] + u')';
                           if (!m_missingGroups.contains(groupVersions[i]))
                               m_missingGroups << groupVersions[i];
                       }
                   }
               }
               if (missing.isEmpty())
                   add({{u"crds"_s, S::Ok, served.isEmpty() ? u"the bundle uses no CRD-defined kinds"_s : u"served: "_s + served.join(u", "_s), {}},
                        {}, 0, {}, {}});
               else
                   add({{u"crds"_s, S::Fail, u"not served: "_s + missing.join(u", "_s),
                         u"install what defines them (Istio for networking.istio.io and security.istio.io, the Prometheus operator for "
                         "ServiceMonitor, OpenShift for Route, ODH/RHOAI for the ModelRegistry and dashboard kinds), or pick the platform this cluster runs"_s},
                        {}, 0, {}, {}});
               checkSharedObjects();
           });
}

void Preflight::checkSharedObjects()
{
    QList<const MergeAction *> targets;
    for (const MergeAction &a : m_bundle.actions)
        if (a.type != MergeAction::Type::WaitForCrd)
            targets << &a;
    fanOut(int(targets.size()), [this, targets](int i) { return m_client->get(objectPath(targets[i]->apiVersion, targets[i]->kind, targets[i]->ns, targets[i]->name)); },
           [this, targets](const QList<KubeCall *> &calls) {
               QStringList present, missing;
               for (int i = 0; i < calls.size(); ++i) {
                   const QString what = targets[i]->id() + (targets[i]->ns.isEmpty() ? QString() : u" in "_s + targets[i]->ns);
                   (calls[i]->error.ok() ? present : missing) << (calls[i]->error.ok() ? what : what + u" ("_s + calls[i]->error.message + u')');
               }
               if (missing.isEmpty())
                   add({{u"shared-objects"_s, S::Ok, present.isEmpty() ? u"the bundle edits no shared objects"_s : u"present: "_s + present.join(u", "_s), {}},
                        {}, 0, {}, {}});
               else
                   add({{u"shared-objects"_s, S::Fail, u"the merges need objects the platform installs, and these are missing: "_s + missing.join(u"; "_s),
                         u"install or repair the platform first (these objects belong to it), or choose the platform this cluster runs"_s},
                        {}, 0, {}, {}});
               dryRun(0);
           });
}

void Preflight::dryRun(size_t index)
{
    if (m_canceled)
        return;
    if (index >= m_bundle.documents.size()) {
        finish();
        return;
    }
    const Document &d = m_bundle.documents[index];
    const QByteArray body = QJsonDocument(d.root.toJson().toObject()).toJson(QJsonDocument::Compact);
    KubeCall *call = m_client->send("PATCH", objectPath(d.apiVersion(), d.kind(), d.ns(), d.name()) + u"?dryRun=All&fieldManager=deploy-console"_s, body,
                                    "application/apply-patch+yaml");
    call->setParent(this);
    connect(call, &KubeCall::finished, this, [this, call, index] {
        call->deleteLater();
        if (m_canceled)
            return;
        const Document &d = m_bundle.documents[index];
        PreflightCheck check{{u"dry-run"_s, S::Ok, u"%1: the server accepts it"_s.arg(d.id()), {}}, d.id(), 0, {}, {}};
        if (!call->error.ok()) {
            const bool laterNamespace = call->error.kind == KubeError::Kind::NotFound && m_createdNamespaces.contains(d.ns())
                && call->error.message.contains(u"namespaces"_s);
            const bool laterKind = call->error.kind == KubeError::Kind::NotFound && m_missingGroups.contains(d.apiVersion());
            check.field = causeField(call->json);
            const ManifestSet set = manifestsFromBundle(m_bundle, u"bundle.yaml"_s);
            if (index < set.docs.size()) {
                const ManifestDoc &doc = set.docs[index];
                check.line = doc.lineOf(check.field);
                if (const Node *node = doc.root.at(check.field); node && !check.field.isEmpty())
                    check.setting = node->source();
            }
            if (laterNamespace) {
                check.check = {u"dry-run"_s, S::Skipped, u"%1: its namespace %2 is created by the bundle, so the server can check it only then"_s.arg(d.id(), d.ns()), {}};
            } else if (laterKind) {
                check.check = {u"dry-run"_s, S::Skipped, u"%1: its kind is not served (see crds)"_s.arg(d.id()), {}};
            } else if (call->error.kind == KubeError::Kind::Conflict) {
                check.check = {u"dry-run"_s, S::Warn, u"%1: %2"_s.arg(d.id(), call->error.message),
                               u"another field manager owns these fields; applying takes them over (force), which that manager may undo"_s};
            } else {
                const QString fix = call->error.kind == KubeError::Kind::Forbidden
                    ? u"a permission is missing (see access): ask the cluster's admin for it"_s
                    : check.setting.isEmpty() ? u"correct the object at line %1 of the rendered bundle (deployctl render)"_s.arg(check.line)
                                              : u"change the setting %1 (line %2 of the rendered bundle)"_s.arg(check.setting).arg(check.line);
                check.check = {u"dry-run"_s, S::Fail, u"%1: %2"_s.arg(d.id(), call->error.message), fix};
            }
        }
        add(check);
        dryRun(index + 1);
    });
}

void Preflight::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

QJsonObject Preflight::toJson() const
{
    QJsonArray checks;
    for (const PreflightCheck &c : m_checks) {
        QJsonObject o{{u"name"_s, c.check.name}, {u"status"_s, SignInDoctor::statusText(c.check.status)}, {u"message"_s, c.check.message},
                      {u"fix"_s, c.check.fix}, {u"durationMs"_s, c.check.durationMs}};
        if (!c.document.isEmpty())
            o.insert(u"document"_s, c.document);
        if (c.line > 0)
            o.insert(u"line"_s, c.line);
        if (!c.field.isEmpty())
            o.insert(u"field"_s, c.field);
        if (!c.setting.isEmpty())
            o.insert(u"setting"_s, c.setting);
        checks.append(o);
    }
    QJsonArray access;
    for (const AccessCheck &a : m_access)
        access.append(QJsonObject{{u"verb"_s, a.verb}, {u"group"_s, a.group}, {u"resource"_s, a.resource}, {u"namespace"_s, a.ns},
                                  {u"for"_s, a.why}, {u"allowed"_s, a.allowed}, {u"reason"_s, a.reason}});
    return QJsonObject{{u"passed"_s, passed()}, {u"checks"_s, checks}, {u"access"_s, access},
                       {u"identity"_s, m_doctor ? m_doctor->toJson().value(u"identity"_s) : QJsonValue()}};
}

} // namespace dc::kube
