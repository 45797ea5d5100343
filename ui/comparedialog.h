#pragma once

#include "config/project.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace dc {

/// Compare the current bundle with the last saved or exported one, or with another environment
/// of the same project: side by side (scrolled together, opened at the first change) or unified.
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    CompareDialog(const Project &project, const Target &target, const QString &currentText, const QString &lastSavedText, const QFont &font,
                  QWidget *parent = nullptr);

private:
    void update();

    Project m_project;
    Target m_target;
    QString m_current;
    QString m_lastSaved;
    QComboBox *m_against;
    QCheckBox *m_unified;
    QLabel *m_summary;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
};

} // namespace dc
