#pragma once

#include "rolloutmodel.h"

#include <QList>
#include <QObject>
#include <QString>

namespace dc {
struct Bundle;
}
namespace dc::kube {
class KubeClient;
class Reflector;
}

namespace dc::deploy {

/**
 * Follows a bundle's rollout: for each namespace of its Deployments, a Reflector (LIST+WATCH,
 * bookmarks, relist after 410, reconnect with back-off) of the Deployments, ReplicaSets and pods
 * with the module's label, and of the namespace's events, all feeding one RolloutModel.
 */
class RolloutMonitor : public QObject
{
    Q_OBJECT
public:
    RolloutMonitor(kube::KubeClient *client, const Bundle &bundle, QObject *parent = nullptr);
    ~RolloutMonitor() override;

    void start();
    void stop();
    [[nodiscard]] RolloutModel *model() const { return m_model; }
    [[nodiscard]] bool connected() const { return m_lost == 0; }

Q_SIGNALS:
    /// Connection lost (retrying) or back, with a message for the status line.
    void connectionChanged(bool connected, const QString &message);
    /// A refusal that stops a part of the view (a 403 on pods, say).
    void failed(const QString &message);

private:
    kube::KubeClient *m_client;
    RolloutModel *m_model;
    QList<kube::Reflector *> m_reflectors;
    int m_lost = 0;
};

} // namespace dc::deploy
