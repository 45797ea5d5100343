#include "bundlediff.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "manifests/kinds.h"
#include "manifests/linediff.h"
#include "manifests/yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::deploy {

namespace {

QString yamlOf(const QJsonObject &object)
{
    return toYaml(Node::fromJson(comparable(object)));
}

} // namespace

QJsonObject comparable(QJsonObject object)
{
    object.remove(u"status"_s);
    QJsonObject metadata = object.value(u"metadata"_s).toObject();
    for (const auto *key : {"managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"})
        metadata.remove(QLatin1String(key));
    object.insert(u"metadata"_s, metadata);
    return object;
}

BundleDiff::BundleDiff(kube::KubeClient *client, Bundle bundle, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_bundle(std::move(bundle))
{
}

BundleDiff::~BundleDiff()
{
    cancel();
}

void BundleDiff::start()
{
    diffObject(0);
}

void BundleDiff::cancel()
{
    for (const QPointer<kube::KubeCall> &c : std::as_const(m_calls))
        if (c)
            c->abort();
    m_calls.clear();
    m_finished = true;
}

void BundleDiff::diffObject(size_t index)
{
    if (m_finished)
        return;
    if (index >= m_bundle.documents.size()) {
        findPruneCandidates();
        return;
    }
    const Document &d = m_bundle.documents[index];
    const QString path = kube::objectPath(d.apiVersion(), d.kind(), d.ns(), d.name());
    kube::KubeCall *get = m_client->get(path);
    get->setParent(this);
    m_calls << get;
    connect(get, &kube::KubeCall::finished, this, [this, get, index, path] {
        get->deleteLater();
        if (m_finished)
            return;
        const Document &d = m_bundle.documents[index];
        auto diff = std::make_shared<ObjectDiff>();
        diff->id = d.id();
        diff->ns = d.ns();
        const bool exists = get->error.ok();
        if (!exists && get->error.kind != kube::KubeError::Kind::NotFound) {
            diff->state = ObjectDiff::State::Error;
            diff->message = get->error.message;
            m_objects << *diff;
            Q_EMIT objectDone(*diff);
            diffObject(index + 1);
            return;
        }
        if (exists) {
            diff->live = yamlOf(get->json);
            diff->liveResourceVersion = get->json[u"metadata"_s][u"resourceVersion"_s].toString();
        }
        const QByteArray body = QJsonDocument(d.root.toJson().toObject()).toJson(QJsonDocument::Compact);
        kube::KubeCall *dry = m_client->send("PATCH", path + u"?dryRun=All&fieldManager=deploy-console"_s + (m_force ? u"&force=true"_s : QString()), body,
                                             "application/apply-patch+yaml");
        dry->setParent(this);
        m_calls << dry;
        connect(dry, &kube::KubeCall::finished, this, [this, dry, index, diff, exists] {
            dry->deleteLater();
            if (m_finished)
                return;
            const Document &d = m_bundle.documents[index];
            if (dry->error.ok()) {
                diff->merged = yamlOf(dry->json);
            } else if (!exists && dry->error.kind == kube::KubeError::Kind::NotFound) {
                // Its namespace or its kind comes with an earlier step: shown as written.
                diff->merged = yamlOf(d.root.toJson().toObject());
                diff->message = u"the server cannot dry-run it yet (%1); shown as the bundle writes it"_s.arg(dry->error.message);
            } else {
                diff->state = ObjectDiff::State::Error;
                diff->message = dry->error.message;
                m_objects << *diff;
                Q_EMIT objectDone(*diff);
                diffObject(index + 1);
                return;
            }
            diff->state = !exists ? ObjectDiff::State::New : diff->live == diff->merged ? ObjectDiff::State::Unchanged : ObjectDiff::State::Changed;
            if (diff->state != ObjectDiff::State::Unchanged) {
                const QString name = d.apiVersion().replace(u'/', u'.') + u'.' + d.kind() + u'.' + (d.ns().isEmpty() ? QString() : d.ns() + u'.') + d.name();
                const QStringList before = diff->live.isEmpty() ? QStringList() : diff->live.split(u'\n');
                diff->unified = unifiedDiff(diffLines(before, diff->merged.split(u'\n')), u"live/"_s + name, u"merged/"_s + name);
            }
            m_objects << *diff;
            Q_EMIT objectDone(*diff);
            diffObject(index + 1);
        });
    });
}

void BundleDiff::findPruneCandidates()
{
    // Every kind the generator can write (the bundle may have stopped writing one), in the
    // namespaces the bundle writes to, listed by the project's labels. Kinds the cluster does
    // not serve answer 404 and are skipped.
    QString moduleName;
    QSet<QString> present;
    QList<std::pair<QString, QString>> kinds; // apiVersion, kind
    QStringList namespaces;
    for (const Document &d : m_bundle.documents) {
        present.insert(d.apiVersion().section(u'/', 0, -2) + u'|' + d.kind() + u'|' + d.ns() + u'|' + d.name());
        if (const Node *labels = d.root.at(u"metadata.labels"); labels && moduleName.isEmpty())
            if (const Node *name = labels->get(u"app.kubernetes.io/name"))
                moduleName = name->toString();
        if (!d.ns().isEmpty() && !namespaces.contains(d.ns()))
            namespaces << d.ns();
    }
    // Not namespaces (too much goes with them), nor what controllers make from our objects
    // (Endpoints copy the Service's labels; ReplicaSets and pods the template's).
    static const QStringList ownedByControllers{u"Namespace"_s, u"Endpoints"_s, u"EndpointSlice"_s, u"ReplicaSet"_s, u"Pod"_s, u"Event"_s, u"ControllerRevision"_s};
    for (const KindInfo &k : dc::kinds())
        if (!ownedByControllers.contains(k.kind) && !k.versions.isEmpty())
            kinds << std::pair{k.preferredApiVersion(), k.kind};
    QList<std::pair<QString, QString>> lists; // path, apiVersion
    for (const auto &[apiVersion, kind] : std::as_const(kinds)) {
        if (!kube::namespacedKind(kind))
            lists << std::pair{kube::collectionPath(apiVersion, kind, {}), apiVersion};
        else
            for (const QString &ns : std::as_const(namespaces))
                lists << std::pair{kube::collectionPath(apiVersion, kind, ns), apiVersion};
    }
    QString selector = u"app.kubernetes.io/managed-by=deploy-console"_s;
    if (!moduleName.isEmpty())
        selector += u",app.kubernetes.io/name="_s + moduleName;
    auto pending = std::make_shared<int>(int(lists.size()));
    if (lists.isEmpty()) {
        finish();
        return;
    }
    for (const auto &[path, apiVersion] : std::as_const(lists)) {
        kube::KubeCall *call = m_client->get(path + u"?labelSelector="_s + QString::fromLatin1(QUrl::toPercentEncoding(selector)));
        call->setParent(this);
        m_calls << call;
        connect(call, &kube::KubeCall::finished, this, [this, call, pending, present, apiVersion] {
            call->deleteLater();
            if (m_finished)
                return;
            for (const QJsonValue &item : call->json.value(u"items"_s).toArray()) {
                const QJsonObject meta = item[u"metadata"_s].toObject();
                if (!meta.value(u"ownerReferences"_s).toArray().isEmpty())
                    continue; // made and removed by a controller
                const QString kind = call->json.value(u"kind"_s).toString().chopped(4); // "DeploymentList"
                const QString key = apiVersion.section(u'/', 0, -2) + u'|' + kind + u'|' + meta.value(u"namespace"_s).toString() + u'|' + meta.value(u"name"_s).toString();
                if (!present.contains(key))
                    m_prune << PruneCandidate{apiVersion, kind, meta.value(u"namespace"_s).toString(), meta.value(u"name"_s).toString()};
            }
            if (--*pending == 0)
                finish();
        });
    }
}

void BundleDiff::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

bool BundleDiff::hasDifferences() const
{
    for (const ObjectDiff &o : m_objects)
        if (o.state == ObjectDiff::State::New || o.state == ObjectDiff::State::Changed)
            return true;
    return false;
}

bool BundleDiff::hasErrors() const
{
    for (const ObjectDiff &o : m_objects)
        if (o.state == ObjectDiff::State::Error)
            return true;
    return false;
}

QJsonObject BundleDiff::toJson() const
{
    static const char *const names[] = {"new", "changed", "unchanged", "error"};
    QJsonArray objects;
    for (const ObjectDiff &o : m_objects) {
        QJsonObject j{{u"object"_s, o.id}, {u"namespace"_s, o.ns}, {u"state"_s, QLatin1String(names[int(o.state)])}};
        if (!o.unified.isEmpty())
            j.insert(u"diff"_s, o.unified);
        if (!o.message.isEmpty())
            j.insert(u"message"_s, o.message);
        objects.append(j);
    }
    QJsonArray prune;
    for (const PruneCandidate &p : m_prune)
        prune.append(QJsonObject{{u"apiVersion"_s, p.apiVersion}, {u"kind"_s, p.kind}, {u"namespace"_s, p.ns}, {u"name"_s, p.name}});
    return QJsonObject{{u"objects"_s, objects}, {u"pruneCandidates"_s, prune}, {u"differences"_s, hasDifferences()}};
}

} // namespace dc::deploy
