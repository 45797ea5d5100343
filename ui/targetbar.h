#pragma once

#include "config/target.h"

#include <QWidget>

class QComboBox;

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

Q_SIGNALS:
    void targetChosen(const Target &target);

private:
    QComboBox *m_platform;
    QComboBox *m_environment;
    QComboBox *m_preset;
};

} // namespace dc
