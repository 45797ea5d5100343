#include "rolloutwatch.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "kube/reflector.h"

#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::deploy {

RolloutWatch::RolloutWatch(kube::KubeClient *client, QString ns, QString name, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_ns(std::move(ns))
    , m_name(std::move(name))
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] { fail(u"timed out waiting for the condition"_s); });
}

RolloutWatch::~RolloutWatch()
{
    if (m_call)
        m_call->abort();
}

void RolloutWatch::start()
{
    if (m_timeoutMs > 0)
        m_timeout->start(int(std::min<qint64>(m_timeoutMs, std::numeric_limits<int>::max())));
    const QString collection = kube::collectionPath(u"apps/v1"_s, u"Deployment"_s, m_ns);
    // As kubectl: the object is looked up first; a missing one is the server's NotFound.
    kube::KubeCall *get = m_client->get(collection + u'/' + m_name);
    get->setParent(this);
    m_call = get;
    connect(get, &kube::KubeCall::finished, this, [this, get, collection] {
        get->deleteLater();
        if (m_finished)
            return;
        if (!get->error.ok()) {
            // As kubectl words a refusal of the server.
            fail(get->error.reason.isEmpty() ? get->error.message : u"Error from server (%1): %2"_s.arg(get->error.reason, get->error.message));
            return;
        }
        m_reflector = new kube::Reflector(m_client, collection, u"fieldSelector="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"metadata.name="_s + m_name)), this);
        connect(m_reflector, &kube::Reflector::listed, this, [this](const QList<QJsonObject> &items) {
            for (const QJsonObject &item : items)
                if (observe(item))
                    return;
            if (!m_watch)
                finish();
        });
        connect(m_reflector, &kube::Reflector::event, this, [this](const QString &type, const QJsonObject &object) {
            if (m_finished)
                return;
            if (type == u"DELETED"_s)
                fail(u"object has been deleted"_s);
            else
                observe(object);
        });
        connect(m_reflector, &kube::Reflector::failed, this, [this](const kube::KubeError &e) { fail(e.message); });
        m_reflector->start();
    });
}

bool RolloutWatch::observe(const QJsonObject &deployment)
{
    if (m_finished)
        return true;
    m_status = deploymentRolloutStatus(deployment, m_revision);
    if (m_status.error) {
        fail(m_status.message);
        return true;
    }
    Q_EMIT line(m_status.message);
    if (m_status.done || !m_watch) {
        finish();
        return true;
    }
    return false;
}

void RolloutWatch::fail(const QString &message)
{
    if (m_finished)
        return;
    m_error = message;
    finish();
}

void RolloutWatch::cancel()
{
    fail(u"canceled"_s);
}

void RolloutWatch::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout->stop();
    if (m_reflector)
        m_reflector->stop();
    if (m_call)
        m_call->abort();
    Q_EMIT finished();
}

} // namespace dc::deploy
