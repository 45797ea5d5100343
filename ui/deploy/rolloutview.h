#pragma once

#include "deploy/applyhistory.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace dc {

class PodTableModel;
struct Bundle;

namespace kube {
class KubeClient;
}
namespace deploy {
class RolloutMonitor;
class RolloutModel;
struct ApplyRecord;
}

/**
 * The rollout as it happens: per Deployment its revision, counts and kubectl's status line;
 * the selected Deployment's pods (revision, phase, readiness, restarts, reason) and the events
 * of the bundle's objects; the connection state. Restart, Pause/Resume, Scale and Roll Back act
 * on the selected Deployment, each after a confirmation. It redraws when the model says so
 * (coalesced), never per watch event.
 */
class RolloutView : public QWidget
{
    Q_OBJECT
public:
    RolloutView(kube::KubeClient *client, const Bundle &bundle, QWidget *parent = nullptr);
    ~RolloutView() override;

    void start();
    [[nodiscard]] deploy::RolloutModel *model() const;
    /// Applies what the model holds now (also what the change notifications call).
    void refresh();
    /// The applies to this cluster (newest first), to name the apply behind each revision.
    void setHistory(const QList<deploy::ApplyRecord> &records);

Q_SIGNALS:
    /// An action ended: its outcome or error, for the status line and tests.
    void actionFinished(const QString &message, bool ok);

private:
    void restart();
    void togglePause();
    void scale();
    void rollBack();
    [[nodiscard]] int selectedDeployment() const;
    void finishAction(const QString &what, const QString &error, const QString &outcome);

    kube::KubeClient *m_client;
    deploy::RolloutMonitor *m_monitor;
    QLabel *m_connection;
    QListWidget *m_deployments;
    QTableView *m_pods;
    PodTableModel *m_podModel;
    QTreeWidget *m_events;
    QPushButton *m_restart, *m_pause, *m_scale, *m_rollBack;
    QStringList m_uids; // of the listed Deployments
    QList<deploy::ApplyRecord> m_history;
    bool m_connected = true;
    quint64 m_eventsShown = ~quint64(0);
    QString m_shownUid;
};

} // namespace dc
