#pragma once

#include "kubeclient.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace dc::kube {

/**
 * LIST then WATCH of one collection, kept going as client-go's reflector does: the watch starts
 * at the list's resourceVersion and asks for bookmarks; a watch the server ends is started again
 * from the last resourceVersion seen; a 410 Expired (as an ERROR event or an answer) lists again;
 * a lost connection or a server error is retried with a growing pause (0.8 s doubling to 30 s)
 * by listing again, as the reflector's ListAndWatch is restarted. Refusals (401, 403, 404) end it.
 */
class Reflector : public QObject
{
    Q_OBJECT
public:
    /// `query`: "labelSelector=..." and/or "fieldSelector=..." (already encoded), or "".
    Reflector(KubeClient *client, QString collectionPath, QString query = {}, QObject *parent = nullptr);
    ~Reflector() override;

    void start();
    void stop();
    [[nodiscard]] bool running() const { return m_running; }
    [[nodiscard]] QString resourceVersion() const { return m_resourceVersion; }
    /// How often it listed again (after 410) and reconnected (after the watch ended or broke).
    [[nodiscard]] int relists() const { return m_relists; }
    [[nodiscard]] int reconnects() const { return m_reconnects; }

Q_SIGNALS:
    /// The whole collection, after each (re)list: what was there before and is missing is gone.
    void listed(const QList<QJsonObject> &items);
    /// ADDED, MODIFIED or DELETED, as the watch reports it.
    void event(const QString &type, const QJsonObject &object);
    /// The connection was lost (retrying) or is back; `message` says which.
    void connectionChanged(bool connected, const QString &message);
    /// A refusal that ends it (its error).
    void failed(const dc::kube::KubeError &error);

private:
    void list();
    void watchFrom();
    void retryLater(const KubeError &error);
    [[nodiscard]] QString url(bool watching) const;

    KubeClient *m_client;
    QString m_path;
    QString m_query;
    QString m_resourceVersion;
    QPointer<KubeCall> m_call;
    QTimer *m_retry;
    int m_backoffMs = 800;
    int m_relists = 0;
    int m_reconnects = 0;
    bool m_running = false;
    bool m_connected = true;
};

} // namespace dc::kube
