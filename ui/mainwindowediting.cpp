// MainWindow: what the form's edits mean — text that is not valid (asked about before it could
// be lost or mistaken for the project), where an edit goes and which environments it reaches,
// closing a document, and the window's shortcuts inside text fields.
#include "mainwindow.h"

#include "config/fields.h"
#include "formpage.h"
#include "projectdocument.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QAbstractSpinBox>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace dc {

bool MainWindow::settleTypedText(const QString &action)
{
    QStringList lines;
    QString first;
    for (FormPage *p : std::as_const(m_formPages)) {
        if (!p)
            continue;
        const QHash<QString, QString> problems = p->problems();
        for (auto it = problems.cbegin(); it != problems.cend(); ++it) {
            const FieldDef *def = findField(it.key());
            const QString typed = p->typedText(it.key());
            lines << u"• %1: %2%3"_s.arg(def ? def->label : it.key(), typed.isEmpty() ? QString() : u"“%1” — "_s.arg(typed), it.value());
            if (first.isEmpty())
                first = it.key();
        }
    }
    if (lines.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Warning, u"Text not applied"_s,
                    u"%1 not valid, so the project does not hold it:\n\n%2\n\nFix it before you %3, or drop the typed text and %3 what the project holds?"_s
                        .arg(lines.size() == 1 ? u"This field's text is"_s : u"These fields' texts are"_s, lines.join(u'\n'), action),
                    QMessageBox::NoButton, this);
    box.setObjectName(u"typedTextQuestion"_s);
    QPushButton *fix = box.addButton(u"&Fix It"_s, QMessageBox::RejectRole);
    QPushButton *drop = box.addButton(u"&Drop Typed Text"_s, QMessageBox::DestructiveRole);
    fix->setObjectName(u"fixTypedText"_s);
    drop->setObjectName(u"dropTypedText"_s);
    box.setDefaultButton(fix);
    box.exec();
    if (box.clickedButton() == drop) {
        for (FormPage *p : std::as_const(m_formPages))
            if (p)
                p->dropTypedText();
        return true;
    }
    selectField(first, true);
    return false;
}

void MainWindow::closeDocument()
{
    // Nothing edits what was closed: no history, no typed text, a quiet status line.
    m_doc->close();
    m_lastExport.clear();
    statusBar()->clearMessage();
    showStartPage();
}

void MainWindow::reportReach(const QString &path)
{
    const FieldDef *def = findField(path);
    if (!def)
        return;
    const std::optional<Scope> scope = m_doc->overrideScope(path);
    QString text;
    if (!scope) {
        text = u"%1: back to the inherited value in every environment without its own"_s.arg(def->label);
    } else if (*scope == Scope::ThisEnvironment) {
        text = u"%1 changed in %2 only"_s.arg(def->label, displayName(m_doc->target().environment));
    } else {
        const QStringList reached = m_doc->environmentsReached(path, Scope::AllEnvironments);
        QStringList others;
        for (int e = 0; e < 3; ++e)
            if (!reached.contains(displayName(Environment(e))))
                others << displayName(Environment(e));
        text = others.isEmpty() ? u"%1 changed in every environment (%2)"_s.arg(def->label, reached.join(u", "_s))
                                : u"%1 changed in %2; %3 %4 its own value"_s.arg(def->label, reached.join(u", "_s), others.join(u" and "_s),
                                                                                  others.size() == 1 ? u"keeps"_s : u"keep"_s);
    }
    statusBar()->showMessage(text, 8000);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // A text field takes Ctrl+E, Ctrl+D, Ctrl+Z … for itself; the window's Save, Export and
    // Compare win there, and Undo and Redo once the field has nothing left of its own.
    if (event->type() == QEvent::Show)
        if (auto *box = qobject_cast<QDialogButtonBox *>(watched))
            addMnemonics(box); // every dialog's buttons, message boxes included
    if (event->type() == QEvent::KeyPress && watched == static_cast<QObject *>(m_pageList)) {
        // Tab from the list of pages goes into the page's first field, not through the bars.
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier && m_pageList->currentRow() >= 0)
            if (QWidget *first = ensurePage(m_pageList->currentRow())->firstEditor()) {
                first->setFocus(Qt::TabFocusReason);
                return true;
            }
    }
    if (event->type() != QEvent::ShortcutOverride || !watched->isWidgetType())
        return QMainWindow::eventFilter(watched, event);
    auto *widget = static_cast<QWidget *>(watched);
    if (widget->window() != this)
        return QMainWindow::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const QKeySequence pressed(key->keyCombination());
    auto *edit = qobject_cast<QLineEdit *>(widget);
    if (!edit)
        if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget))
            edit = spin->findChild<QLineEdit *>();
    for (const char *name : {"actionSave", "actionSaveAs", "actionExport", "actionDiff", "actionUndo", "actionRedo"}) {
        const QAction *a = findChild<QAction *>(QLatin1String(name));
        if (!a || !a->isEnabled() || a->shortcut() != pressed)
            continue;
        if (edit && qstrcmp(name, "actionUndo") == 0 && edit->isUndoAvailable())
            return false; // the field's own undo first
        if (edit && qstrcmp(name, "actionRedo") == 0 && edit->isRedoAvailable())
            return false;
        return true; // not overridden: the shortcut fires
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace dc
