#include "comparedialog.h"

#include "manifests/bundle.h"
#include "manifests/generator.h"
#include "manifests/linediff.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

CompareDialog::CompareDialog(const Project &project, const Target &target, const QString &currentText, const QString &lastSavedText, const QFont &font,
                             QWidget *parent)
    : QDialog(parent)
    , m_project(project)
    , m_target(target)
    , m_current(currentText)
    , m_lastSaved(lastSavedText)
    , m_against(new QComboBox(this))
    , m_unified(new QCheckBox(u"&Unified"_s, this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"compareDialog"_s);
    setWindowTitle(u"Compare"_s);
    resize(1200, 760);
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_against->setObjectName(u"diffAgainst"_s);
    m_unified->setObjectName(u"diffUnified"_s);
    m_summary->setObjectName(u"diffSummary"_s);
    m_against->addItem(u"The last saved or exported version"_s);
    for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
        if (e != target.environment)
            m_against->addItem(u"%1 (same project)"_s.arg(displayName(e)), int(e));
    auto *label = new QLabel(u"Compare %1 &with"_s.arg(displayName(target.environment)), this);
    label->setBuddy(m_against);
    bar->addWidget(label);
    bar->addWidget(m_against, 1);
    bar->addWidget(m_unified);
    m_previous = new QPushButton(u"&Previous Change"_s, this);
    m_next = new QPushButton(u"&Next Change"_s, this);
    m_previous->setObjectName(u"diffPrevious"_s);
    m_next->setObjectName(u"diffNext"_s);
    m_previous->setShortcut(QKeySequence(u"Shift+F8"_s));
    m_next->setShortcut(QKeySequence(u"F8"_s));
    m_previous->setToolTip(u"The change before (Shift+F8)"_s);
    m_next->setToolTip(u"The change after (F8)"_s);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    connect(m_previous, &QPushButton::clicked, this, &CompareDialog::previousChange);
    connect(m_next, &QPushButton::clicked, this, &CompareDialog::nextChange);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    auto *sides = new QSplitter(Qt::Horizontal, this);
    m_left = new QPlainTextEdit(sides);
    m_right = new QPlainTextEdit(sides);
    m_left->setObjectName(u"diffLeft"_s);
    m_right->setObjectName(u"diffRight"_s);
    for (QPlainTextEdit *e : {m_left, m_right}) {
        e->setReadOnly(true);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
        e->setFont(font);
    }
    layout->addWidget(sides, 1);
    connect(m_against, &QComboBox::currentIndexChanged, this, &CompareDialog::update);
    connect(m_unified, &QCheckBox::toggled, this, &CompareDialog::update);
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, m_right->verticalScrollBar(), &QScrollBar::setValue);
    connect(m_right->verticalScrollBar(), &QScrollBar::valueChanged, m_left->verticalScrollBar(), &QScrollBar::setValue);
    update();
}

