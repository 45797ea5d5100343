#include "applier.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::deploy {

namespace {

constexpr int MaxMergeAttempts = 5;

QString actionId(const MergeAction &a)
{
    return a.type == MergeAction::Type::WaitForCrd ? u"wait for CRD "_s + a.name : u"merge into "_s + a.id();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

QString ApplyStep::resultText(Result r)
{
    static const char *const names[] = {"pending", "created", "configured", "unchanged", "deleted", "waited", "failed", "not attempted"};
    return QLatin1String(names[int(r)]);
}

QString mergeJsonEntry(const QString &document, const MergeAction &action, bool *changed, QString *error)
{
    *changed = false;
    QJsonDocument doc;
    if (!document.trimmed().isEmpty()) {
        QJsonParseError parse{};
        doc = QJsonDocument::fromJson(document.toUtf8(), &parse);
        if (parse.error != QJsonParseError::NoError) {
            *error = u"its %1 is not JSON (%2 at offset %3); fix it by hand first, nothing was changed"_s.arg(action.dataKey, parse.errorString()).arg(parse.offset);
            return {};
        }
    } else {
        doc = action.listKey.isEmpty() ? QJsonDocument(QJsonArray()) : QJsonDocument(QJsonObject());
    }
    const QJsonObject entry = action.entry.toJson().toObject();
    const QJsonValue key = entry.value(action.matchField);
    auto mergeInto = [&](QJsonArray list) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).toObject().value(action.matchField) == key) {
                if (list.at(i).toObject() != entry) {
                    list.replace(i, entry);
                    *changed = true;
                }
                return list;
            }
        }
        list.append(entry);
        *changed = true;
        return list;
    };
    if (action.listKey.isEmpty()) {
        if (!doc.isArray()) {
            *error = u"its %1 is not a JSON list; fix it by hand first, nothing was changed"_s.arg(action.dataKey);
            return {};
        }
        doc.setArray(mergeInto(doc.array()));
    } else {
        if (!doc.isObject() || (doc.object().contains(action.listKey) && !doc.object().value(action.listKey).isArray())) {
            *error = u"its %1 has no list %2; fix it by hand first, nothing was changed"_s.arg(action.dataKey, action.listKey);
            return {};
        }
        QJsonObject root = doc.object();
        root.insert(action.listKey, mergeInto(root.value(action.listKey).toArray()));
        doc.setObject(root);
    }
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

