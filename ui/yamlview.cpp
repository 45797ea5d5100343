#include "yamlview.h"

#include "theme.h"

#include "manifests/yamlscalar.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QShortcut>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QTimer>
#include <QKeyEvent>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

/// YAML as kubectl prints it: comments, document separators, keys, quoted strings, numbers,
/// booleans and null, block scalar markers. Colours follow the palette (light or dark).
class YamlHighlighter : public QSyntaxHighlighter
{
public:
    explicit YamlHighlighter(QTextDocument *doc)
        : QSyntaxHighlighter(doc)
    {
        setColours(QApplication::palette());
        m_comment.setFontItalic(true);
        m_separator.setFontWeight(QFont::Bold);
    }
    /// The colours of this palette (a theme switch); the caller rehighlights.
    void setColours(const QPalette &palette)
    {
        const SyntaxColours c = syntaxColours(palette);
        m_key.setForeground(c.key);
        m_string.setForeground(c.string);
        m_number.setForeground(c.number);
        m_comment.setForeground(c.comment);
        m_separator.setForeground(c.separator);
    }

protected:
    void highlightBlock(const QString &text) override
    {
        if (text == u"---"_s) {
            setFormat(0, int(text.size()), m_separator);
            return;
        }
        qsizetype i = 0;
        while (i < text.size() && (text[i] == u' ' || text[i] == u'-'))
            ++i;
        if (i < text.size() && text[i] == u'#') {
            setFormat(int(i), int(text.size() - i), m_comment);
            return;
        }
        // key: value (the key may be quoted)
        static const QRegularExpression keyRe(u"^(\"[^\"]*\"|'[^']*'|[^\\s\"'#][^:#]*?):(\\s|$)"_s);
        qsizetype valueStart = i;
        const auto m = keyRe.match(QStringView(text).mid(i));
        if (m.hasMatch()) {
            setFormat(int(i), int(m.capturedLength(1)), m_key);
            valueStart = i + m.capturedLength(0);
        }
        const QStringView value = QStringView(text).mid(valueStart).trimmed();
        if (value.isEmpty())
            return;
        const int start = int(text.indexOf(value, valueStart));
        if (value.startsWith(u'"') || value.startsWith(u'\'')) {
            setFormat(start, int(value.size()), m_string);
        } else if (value == u"|" || value == u"|-" || value == u">") {
            setFormat(start, int(value.size()), m_number);
        } else {
            // Coloured by what Kubernetes reads it as (YAML 1.1: 0644, yes, 1e3 are not text).
            const bool typed = resolveScalar(value.toString()).kind != ResolvedScalar::Kind::String;
            setFormat(start, int(value.size()), typed ? m_number : m_string);
        }
    }

private:
    QTextCharFormat m_key, m_string, m_number, m_comment, m_separator;
};

} // namespace

class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(YamlEdit *edit)
        : QWidget(edit)
        , m_edit(edit)
    {
    }
    QSize sizeHint() const override { return {m_edit->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_edit->paintLineNumbers(event); }

private:
    YamlEdit *m_edit;
};

void YamlEdit::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        // Another theme: no colour of the old one stays behind.
        static_cast<YamlHighlighter *>(m_highlighter)->setColours(palette());
        m_highlighter->rehighlight();
        updateSelections();
        m_lineNumbers->update();
    }
}

YamlEdit::YamlEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_lineNumbers(new LineNumberArea(this))
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter = new YamlHighlighter(document());
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_lineNumbers->scroll(0, dy);
        else
            m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &YamlEdit::updateSelections);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

int YamlEdit::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 12 + fontMetrics().horizontalAdvance(u'9') * std::max(3, digits);
}

void YamlEdit::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_lineNumbers->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void YamlEdit::keyPressEvent(QKeyEvent *event)
{
    // Printable keys, Delete, Backspace and Enter would edit: say why they do nothing.
    const bool editing = (!event->text().isEmpty() && event->text().at(0).isPrint() && !(event->modifiers() & Qt::ControlModifier))
        || event->key() == Qt::Key_Backspace || event->key() == Qt::Key_Delete || event->key() == Qt::Key_Return;
    if (editing)
        Q_EMIT editAttempted();
    QPlainTextEdit::keyPressEvent(event);
}

void YamlEdit::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    if (!textCursor().hasSelection())
        Q_EMIT lineClicked(textCursor().blockNumber() + 1);
}

void YamlEdit::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumbers);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int current = textCursor().blockNumber();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            const int n = block.blockNumber();
            painter.setPen(n == current || m_marked.contains(n + 1) ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            painter.drawText(0, top, m_lineNumbers->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter, QString::number(n + 1));
        }
        block = block.next();
        top += height;
    }
}

