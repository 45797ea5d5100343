#pragma once

#include <QList>
#include <QPlainTextEdit>
#include <QWidget>

class QLineEdit;
class QSyntaxHighlighter;
class QLabel;

namespace dc {

/// The YAML text with line numbers, YAML highlighting, marked lines and the current line.
class YamlEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit YamlEdit(QWidget *parent = nullptr);

    /// Replaces the text only if it changed, keeping the scroll position and the cursor line.
    bool setYaml(const QString &text);
    /// Marks lines (1-based), e.g. those a form field produces; scrolls the first into view
    /// when none of them is visible.
    void markLines(const QList<int> &lines, bool scroll);
    [[nodiscard]] QList<int> markedLines() const { return m_marked; }
    void goToLine(int line);
    [[nodiscard]] int lineNumberAreaWidth() const;
    /// Its highlighter (the theme's colours).
    [[nodiscard]] QSyntaxHighlighter *highlighter() const { return m_highlighter; }

Q_SIGNALS:
    /// The user clicked a line (1-based).
    void lineClicked(int line);
    /// The user tried to type into the (generated, read-only) text.
    void editAttempted();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *event);
    void updateSelections();

    QWidget *m_lineNumbers;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QList<int> m_marked;
};

/// The YAML view with its search bar (Ctrl+F, Enter/Shift+Enter for next/previous).
class YamlView : public QWidget
{
    Q_OBJECT
public:
    explicit YamlView(QWidget *parent = nullptr);
    [[nodiscard]] YamlEdit *editor() const { return m_edit; }
    void showSearch();
    /// Finds the next (or previous) match; false when there is none.
    bool find(const QString &text, bool backwards = false);

private:
    YamlEdit *m_edit;
    QWidget *m_searchBar;
    QLabel *m_readOnlyHint;
    QLineEdit *m_search;
    QLabel *m_searchStatus;
};

} // namespace dc