void CompareDialog::update()
{
    QString otherText = m_lastSaved;
    QString otherName = u"last saved/exported"_s;
    if (m_against->currentIndex() > 0) {
        Target other = m_target;
        other.environment = Environment(m_against->currentData().toInt());
        otherText = generate(m_project, other).yaml(true);
        otherName = displayName(other.environment);
    }
    const QList<DiffLine> d = diffLines(otherText.split(u'\n'), m_current.split(u'\n'));
    int added = 0, removed = 0;
    for (const DiffLine &l : d) {
        added += l.type == DiffLine::Added;
        removed += l.type == DiffLine::Removed;
    }
    auto lines = [](int n) { return n == 1 ? u"1 line"_s : u"%1 lines"_s.arg(n); };
    m_summary->setText(added + removed == 0 ? u"No differences."_s
                                            : u"%1 added, %2 removed (left: %3, right: current)"_s.arg(lines(added), QString::number(removed), otherName));
    // Colours that read on the palette in use: light tints under dark text, dark ones under light.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor removedColour = dark ? QColor(0x5c, 0x24, 0x28) : QColor(0xf8, 0xd7, 0xda);
    const QColor addedColour = dark ? QColor(0x1f, 0x4a, 0x2b) : QColor(0xd4, 0xed, 0xda);
    const QColor hunkColour = dark ? QColor(0x23, 0x3b, 0x5c) : QColor(0xd6, 0xe4, 0xf5);
    m_changes.clear();
    m_currentChange = -1;
    m_marked.clear();
    if (m_unified->isChecked()) {
        m_right->hide();
        const QString text = unifiedDiff(d, otherName, displayName(m_target.environment) + u" (current)"_s);
        m_left->setPlainText(text);
        QList<std::pair<int, QColor>> rows;
        int row = 0;
        bool inChange = false;
        for (const QString &line : text.split(u'\n')) {
            const bool header = line.startsWith(u"+++"_s) || line.startsWith(u"---"_s);
            const bool change = !header && (line.startsWith(u'+') || line.startsWith(u'-'));
            if (line.startsWith(u"@@"_s))
                rows.append({row, hunkColour});
            else if (change)
                rows.append({row, line.startsWith(u'+') ? addedColour : removedColour});
            if (change && !inChange)
                m_changes << row;
            inChange = change;
            ++row;
        }
        mark(m_left, rows);
        m_next->setEnabled(!m_changes.isEmpty());
        m_previous->setEnabled(!m_changes.isEmpty());
        if (!m_changes.isEmpty())
            showChange(0);
        return;
    }
    m_right->show();
    QString l, r;
    QList<std::pair<int, QColor>> leftRows, rightRows;
    int row = 0;
    bool inChange = false;
    for (const DiffLine &x : d) {
        // Side by side: removed lines on the left, added on the right, blank fillers keep rows aligned.
        l += (x.type == DiffLine::Added ? QString() : x.text) + u'\n';
        r += (x.type == DiffLine::Removed ? QString() : x.text) + u'\n';
        if (x.type == DiffLine::Removed)
            leftRows.append({row, removedColour});
        if (x.type == DiffLine::Added)
            rightRows.append({row, addedColour});
        const bool change = x.type != DiffLine::Same;
        if (change && !inChange)
            m_changes << row;
        inChange = change;
        ++row;
    }
    m_left->setPlainText(l);
    m_right->setPlainText(r);
    mark(m_left, leftRows);
    mark(m_right, rightRows);
    m_next->setEnabled(!m_changes.isEmpty());
    m_previous->setEnabled(!m_changes.isEmpty());
    if (!m_changes.isEmpty())
        showChange(0); // start at the first change
}

void CompareDialog::mark(QPlainTextEdit *edit, const QList<std::pair<int, QColor>> &rows)
{
    const QColor text = palette().color(QPalette::Text);
    QList<QTextEdit::ExtraSelection> sel;
    QList<int> marked;
    for (const auto &[row, colour] : rows) {
        QTextEdit::ExtraSelection s;
        s.format.setBackground(colour);
        s.format.setForeground(text);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(edit->document()->findBlockByNumber(row));
        sel << s;
        marked << row;
    }
    edit->setExtraSelections(sel);
    m_marked.insert(edit, marked);
}

QList<int> CompareDialog::markedRows(const QPlainTextEdit *edit) const
{
    return m_marked.value(edit);
}

void CompareDialog::showChange(int index)
{
    if (index < 0 || index >= m_changes.size())
        return;
    m_currentChange = index;
    const int row = m_changes[index];
    for (QPlainTextEdit *edit : {m_left, m_right}) {
        if (!edit->isVisibleTo(this))
            continue;
        QTextCursor cursor(edit->document()->findBlockByNumber(row));
        edit->setTextCursor(cursor);
        edit->verticalScrollBar()->setValue(std::max(0, row - 3));
    }
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < m_changes.size());
    m_summary->setToolTip(u"Change %1 of %2"_s.arg(index + 1).arg(m_changes.size()));
}

void CompareDialog::nextChange()
{
    showChange(m_currentChange + 1);
}

void CompareDialog::previousChange()
{
    showChange(m_currentChange - 1);
}

} // namespace dc