bool YamlEdit::setYaml(const QString &text)
{
    const QString old = toPlainText();
    if (text == old)
        return false;
    // Replace only the lines that changed: the highlighter and the layout redo just those,
    // and the scroll position and the cursor stay where the reader left them.
    qsizetype prefix = 0;
    const qsizetype common = std::min(old.size(), text.size());
    while (prefix < common && old[prefix] == text[prefix])
        ++prefix;
    while (prefix > 0 && old[prefix - 1] != u'\n')
        --prefix;
    qsizetype suffix = 0;
    while (suffix < common - prefix && old[old.size() - 1 - suffix] == text[text.size() - 1 - suffix])
        ++suffix;
    while (suffix > 0 && suffix < old.size() && old[old.size() - suffix - 1] != u'\n')
        --suffix;
    const int scroll = verticalScrollBar()->value();
    const int hscroll = horizontalScrollBar()->value();
    QTextCursor edit(document());
    edit.setPosition(int(prefix));
    edit.setPosition(int(old.size() - suffix), QTextCursor::KeepAnchor);
    edit.insertText(text.mid(prefix, text.size() - suffix - prefix));
    verticalScrollBar()->setValue(scroll);
    horizontalScrollBar()->setValue(hscroll);
    updateSelections();
    return true;
}

void YamlEdit::markLines(const QList<int> &lines, bool scroll)
{
    m_marked = lines;
    updateSelections();
    m_lineNumbers->update();
    if (!scroll || lines.isEmpty())
        return;
    // Scroll only when no marked line is on screen.
    const int first = firstVisibleBlock().blockNumber() + 1;
    const int visible = viewport()->height() / std::max(1, fontMetrics().height());
    for (int l : lines)
        if (l >= first && l < first + visible)
            return;
    verticalScrollBar()->setValue(std::max(0, lines.first() - 4));
}

void YamlEdit::goToLine(int line)
{
    QTextCursor c(document()->findBlockByNumber(std::max(0, line - 1)));
    setTextCursor(c);
    verticalScrollBar()->setValue(std::max(0, line - 4));
}

void YamlEdit::updateSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    const SyntaxColours colours = syntaxColours(palette());
    QTextEdit::ExtraSelection current;
    current.format.setBackground(colours.currentLine);
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections.append(current);
    for (int l : std::as_const(m_marked)) {
        QTextEdit::ExtraSelection mark;
        mark.format.setBackground(colours.markedLine);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mark.cursor = QTextCursor(document()->findBlockByNumber(l - 1));
        selections.append(mark);
    }
    setExtraSelections(selections);
}

YamlView::YamlView(QWidget *parent)
    : QWidget(parent)
    , m_edit(new YamlEdit(this))
    , m_searchBar(new QWidget(this))
    , m_readOnlyHint(new QLabel(this))
    , m_search(new QLineEdit(m_searchBar))
    , m_searchStatus(new QLabel(m_searchBar))
{
    m_edit->setObjectName(u"yamlPreview"_s);
    m_search->setObjectName(u"yamlSearch"_s);
    m_search->setPlaceholderText(u"Find in YAML"_s);
    m_search->setClearButtonEnabled(true);
    auto *bar = new QHBoxLayout(m_searchBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_search, 1);
    auto *prev = new QToolButton(m_searchBar);
    prev->setText(u"Previous"_s);
    auto *next = new QToolButton(m_searchBar);
    next->setText(u"Next"_s);
    auto *close = new QToolButton(m_searchBar);
    close->setText(u"Close"_s);
    bar->addWidget(prev);
    bar->addWidget(next);
    bar->addWidget(m_searchStatus);
    bar->addWidget(close);
    m_searchBar->hide();
    // The preview is generated: how to change what it shows.
    m_readOnlyHint->setObjectName(u"readOnlyHint"_s);
    m_readOnlyHint->setWordWrap(true);
    m_readOnlyHint->setText(u"This YAML is generated and read-only. To change a line, click it: the setting behind it opens on the left. "
                            u"What no setting covers can be overridden after export, with a kustomize patch in overlays/<environment>/."_s);
    m_readOnlyHint->setStyleSheet(u"QLabel { background: palette(tool-tip-base); color: palette(tool-tip-text); padding: 6px; border-radius: 4px; }"_s);
    m_readOnlyHint->hide();
    connect(m_edit, &YamlEdit::editAttempted, this, [this] {
        m_readOnlyHint->show();
        QTimer::singleShot(8000, m_readOnlyHint, &QWidget::hide);
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_readOnlyHint);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_searchBar);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { find(m_search->text(), QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        QTextCursor c = m_edit->textCursor();
        c.setPosition(c.selectionStart());
        m_edit->setTextCursor(c);
        find(t);
    });
    connect(next, &QToolButton::clicked, this, [this] { find(m_search->text()); });
    connect(prev, &QToolButton::clicked, this, [this] { find(m_search->text(), true); });
    connect(close, &QToolButton::clicked, this, [this] {
        m_searchBar->hide();
        m_edit->setFocus();
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_searchBar, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, close, &QToolButton::click);
}

void YamlView::showSearch()
{
    m_searchBar->show();
    m_search->setFocus();
    m_search->selectAll();
}

bool YamlView::find(const QString &text, bool backwards)
{
    if (text.isEmpty()) {
        m_searchStatus->clear();
        return false;
    }
    QTextDocument::FindFlags flags;
    if (backwards)
        flags |= QTextDocument::FindBackward;
    bool found = m_edit->find(text, flags);
    if (!found) {
        // Wrap around.
        QTextCursor c = m_edit->textCursor();
        c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_edit->setTextCursor(c);
        found = m_edit->find(text, flags);
    }
    m_searchStatus->setText(found ? QString() : u"not found"_s);
    return found;
}

} // namespace dc
