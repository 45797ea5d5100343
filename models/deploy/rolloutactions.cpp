#include "rolloutactions.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::deploy::actions {

namespace {

// Sends a request; `then` gets the finished call (deleted afterwards).
void request(kube::KubeClient *client, QObject *context, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &type,
             std::function<void(kube::KubeCall *)> then)
{
    kube::KubeCall *call = client->send(method, path, body, type);
    call->setParent(context);
    QObject::connect(call, &kube::KubeCall::finished, context, [call, then] {
        call->deleteLater();
        then(call);
    });
}

QString serverError(const kube::KubeCall *call)
{
    return call->error.reason.isEmpty() ? call->error.message : u"Error from server (%1): %2"_s.arg(call->error.reason, call->error.message);
}

QString deploymentPath(const QString &ns, const QString &name)
{
    return kube::objectPath(u"apps/v1"_s, u"Deployment"_s, ns, name);
}

// GETs the Deployment, then runs `then` with it.
void withDeployment(kube::KubeClient *client, const QString &ns, const QString &name, QObject *context, const Done &done,
                    std::function<void(const QJsonObject &)> then)
{
    request(client, context, "GET", deploymentPath(ns, name), {}, {}, [done, then](kube::KubeCall *call) {
        if (!call->error.ok())
            done(serverError(call), {});
        else
            then(call->json);
    });
}

void patch(kube::KubeClient *client, const QString &path, const QJsonObject &body, QObject *context, const Done &done, const QString &outcome)
{
    request(client, context, "PATCH", path + u"?fieldManager=deploy-console"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
            "application/merge-patch+json", [done, outcome](kube::KubeCall *call) { done(call->error.ok() ? QString() : serverError(call), outcome); });
}

} // namespace

void revisions(kube::KubeClient *client, const QString &ns, const QString &name, QObject *context, RevisionsDone done)
{
    request(client, context, "GET", deploymentPath(ns, name), {}, {}, [client, ns, context, done](kube::KubeCall *get) {
        if (!get->error.ok()) {
            done(serverError(get), {}, {});
            return;
        }
        const QJsonObject deployment = get->json;
        QStringList selector;
        const QJsonObject matchLabels = deployment[u"spec"_s][u"selector"_s][u"matchLabels"_s].toObject();
        for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
            selector << it.key() + u'=' + it.value().toString();
        request(client, context, "GET",
                kube::collectionPath(u"apps/v1"_s, u"ReplicaSet"_s, ns) + u"?labelSelector="_s + QString::fromLatin1(QUrl::toPercentEncoding(selector.join(u','))), {}, {},
                [deployment, done](kube::KubeCall *list) {
                    if (!list->error.ok())
                        done(serverError(list), deployment, {});
                    else
                        done({}, deployment, revisionsOf(deployment, list->json.value(u"items"_s).toArray()));
                });
    });
}

void restart(kube::KubeClient *client, const QString &ns, const QString &name, QObject *context, Done done)
{
    withDeployment(client, ns, name, context, done, [=](const QJsonObject &d) {
        if (d[u"spec"_s][u"paused"_s].toBool()) {
            done(u"deployments.apps \"%1\" can't restart paused deployment (run rollout resume first)"_s.arg(name), {});
            return;
        }
        const QJsonObject body{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, QJsonObject{
            {u"kubectl.kubernetes.io/restartedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}}}}}}}}}};
        patch(client, deploymentPath(ns, name), body, context, done, u"restarted"_s);
    });
}

void setPaused(kube::KubeClient *client, const QString &ns, const QString &name, bool paused, QObject *context, Done done)
{
    withDeployment(client, ns, name, context, done, [=](const QJsonObject &d) {
        if (d[u"spec"_s][u"paused"_s].toBool() == paused) {
            done(u"deployments.apps \"%1\" is %2"_s.arg(name, paused ? u"already paused"_s : u"not paused"_s), {});
            return;
        }
        patch(client, deploymentPath(ns, name), QJsonObject{{u"spec"_s, QJsonObject{{u"paused"_s, paused}}}}, context, done,
              paused ? u"paused"_s : u"resumed"_s);
    });
}

void scale(kube::KubeClient *client, const QString &ns, const QString &name, qint64 replicas, QObject *context, Done done)
{
    patch(client, deploymentPath(ns, name) + u"/scale"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"replicas"_s, replicas}}}}, context, done, u"scaled"_s);
}

void rollback(kube::KubeClient *client, const QString &ns, const QString &name, qint64 toRevision, QObject *context, Done done)
{
    revisions(client, ns, name, context, [=](const QString &error, const QJsonObject &deployment, const QList<Revision> &list) {
        if (!error.isEmpty()) {
            done(error, {});
            return;
        }
        const RollbackPlan plan = planRollback(deployment, list, toRevision);
        if (!plan.error.isEmpty()) {
            done(plan.error, {});
            return;
        }
        if (plan.skipped) {
            done({}, u"skipped rollback (current template already matches revision %1)"_s.arg(plan.toRevision));
            return;
        }
        request(client, context, "PATCH", deploymentPath(ns, name) + u"?fieldManager=deploy-console"_s, plan.jsonPatch, "application/json-patch+json",
                [done](kube::KubeCall *call) { done(call->error.ok() ? QString() : serverError(call), u"rolled back"_s); });
    });
}

} // namespace dc::deploy::actions
