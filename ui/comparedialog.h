#pragma once

#include "config/project.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace dc {

/// Compare the current bundle with the last saved or exported one, or with another environment
/// of the same project: side by side (scrolled together, opened at the first change) or unified,
/// coloured either way (removed and added lines, hunk headers) on light and dark themes, with
/// Next and Previous Change (F8, Shift+F8).
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    CompareDialog(const Project &project, const Target &target, const QString &currentText, const QString &lastSavedText, const QFont &font,
                  QWidget *parent = nullptr);

    /// The changes (runs of changed lines) and the one shown.
    [[nodiscard]] int changeCount() const { return int(m_changes.size()); }
    [[nodiscard]] int currentChange() const { return m_currentChange; }
    void nextChange();
    void previousChange();
    /// The rows marked as removed, added or hunk header in `edit` (tests).
    [[nodiscard]] QList<int> markedRows(const QPlainTextEdit *edit) const;

private:
    void update();
    void showChange(int index);
    void mark(QPlainTextEdit *edit, const QList<std::pair<int, QColor>> &rows);

    Project m_project;
    Target m_target;
    QString m_current;
    QString m_lastSaved;
    QComboBox *m_against;
    QCheckBox *m_unified;
    QLabel *m_summary;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QPushButton *m_next;
    QPushButton *m_previous;
    QList<int> m_changes; // first row of each change
    int m_currentChange = -1;
    QHash<const QPlainTextEdit *, QList<int>> m_marked;
};

} // namespace dc
