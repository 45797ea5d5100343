#pragma once

#include "config/project.h"
#include "kube/kubeconfig.h"
#include "manifests/bundle.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace dc {

class RolloutView;

namespace kube {
class KubeClient;
}
namespace deploy {
class Applier;
class BundleDiff;
}

/**
 * Deploy the current bundle to the chosen cluster: the differences against the live objects
 * (per object: new, changed, unchanged; unified or side by side; prune candidates), Apply after
 * a confirmation that lists what changes (forcing conflicts and pruning are separate choices),
 * the progress per step with the exact summary, the rollout as it happens, and the history of
 * the applies to this cluster. Everything runs asynchronously and can be canceled.
 */
class DeployWindow : public QDialog
{
    Q_OBJECT
public:
    DeployWindow(const kube::Kubeconfig::Resolved &context, Bundle bundle, Target target, QString projectFile, QWidget *parent = nullptr);
    ~DeployWindow() override;

    /// Computes the differences (what "Check Differences" does).
    void checkDifferences();
    /// Applies after the confirmation (`confirmed` skips it: tests).
    void apply(bool confirmed = false);
    void cancel();
    [[nodiscard]] RolloutView *rolloutView() const { return m_rollout; }

Q_SIGNALS:
    void differencesChecked(bool ok);
    void applyFinished(bool ok, const QString &summary);

private:
    void showObject(int row);
    void setBusy(bool busy, const QString &message);
    void reloadHistory();

    kube::Kubeconfig::Resolved m_context;
    Bundle m_bundle;
    Target m_target;
    QString m_projectFile;
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<deploy::BundleDiff> m_diff;
    std::unique_ptr<deploy::Applier> m_applier;
    QLabel *m_header;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QListWidget *m_objects;
    QCheckBox *m_sideBySide;
    QPlainTextEdit *m_unified;
    QPlainTextEdit *m_live;
    QPlainTextEdit *m_merged;
    QCheckBox *m_force;
    QCheckBox *m_prune;
    QTreeWidget *m_steps;
    QLabel *m_summary;
    RolloutView *m_rollout;
    QTreeWidget *m_history;
    QPushButton *m_check;
    QPushButton *m_apply;
    QPushButton *m_cancel;
    bool m_applying = false;
};

} // namespace dc