Applier::Applier(kube::KubeClient *client, Bundle bundle, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_bundle(std::move(bundle))
    , m_options(options)
{
    auto addAction = [this](int i) {
        const MergeAction &a = m_bundle.actions[size_t(i)];
        const ApplyStep::Kind kind = a.type == MergeAction::Type::WaitForCrd ? ApplyStep::Kind::WaitForCrd : ApplyStep::Kind::Merge;
        m_plan << std::pair{kind, i};
        m_steps << ApplyStep{kind, actionId(a), a.ns, ApplyStep::Result::Pending, {}, 0};
    };
    for (int i = 0; i < int(m_bundle.actions.size()); ++i)
        if (m_bundle.actions[size_t(i)].beforeObjects)
            addAction(i);
    for (int i = 0; i < int(m_bundle.documents.size()); ++i) {
        m_plan << std::pair{ApplyStep::Kind::Object, i};
        m_steps << ApplyStep{ApplyStep::Kind::Object, m_bundle.documents[size_t(i)].id(), m_bundle.documents[size_t(i)].ns(), ApplyStep::Result::Pending, {}, 0};
    }
    for (int i = 0; i < int(m_bundle.actions.size()); ++i)
        if (!m_bundle.actions[size_t(i)].beforeObjects)
            addAction(i);
}

Applier::~Applier()
{
    m_canceled = true;
    for (const QPointer<kube::KubeCall> &c : std::as_const(m_calls))
        if (c)
            c->abort();
}

kube::KubeCall *Applier::track(kube::KubeCall *call)
{
    call->setParent(this);
    m_calls.removeAll(nullptr);
    m_calls << call;
    return call;
}

void Applier::start()
{
    // The prune steps come last, after everything else applied.
    for (int i = 0; i < m_prune.size(); ++i) {
        m_plan << std::pair{ApplyStep::Kind::Prune, i};
        m_steps << ApplyStep{ApplyStep::Kind::Prune, u"delete "_s + m_prune[i].second, {}, ApplyStep::Result::Pending, {}, 0};
    }
    runStep(0);
}

void Applier::cancel()
{
    if (m_finished)
        return;
    m_canceled = true;
    for (const QPointer<kube::KubeCall> &c : std::as_const(m_calls))
        if (c)
            c->abort();
    for (ApplyStep &s : m_steps)
        if (s.result == ApplyStep::Result::Pending) {
            s.result = ApplyStep::Result::NotAttempted;
            s.message = u"canceled"_s;
        }
    m_finished = true;
    Q_EMIT finished();
}

void Applier::runStep(int index)
{
    if (m_canceled)
        return;
    if (index >= m_plan.size()) {
        m_finished = true;
        Q_EMIT finished();
        return;
    }
    Q_EMIT stepStarted(index);
    const auto [kind, i] = m_plan[index];
    switch (kind) {
    case ApplyStep::Kind::Object:
        applyObject(index, m_bundle.documents[size_t(i)]);
        break;
    case ApplyStep::Kind::Merge:
        merge(index, m_bundle.actions[size_t(i)], 1);
        break;
    case ApplyStep::Kind::WaitForCrd:
        waitForCrd(index, m_bundle.actions[size_t(i)], QDateTime::currentMSecsSinceEpoch());
        break;
    case ApplyStep::Kind::Prune:
        prune(index, m_prune[i].first);
        break;
    }
}

void Applier::done(int index, ApplyStep::Result result, const QString &message)
{
    m_steps[index].result = result;
    m_steps[index].message = message;
    Q_EMIT stepFinished(index);
    if (result == ApplyStep::Result::Failed) {
        for (int i = index + 1; i < m_steps.size(); ++i)
            m_steps[i].result = ApplyStep::Result::NotAttempted;
        m_finished = true;
        Q_EMIT finished();
        return;
    }
    runStep(index + 1);
}

static QString dryRunQuery(bool dryRun)
{
    return dryRun ? u"dryRun=All&"_s : QString();
}

void Applier::applyObject(int index, const Document &d)
{
    const QString path = kube::objectPath(d.apiVersion(), d.kind(), d.ns(), d.name());
    kube::KubeCall *get = track(m_client->get(path));
    connect(get, &kube::KubeCall::finished, this, [this, get, index, path, &d] {
        get->deleteLater();
        if (m_canceled)
            return;
        if (!get->error.ok() && get->error.kind != kube::KubeError::Kind::NotFound) {
            done(index, ApplyStep::Result::Failed, get->error.message);
            return;
        }
        const QString before = get->error.ok() ? get->json[u"metadata"_s][u"resourceVersion"_s].toString() : QString();
        const QByteArray body = QJsonDocument(d.root.toJson().toObject()).toJson(QJsonDocument::Compact);
        const QString query = u"?"_s + dryRunQuery(m_options.dryRun) + u"fieldManager=deploy-console"_s + (m_options.forceConflicts ? u"&force=true"_s : QString());
        kube::KubeCall *apply = track(m_client->send("PATCH", path + query, body, "application/apply-patch+yaml"));
        connect(apply, &kube::KubeCall::finished, this, [this, apply, index, before, &d] {
            apply->deleteLater();
            if (m_canceled)
                return;
            if (!apply->error.ok()) {
                QString message = apply->error.message;
                if (apply->error.kind == kube::KubeError::Kind::Conflict && !m_options.forceConflicts)
                    message += u" — another field manager owns these fields; to take them over, apply again with --force-conflicts (that manager may change them back)"_s;
                done(index, ApplyStep::Result::Failed, message);
                return;
            }
            if (d.kind() == u"Deployment"_s)
                m_generations.insert(d.ns() + u'/' + d.name(), apply->json[u"metadata"_s][u"generation"_s].toInteger());
            const QString after = apply->json[u"metadata"_s][u"resourceVersion"_s].toString();
            done(index, before.isEmpty() ? ApplyStep::Result::Created : before == after ? ApplyStep::Result::Unchanged : ApplyStep::Result::Configured);
        });
    });
}

void Applier::merge(int index, const MergeAction &a, int attempt)
{
    const QString path = kube::objectPath(a.apiVersion, a.kind, a.ns, a.name);
    kube::KubeCall *get = track(m_client->get(path));
    connect(get, &kube::KubeCall::finished, this, [this, get, index, path, &a, attempt] {
        get->deleteLater();
        if (m_canceled)
            return;
        if (!get->error.ok()) {
            done(index, ApplyStep::Result::Failed,
                 get->error.kind == kube::KubeError::Kind::NotFound ? get->error.message + u" — the platform installs this object; install or repair it first"_s
                                                                     : get->error.message);
            return;
        }
        QJsonObject object = get->json;
        const QString resourceVersion = object[u"metadata"_s][u"resourceVersion"_s].toString();
        QByteArray method, body, contentType;
        if (a.type == MergeAction::Type::JsonEntry) {
            QJsonObject data = object.value(u"data"_s).toObject();
            bool changed = false;
            QString error;
            const QString merged = mergeJsonEntry(data.value(a.dataKey).toString(), a, &changed, &error);
            if (!error.isEmpty()) {
                done(index, ApplyStep::Result::Failed, u"%1: %2"_s.arg(a.id(), error));
                return;
            }
            if (!changed) {
                done(index, ApplyStep::Result::Unchanged);
                return;
            }
            data.insert(a.dataKey, merged);
            object.insert(u"data"_s, data);
            // The whole object goes back with the resourceVersion read: a change by anyone
            // in between makes it a 409, and the merge starts again from a fresh read.
            method = "PUT";
            body = compact(object);
            contentType = "application/json";
        } else {
            QJsonObject patch = a.patch.toJson().toObject();
            QJsonObject metadata = patch.value(u"metadata"_s).toObject();
            metadata.insert(u"resourceVersion"_s, resourceVersion);
            patch.insert(u"metadata"_s, metadata);
            method = "PATCH";
            body = compact(patch);
            contentType = "application/merge-patch+json";
        }
        Q_EMIT mergeRead(index, attempt);
        if (m_canceled)
            return;
        const QString query = u"?"_s + dryRunQuery(m_options.dryRun) + u"fieldManager=deploy-console"_s;
        kube::KubeCall *write = track(m_client->send(method, path + query, body, contentType));
        connect(write, &kube::KubeCall::finished, this, [this, write, index, &a, attempt, resourceVersion] {
            write->deleteLater();
            if (m_canceled)
                return;
            if (write->error.kind == kube::KubeError::Kind::Conflict && attempt < MaxMergeAttempts) {
                m_steps[index].retries = attempt;
                merge(index, a, attempt + 1);
                return;
            }
            if (!write->error.ok()) {
                done(index, ApplyStep::Result::Failed,
                     write->error.kind == kube::KubeError::Kind::Conflict
                         ? u"%1 kept changing while being merged (%2 attempts); try again"_s.arg(a.id()).arg(attempt)
                         : write->error.message);
                return;
            }
            const QString after = write->json[u"metadata"_s][u"resourceVersion"_s].toString();
            done(index, after == resourceVersion ? ApplyStep::Result::Unchanged : ApplyStep::Result::Configured,
                 attempt > 1 ? u"read again %1 times: the object changed meanwhile"_s.arg(attempt - 1) : QString());
        });
    });
}

void Applier::waitForCrd(int index, const MergeAction &a, qint64 startedMs)
{
    if (m_options.dryRun) {
        done(index, ApplyStep::Result::Unchanged, u"a dry run does not wait; applying waits until the CRD is established"_s);
        return;
    }
    kube::KubeCall *get = track(m_client->get(u"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"_s + a.name));
    connect(get, &kube::KubeCall::finished, this, [this, get, index, &a, startedMs] {
        get->deleteLater();
        if (m_canceled)
            return;
        bool established = false;
        for (const QJsonValue &c : get->json[u"status"_s][u"conditions"_s].toArray())
            established = established || (c[u"type"_s].toString() == u"Established"_s && c[u"status"_s].toString() == u"True"_s);
        if (established) {
            m_client->invalidateDiscovery(); // its kind is served from now on
            done(index, ApplyStep::Result::Waited);
            return;
        }
        if (!get->error.ok() && get->error.kind != kube::KubeError::Kind::NotFound) {
            done(index, ApplyStep::Result::Failed, get->error.message);
            return;
        }
        if (QDateTime::currentMSecsSinceEpoch() - startedMs > m_options.crdWaitMs) {
            done(index, ApplyStep::Result::Failed,
                 u"the CRD %1 was not established within %2 s: check that the operator runs (the DataScienceCluster's status says why)"_s.arg(a.name).arg(
                     m_options.crdWaitMs / 1000));
            return;
        }
        // The operator installs it: ask again in a second.
        QTimer::singleShot(1000, this, [this, index, &a, startedMs] {
            if (!m_canceled)
                waitForCrd(index, a, startedMs);
        });
    });
}

void Applier::prune(int index, const QString &path)
{
    kube::KubeCall *del = track(m_client->send("DELETE", path + (m_options.dryRun ? u"?dryRun=All"_s : QString())));
    connect(del, &kube::KubeCall::finished, this, [this, del, index] {
        del->deleteLater();
        if (m_canceled)
            return;
        if (!del->error.ok() && del->error.kind != kube::KubeError::Kind::NotFound)
            done(index, ApplyStep::Result::Failed, del->error.message);
        else
            done(index, ApplyStep::Result::Deleted, del->error.ok() ? QString() : u"already gone"_s);
    });
}

bool Applier::succeeded() const
{
    for (const ApplyStep &s : m_steps)
        if (s.result == ApplyStep::Result::Failed || s.result == ApplyStep::Result::NotAttempted || s.result == ApplyStep::Result::Pending)
            return false;
    return true;
}

QString Applier::summary() const
{
    QMap<ApplyStep::Result, QStringList> by;
    for (const ApplyStep &s : m_steps)
        by[s.result] << s.id;
    QStringList parts;
    const int applied = int(m_steps.size() - by.value(ApplyStep::Result::Failed).size() - by.value(ApplyStep::Result::NotAttempted).size()
                            - by.value(ApplyStep::Result::Pending).size());
    parts << u"%1 of %2 steps done%3"_s.arg(applied).arg(m_steps.size()).arg(m_options.dryRun ? u" (dry run: nothing was changed)"_s : QString());
    for (const ApplyStep::Result r : {ApplyStep::Result::Created, ApplyStep::Result::Configured, ApplyStep::Result::Unchanged, ApplyStep::Result::Deleted,
                                      ApplyStep::Result::Failed, ApplyStep::Result::NotAttempted})
        if (by.contains(r))
            parts << u"%1: %2"_s.arg(ApplyStep::resultText(r), by.value(r).join(u", "_s));
    return parts.join(u"; "_s);
}

QJsonObject Applier::toJson() const
{
    QJsonArray steps;
    for (const ApplyStep &s : m_steps) {
        QJsonObject o{{u"step"_s, s.id}, {u"namespace"_s, s.ns}, {u"result"_s, ApplyStep::resultText(s.result)}};
        if (!s.message.isEmpty())
            o.insert(u"message"_s, s.message);
        if (s.retries)
            o.insert(u"retries"_s, s.retries);
        steps.append(o);
    }
    return QJsonObject{{u"steps"_s, steps}, {u"succeeded"_s, succeeded()}, {u"dryRun"_s, m_options.dryRun}, {u"summary"_s, summary()}};
}

} // namespace dc::deploy
