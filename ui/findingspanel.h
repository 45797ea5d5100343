#pragma once

#include "validation/finding.h"

#include <QTabWidget>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace dc {

struct Bundle;
struct Finding;
struct ValidationReport;
class FindingsModel;

/// The editor's bottom tabs: the findings (filtered by severity and text, activated to go to
/// their field or line) and the notes on where the output departs from the deployment guide.
class FindingsPanel : public QTabWidget
{
    Q_OBJECT
public:
    enum Tab { FindingsTab, NotesTab };
    explicit FindingsPanel(QWidget *parent = nullptr);

    void setChecking();
    void setReport(const ValidationReport &report);
    void setNotes(const Bundle &bundle);

    [[nodiscard]] FindingsModel *model() const { return m_findings; }
    [[nodiscard]] QSortFilterProxyModel *proxy() const { return m_proxy; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    /// Nothing to list: the table is hidden, the panel is its summary line.
    [[nodiscard]] bool compact() const { return m_compact; }

Q_SIGNALS:
    void findingActivated(const Finding &finding);
    void compactChanged(bool compact);

private:
    void showReport();
    void showNotesIfVisible();

    FindingsModel *m_findings;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    bool m_compact = false;
    QLabel *m_summary;
    QComboBox *m_severity;
    QLabel *m_notes;
    QString m_pendingNotes; // not yet shown; null when the label is up to date
    QList<Finding> m_all;
    int m_errors = 0, m_warnings = 0, m_notesCount = 0, m_documents = 0;
};

} // namespace dc
