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
class Reflector;
}

namespace dc::deploy {

/**
 * `kubectl rollout status deployment/NAME` with the one client: the Deployment is looked up,
 * listed by name and its status line said, then (when watching) followed through a Reflector
 * until the rollout is done, fails (progress deadline, deleted) or the timeout passes. Every
 * ADDED or MODIFIED event, and every item of a list again, says its line, as kubectl does (not
 * de-duplicated); a restarted server or an expired resourceVersion is followed as the
 * Reflector follows it.
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

Q_SIGNALS:
    /// A status line, as kubectl prints it (without the newline).
    void line(const QString &text);
    void finished();

private:
    /// Says the status of `deployment`; true when that ends the run.
    bool observe(const QJsonObject &deployment);
    void fail(const QString &message);
    void finish();

    kube::KubeClient *m_client;
    QString m_ns;
    QString m_name;
    bool m_watch = true;
    qint64 m_timeoutMs = 0;
    qint64 m_revision = 0;
    RolloutStatus m_status;
    QString m_error;
    QPointer<kube::KubeCall> m_call;
    kube::Reflector *m_reflector = nullptr;
    QTimer *m_timeout;
    bool m_finished = false;
};

} // namespace dc::deploy
