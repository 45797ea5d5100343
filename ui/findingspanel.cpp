#include "findingspanel.h"

#include "itemmodels/findingsmodel.h"
#include "manifests/bundle.h"
#include "validation/validator.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

FindingsPanel::FindingsPanel(QWidget *parent)
    : QTabWidget(parent)
    , m_findings(new FindingsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(u"bottomTabs"_s);
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *filterBar = new QHBoxLayout;
    m_summary = new QLabel(box);
    m_summary->setObjectName(u"findingsSummary"_s);
    filterBar->addWidget(m_summary, 1);
    m_severity = new QComboBox(box);
    m_severity->setObjectName(u"severityFilter"_s);
    m_severity->addItems({u"Errors and warnings"_s, u"Errors only"_s, u"Everything, with notes"_s});
    auto *filterText = new QLineEdit(box);
    filterText->setObjectName(u"findingsFilter"_s);
    filterText->setPlaceholderText(u"Filter findings"_s);
    filterText->setClearButtonEnabled(true);
    filterBar->addWidget(m_severity);
    filterBar->addWidget(filterText);
    layout->addLayout(filterBar);
    m_proxy->setSourceModel(m_findings);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    connect(filterText, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &FindingsPanel::showReport);
    m_view = new QTableView(box);
    m_view->setObjectName(u"findingsView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    m_view->setToolTip(u"Double-click or Enter: go to the field or the YAML line"_s);
    const auto activate = [this](const QModelIndex &index) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0 && row < m_findings->findings().size())
            Q_EMIT findingActivated(m_findings->findings().at(row));
    };
    connect(m_view, &QTableView::activated, this, activate);
    connect(m_view, &QTableView::doubleClicked, this, activate);
    layout->addWidget(m_view);
    addTab(box, u"Findings"_s);
    m_notes = new QLabel(this);
    m_notes->setObjectName(u"notesLabel"_s);
    m_notes->setWordWrap(true);
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_notes->setTextFormat(Qt::RichText);
    m_notes->setMargin(8);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *notesScroll = new QScrollArea(this);
    notesScroll->setWidget(m_notes);
    notesScroll->setWidgetResizable(true);
    addTab(notesScroll, u"Departures from the guide"_s);
    connect(this, &QTabWidget::currentChanged, this, &FindingsPanel::showNotesIfVisible);
}

void FindingsPanel::setChecking()
{
    m_summary->setText(u"Checking…"_s);
}

void FindingsPanel::setReport(const ValidationReport &report)
{
    m_all = report.findings;
    m_errors = report.count(Severity::Error);
    m_warnings = report.count(Severity::Warning);
    m_notesCount = report.count(Severity::Note);
    m_documents = report.documents;
    showReport();
}

void FindingsPanel::showReport()
{
    QList<Finding> shown;
    for (const Finding &f : std::as_const(m_all)) {
        const bool visible = m_severity->currentIndex() == 2 || f.severity == Severity::Error
            || (m_severity->currentIndex() == 0 && f.severity == Severity::Warning);
        if (visible)
            shown.append(f);
    }
    m_findings->setFindings(shown);
    if (shown.isEmpty() != m_compact) {
        m_compact = shown.isEmpty();
        m_view->setVisible(!m_compact);
        Q_EMIT compactChanged(m_compact);
    }
    m_view->resizeColumnsToContents();
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    m_summary->setText(u"%1 %2, %3 %4, %5 %6 over %7 objects"_s.arg(m_errors)
                           .arg(m_errors == 1 ? u"error"_s : u"errors"_s)
                           .arg(m_warnings)
                           .arg(m_warnings == 1 ? u"warning"_s : u"warnings"_s)
                           .arg(m_notesCount)
                           .arg(m_notesCount == 1 ? u"note"_s : u"notes"_s)
                           .arg(m_documents));
}

void FindingsPanel::setNotes(const Bundle &bundle)
{
    QString html = u"<h3>Where this output departs from the deployment guide</h3><ul>"_s;
    for (const Note &n : bundle.notes)
        html += u"<li>"_s + n.message.toHtmlEscaped() + u"</li>"_s;
    html += u"</ul>"_s;
    if (!bundle.actions.empty()) {
        html += u"<h3>Apply in this order (merges into shared objects and waits are not in the YAML)</h3><ul>"_s;
        for (const QString &line : bundle.order())
            html += u"<li>"_s + line.toHtmlEscaped() + u"</li>"_s;
        html += u"</ul>"_s;
    }
    // Laid out only when shown (rich text with word wrap is costly to lay out) and when it
    // changed: most keystrokes leave the notes as they are.
    m_pendingNotes = html;
    showNotesIfVisible();
}

void FindingsPanel::showNotesIfVisible()
{
    if (currentIndex() != NotesTab || m_pendingNotes.isNull())
        return;
    if (m_notes->text() != m_pendingNotes)
        m_notes->setText(m_pendingNotes);
    m_pendingNotes = QString();
}

} // namespace dc
