#pragma once

#include "rolloutstatus.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace dc::kube {
class KubeClient;
class KubeCall;
}

namespace dc::deploy {

/**
 * `kubectl rollout status deployment/NAME` with the one client: the Deployment is listed, its
 * status line said, then (when watching) watched by name until the rollout is done, fails
 * (progress deadline, deleted) or the timeout passes. Every ADDED or MODIFIED event says its
 * line, as kubectl does (not de-duplicated). A watch that ends is resumed from the last
 * resourceVersion; a 410 Expired lists again; a lost connection is retried with a growing pause
 * (0.8 s doubling to 30 s), so a restarted server is followed.
 */
class RolloutWatch : public QObject
{
    Q_OBJECT
public:
    RolloutWatch(kube::KubeClient *client, QString ns, QString name, QObject *parent = nullptr);
    ~RolloutWatch() override;

    void setWatch(bool watch) { m_watch = watch; }
    /// Milliseconds until "timed out waiting for the condition"; 0 never.
    void setTimeout(qint64 ms) { m_timeoutMs = ms; }
    void setRevision(qint64 revision) { m_revision = revision; }
    void start();
    void cancel();

    /// The outcome once finished: done, or an error (its message), or neither (not watching).
    [[nodiscard]] bool succeeded() const { return m_status.done; }
    [[nodiscard]] QString errorMessage() const { return m_error; }
    [[nodiscard]] const RolloutStatus &status() const { return m_status; }
    /// How many times the watch was started again (after it ended, a 410, a lost connection).
    [[nodiscard]] int restarts() const { return m_restarts; }

Q_SIGNALS:
    /// A status line, as kubectl prints it (without the newline).
    void line(const QString &text);
    void finished();

private:
    void list();
    void watchFrom(const QString &resourceVersion);
    void retryLater();
    /// Says the status of `deployment`; true when that ends the run.
    bool observe(const QJsonObject &deployment);
    void fail(const QString &message);
    void finish();
    [[nodiscard]] QString collection() const;

    kube::KubeClient *m_client;
    QString m_ns;
    QString m_name;
    bool m_watch = true;
    qint64 m_timeoutMs = 0;
    qint64 m_revision = 0;
    RolloutStatus m_status;
    QString m_error;
    QString m_resourceVersion;
    QPointer<kube::KubeCall> m_call;
    QTimer *m_timeout;
    QTimer *m_retry;
    int m_backoffMs = 800;
    int m_restarts = 0;
    bool m_listed = false;
    bool m_finished = false;
};

} // namespace dc::deploy
