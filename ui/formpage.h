#pragma once

#include "config/project.h"

#include <QHash>
#include <QString>
#include <QWidget>

class QLabel;
class QGridLayout;
class QToolButton;
class QVBoxLayout;

namespace dc {

class ProjectDocument;
struct FieldDef;
struct Target;

/// The form pages, in the order the console lists them: id, title, one line on what it holds.
struct PageInfo
{
    QString id;
    QString title;
    QString summary;
};
const QList<PageInfo> &formPages();

/**
 * One form page: a row per field of the page (label, typed editor, where the value comes from,
 * "reset to inherited", and the problem with the typed text, if any). Rows of fields the target
 * does not use are hidden, unless the project sets them: those show as inactive, kept.
 */
class FormPage : public QWidget
{
    Q_OBJECT
public:
    FormPage(const PageInfo &page, ProjectDocument *document, QWidget *parent = nullptr);

    [[nodiscard]] QString id() const { return m_page.id; }
    /// True when some field of the page applies to the target.
    static bool pageAppliesTo(const QString &pageId, const Target &target);
    /// Shows the document's values (all rows, or the one of `path`).
    void refresh(const QString &path = QString());
    /// Scrolls to and marks the row of `path`; focuses its editor when asked.
    bool selectField(const QString &path, bool focus);
    [[nodiscard]] QWidget *editorFor(const QString &path) const;
    /// The first editor a user can type into (Tab from the page list lands there).
    [[nodiscard]] QWidget *firstEditor() const;
    [[nodiscard]] QToolButton *resetButtonFor(const QString &path) const;
    [[nodiscard]] QString problemFor(const QString &path) const;
    /// What the form says under the field: not used, overridden, generates nothing ("" : nothing).
    [[nodiscard]] QString noteFor(const QString &path) const;
    /// Problems of the typed text on this page: path -> message.
    [[nodiscard]] QHash<QString, QString> problems() const;
    /// The text typed into `path` that is not valid ("" when none).
    [[nodiscard]] QString typedText(const QString &path) const;
    /// Forgets the invalid text typed on this page: the rows show the project's values again.
    void dropTypedText();

Q_SIGNALS:
    /// The user moved into a field's editor.
    void fieldFocused(const QString &path);
    void problemsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Row
    {
        const FieldDef *def = nullptr;
        QLabel *label = nullptr;
        QWidget *editor = nullptr;
        QLabel *origin = nullptr;
        QToolButton *reset = nullptr;
        QLabel *problem = nullptr;
        QLabel *note = nullptr; // not used, overridden, generates nothing
        QVBoxLayout *below = nullptr;
        int gridRow = 0;
    };
    /// One line per row, or origin and Reset under the editor (narrow).
    void placeRows(bool narrow);
    /// Chooses the layout for the width there is.
    void fitWidth();
    void addRow(const FieldDef &def, int row);
    void commitText(Row &row, const QString &text);
    /// `force`: also over what is being typed or marked invalid (undo, redo, drop).
    void showRow(const Row &row, bool force = false);
    /// The row's note and whether it is in use.
    void showState(const Row &row);
    /// Undo or redo brought a state back: the rows show it, whatever was typed.
    void restoreRows(const QString &path);
    void setProblem(Row &row, const QString &message);
    void updateProblemSummary();

    PageInfo m_page;
    ProjectDocument *m_document;
    QGridLayout *m_grid;
    QLabel *m_summary;
    QList<Row> m_rows;
    QHash<QString, int> m_index; // path -> row
    QHash<QString, QString> m_problems;
    bool m_narrow = true; // placeRows(false) runs first
    int m_wideWidth = 0;
    QHash<QString, QString> m_typed;       // path -> the invalid text shown
    QHash<QString, Project> m_typingFrom;  // path -> the project before this typing began
};

} // namespace dc
