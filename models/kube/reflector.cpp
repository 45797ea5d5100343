#include "reflector.h"

#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

bool retryable(const KubeError &e)
{
    using K = KubeError::Kind;
    return e.kind == K::Network || e.kind == K::Timeout || e.kind == K::Server || e.kind == K::Tls;
}

} // namespace

Reflector::Reflector(KubeClient *client, QString collectionPath, QString query, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_path(std::move(collectionPath))
    , m_query(std::move(query))
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, [this] {
        ++m_reconnects;
        list();
    });
}

Reflector::~Reflector()
{
    stop();
}

QString Reflector::url(bool watching) const
{
    QStringList parts;
    if (!m_query.isEmpty())
        parts << m_query;
    if (watching)
        parts << u"allowWatchBookmarks=true&resourceVersion="_s + m_resourceVersion;
    return parts.isEmpty() ? m_path : m_path + u'?' + parts.join(u'&');
}

void Reflector::start()
{
    if (m_running)
        return;
    m_running = true;
    list();
}

void Reflector::stop()
{
    m_running = false;
    m_retry->stop();
    if (m_call)
        m_call->abort();
}

void Reflector::list()
{
    KubeCall *call = m_client->get(url(false));
    call->setParent(this);
    m_call = call;
    connect(call, &KubeCall::finished, this, [this, call] {
        call->deleteLater();
        if (!m_running)
            return;
        if (!call->error.ok()) {
            if (retryable(call->error))
                retryLater(call->error);
            else {
                m_running = false;
                Q_EMIT failed(call->error);
            }
            return;
        }
        m_backoffMs = 800;
        if (!m_connected) {
            m_connected = true;
            Q_EMIT connectionChanged(true, u"connected again"_s);
        }
        m_resourceVersion = call->json[u"metadata"_s][u"resourceVersion"_s].toString();
        QList<QJsonObject> items;
        const QJsonArray array = call->json.value(u"items"_s).toArray();
        items.reserve(array.size());
        for (const QJsonValue &v : array)
            items << v.toObject();
        Q_EMIT listed(items);
        if (m_running)
            watchFrom();
    });
}

void Reflector::watchFrom()
{
    KubeCall *call = m_client->watch(url(true));
    call->setParent(this);
    m_call = call;
    auto expired = std::make_shared<bool>(false);
    connect(call, &KubeCall::event, this, [this, call, expired](const QString &type, const QJsonObject &object) {
        if (!m_running)
            return;
        if (type == u"ERROR"_s) {
            // 410 Expired: what happened since is gone; list again.
            *expired = true;
            call->abort();
            return;
        }
        m_backoffMs = 800;
        const QString rv = object[u"metadata"_s][u"resourceVersion"_s].toString();
        if (!rv.isEmpty())
            m_resourceVersion = rv;
        if (type != u"BOOKMARK"_s)
            Q_EMIT event(type, object);
    });
    connect(call, &KubeCall::finished, this, [this, call, expired] {
        call->deleteLater();
        if (!m_running)
            return;
        if (*expired || call->httpStatus == 410) {
            ++m_relists;
            list();
            return;
        }
        if (call->error.ok()) { // the server ended the watch (its timeout): resume
            ++m_reconnects;
            watchFrom();
            return;
        }
        if (retryable(call->error)) {
            retryLater(call->error);
            return;
        }
        m_running = false;
        Q_EMIT failed(call->error);
    });
}

void Reflector::retryLater(const KubeError &error)
{
    if (m_connected) {
        m_connected = false;
        Q_EMIT connectionChanged(false, error.message);
    }
    m_retry->start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 30000);
}

} // namespace dc::kube
