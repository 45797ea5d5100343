#pragma once

#include "config/target.h"

#include <QList>
#include <QWidget>

#include <utility>

class QComboBox;
class QLabel;

namespace dc {

/// Platform, environment and module: what the project is rendered for. Each choice has a one-line
/// description as its tooltip.
class TargetBar : public QWidget
{
    Q_OBJECT
public:
    explicit TargetBar(QWidget *parent = nullptr);
    /// Shows a target without emitting targetChosen().
    void setTarget(const Target &target);
    /// The kubeconfig's contexts (name, namespace) for the cluster picker; "Offline" comes first.
    void setClusterContexts(const QList<std::pair<QString, QString>> &contexts);
    /// The connection indicator: "" for none, and whether the last check signed in.
    void setClusterState(const QString &text, bool ok);
    [[nodiscard]] QString clusterContext() const;

Q_SIGNALS:
    void targetChosen(const Target &target);
    /// A context was picked ("" for offline): the window checks the sign-in.
    void clusterContextChosen(const QString &context);

private:
    QComboBox *m_platform;
    QComboBox *m_environment;
    QComboBox *m_preset;
    QComboBox *m_cluster;
    QLabel *m_clusterState;
};

} // namespace dc
