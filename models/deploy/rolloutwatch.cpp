#include "rolloutwatch.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"

#include <QJsonArray>
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
    , m_retry(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_retry->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] { fail(u"timed out waiting for the condition"_s); });
    connect(m_retry, &QTimer::timeout, this, [this] {
        ++m_restarts;
        if (m_listed)
            watchFrom(m_resourceVersion);
        else
            list();
    });
}

RolloutWatch::~RolloutWatch()
{
    if (m_call)
        m_call->abort();
}

QString RolloutWatch::collection() const
{
    return kube::collectionPath(u"apps/v1"_s, u"Deployment"_s, m_ns);
}

void RolloutWatch::start()
{
    if (m_timeoutMs > 0)
        m_timeout->start(int(std::min<qint64>(m_timeoutMs, std::numeric_limits<int>::max())));
    // As kubectl: the object is looked up first; a missing one is the server's NotFound.
    kube::KubeCall *get = m_client->get(collection() + u'/' + m_name);
    get->setParent(this);
    m_call = get;
    connect(get, &kube::KubeCall::finished, this, [this, get] {
        get->deleteLater();
        if (m_finished)
            return;
        if (!get->error.ok()) {
            fail(get->error.message);
            return;
        }
        list();
    });
}

void RolloutWatch::list()
{
    const QString selector = QString::fromLatin1(QUrl::toPercentEncoding(u"metadata.name="_s + m_name));
    kube::KubeCall *call = m_client->get(collection() + u"?fieldSelector="_s + selector);
    call->setParent(this);
    m_call = call;
    connect(call, &kube::KubeCall::finished, this, [this, call] {
        call->deleteLater();
        if (m_finished)
            return;
        if (!call->error.ok()) {
            if (call->error.kind == kube::KubeError::Kind::Network || call->error.kind == kube::KubeError::Kind::Timeout
                || call->error.kind == kube::KubeError::Kind::Server) {
                retryLater();
                return;
            }
            fail(call->error.message);
            return;
        }
        m_backoffMs = 800;
        m_listed = true;
        m_resourceVersion = call->json[u"metadata"_s][u"resourceVersion"_s].toString();
        const QJsonArray items = call->json.value(u"items"_s).toArray();
        for (const QJsonValue &item : items)
            if (observe(item.toObject()))
                return;
        if (!m_watch) {
            finish();
            return;
        }
        watchFrom(m_resourceVersion);
    });
}

void RolloutWatch::watchFrom(const QString &resourceVersion)
{
    const QString selector = QString::fromLatin1(QUrl::toPercentEncoding(u"metadata.name="_s + m_name));
    kube::KubeCall *call = m_client->watch(collection() + u"?fieldSelector="_s + selector + u"&allowWatchBookmarks=true&resourceVersion="_s + resourceVersion);
    call->setParent(this);
    m_call = call;
    auto expired = std::make_shared<bool>(false);
    connect(call, &kube::KubeCall::event, this, [this, call, expired](const QString &type, const QJsonObject &object) {
        if (m_finished)
            return;
        m_backoffMs = 800;
        const QString rv = object[u"metadata"_s][u"resourceVersion"_s].toString();
        if (type == u"ERROR"_s) {
            // 410 Expired (the resourceVersion is too old): list again, as the reflector does.
            *expired = object.value(u"code"_s).toInt() == 410;
            if (!*expired)
                fail(object.value(u"message"_s).toString());
            call->abort();
            return;
        }
        if (!rv.isEmpty())
            m_resourceVersion = rv;
        if (type == u"BOOKMARK"_s)
            return;
        if (type == u"DELETED"_s) {
            fail(u"object has been deleted"_s);
            return;
        }
        observe(object);
    });
    connect(call, &kube::KubeCall::finished, this, [this, call, expired] {
        call->deleteLater();
        if (m_finished)
            return;
        if (*expired) {
            ++m_restarts;
            m_listed = false;
            list();
            return;
        }
        if (call->error.ok() || call->error.kind == kube::KubeError::Kind::Network || call->error.kind == kube::KubeError::Kind::Timeout
            || call->error.kind == kube::KubeError::Kind::Server || call->error.kind == kube::KubeError::Kind::Canceled) {
            // The server ended the watch (its timeout), or the connection was lost.
            if (call->error.ok()) {
                ++m_restarts;
                watchFrom(m_resourceVersion);
            } else {
                retryLater();
            }
            return;
        }
        if (call->httpStatus == 410) {
            ++m_restarts;
            m_listed = false;
            list();
            return;
        }
        fail(call->error.message);
    });
}

void RolloutWatch::retryLater()
{
    m_retry->start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 30000);
}

bool RolloutWatch::observe(const QJsonObject &deployment)
{
    m_status = deploymentRolloutStatus(deployment, m_revision);
    if (m_status.error) {
        fail(m_status.message);
        return true;
    }
    Q_EMIT line(m_status.message);
    if (m_status.done || !m_watch) {
        if (m_status.done || m_listed)
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
    m_retry->stop();
    if (m_call)
        m_call->abort();
    Q_EMIT finished();
}

} // namespace dc::deploy
