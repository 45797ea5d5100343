#include "comparedialog.h"

#include "manifests/bundle.h"
#include "manifests/generator.h"
#include "manifests/linediff.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
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
    m_summary->setText(added + removed == 0 ? u"No differences."_s : u"%1 lines added, %2 removed (left: %3, right: current)"_s.arg(added).arg(removed).arg(otherName));
    if (m_unified->isChecked()) {
        m_right->hide();
        m_left->setPlainText(unifiedDiff(d, otherName, displayName(m_target.environment) + u" (current)"_s));
        return;
    }
    m_right->show();
    QString l, r;
    QList<int> leftMarks, rightMarks;
    int row = 0;
    for (const DiffLine &x : d) {
        // Side by side: removed lines on the left, added on the right, blank fillers keep rows aligned.
        l += (x.type == DiffLine::Added ? QString() : x.text) + u'\n';
        r += (x.type == DiffLine::Removed ? QString() : x.text) + u'\n';
        if (x.type == DiffLine::Removed)
            leftMarks << row;
        if (x.type == DiffLine::Added)
            rightMarks << row;
        ++row;
    }
    // Start at the first change.
    const int first = std::min(leftMarks.value(0, row), rightMarks.value(0, row));
    for (auto [edit, text, marks, color] : {std::tuple{m_left, l, leftMarks, QColor(0xf8, 0xd7, 0xda)}, std::tuple{m_right, r, rightMarks, QColor(0xd4, 0xed, 0xda)}}) {
        edit->setPlainText(text);
        QList<QTextEdit::ExtraSelection> sel;
        for (int m : marks) {
            QTextEdit::ExtraSelection s;
            s.format.setBackground(color);
            s.format.setForeground(QColor(0x1e, 0x1e, 0x1e));
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
            s.cursor = QTextCursor(edit->document()->findBlockByNumber(m));
            sel << s;
        }
        edit->setExtraSelections(sel);
        edit->verticalScrollBar()->setValue(std::max(0, first - 3));
    }
}

} // namespace dc
