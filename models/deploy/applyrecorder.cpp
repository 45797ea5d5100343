#include "applyrecorder.h"

#include "applier.h"
#include "rolloutstatus.h"
#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "manifests/bundle.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::deploy {

ApplyRecorder::ApplyRecorder(kube::KubeClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

void ApplyRecorder::record(const Bundle &bundle, const Target &target, const QString &project, const Applier &applier)
{
    m_record = {};
    m_record.time = QDateTime::currentDateTimeUtc();
    m_record.project = project;
    m_record.context = m_client->context().context.name;
    m_record.server = m_client->context().cluster.server;
    m_record.user = m_client->context().user.name;
    m_record.target = target.id();
    m_record.digest = QString::fromLatin1(QCryptographicHash::hash(bundle.yaml(false).toUtf8(), QCryptographicHash::Sha256).toHex());
    m_record.succeeded = applier.succeeded();
    m_record.summary = applier.summary();
    m_pending = applier.deploymentGenerations();
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
        m_record.deployments.insert(it.key(), QJsonObject{{u"generation"_s, it.value()}});
    m_started = QDateTime::currentMSecsSinceEpoch();
    kube::KubeCall *who = m_client->send("POST", u"/apis/authentication.k8s.io/v1/selfsubjectreviews"_s,
                                         R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
    who->setParent(this);
    connect(who, &kube::KubeCall::finished, this, [this, who] {
        who->deleteLater();
        const QString user = who->json[u"status"_s][u"userInfo"_s][u"username"_s].toString();
        if (!user.isEmpty())
            m_record.user = user;
        readRevisions();
    });
}

void ApplyRecorder::readRevisions()
{
    if (m_pending.isEmpty() || QDateTime::currentMSecsSinceEpoch() - m_started > 10000) {
        write();
        return;
    }
    const QString key = m_pending.firstKey();
    kube::KubeCall *get = m_client->get(kube::objectPath(u"apps/v1"_s, u"Deployment"_s, key.section(u'/', 0, 0), key.section(u'/', 1)));
    get->setParent(this);
    connect(get, &kube::KubeCall::finished, this, [this, get, key] {
        get->deleteLater();
        if (!get->error.ok()) { // gone or not readable: recorded without a revision
            m_pending.remove(key);
            readRevisions();
            return;
        }
        if (get->json[u"status"_s][u"observedGeneration"_s].toInteger() >= m_pending.value(key)) {
            QJsonObject entry = m_record.deployments.value(key).toObject();
            entry.insert(u"revision"_s, revisionOf(get->json));
            m_record.deployments.insert(key, entry);
            m_pending.remove(key);
            readRevisions();
            return;
        }
        // The controller has not seen the new generation yet.
        QTimer::singleShot(200, this, &ApplyRecorder::readRevisions);
    });
}

void ApplyRecorder::write()
{
    ApplyHistory history(m_path);
    const bool ok = history.add(&m_record);
    Q_EMIT finished(m_record, ok ? QString() : u"%1: %2"_s.arg(history.path(), history.error()));
}

} // namespace dc::deploy
