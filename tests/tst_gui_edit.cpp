// What an edit in the console means, driven offscreen as a user types: invalid text never
// reaches the project and is asked about before Save, Export, Compare and closing; undo shows
// the field's text again; the scope of an edit is chosen before typing and the status line says
// which environments it reached; closing ends the document; no recovery offer after a save or a
// clean quit; a value typed back to the saved one is no change; and the window's shortcuts inside
// text fields, a spin box that keeps a minus sign, and mnemonics on dialog buttons.
#include "comparedialog.h"
#include "config/fields.h"
#include "config/project.h"
#include "exportdialog.h"
#include "formpage.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "startpage.h"
#include "guiutil.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <functional>

using namespace Qt::StringLiterals;
using namespace dc;
using dctest::editor;
using dctest::openNew;
using dctest::typeInto;

namespace {

/// Answers the modal dialogs that open while it lives, one `answer` call each (as a user clicks).
class ModalAnswers : public QObject
{
public:
    explicit ModalAnswers(std::function<void(QWidget *)> answer)
        : m_answer(std::move(answer))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (QWidget *modal = QApplication::activeModalWidget(); modal && modal != m_last) {
                m_last = modal;
                seen << modal->objectName() + u'|' + modal->windowTitle();
                m_answer(modal);
            }
        });
        m_timer.start(10);
    }
    QStringList seen;

private:
    std::function<void(QWidget *)> m_answer;
    QTimer m_timer;
    QPointer<QWidget> m_last;
};

void click(QWidget *dialog, const QString &buttonName)
{
    if (auto *b = dialog->findChild<QPushButton *>(buttonName))
        b->click();
}

} // namespace

class TestGuiEdit : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    const Target m_production{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};

    static QString recoveryDir() { return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/recovery"_s; }
    static QStringList recoveries() { return QDir(recoveryDir()).entryList({u"*.json"_s}, QDir::Files); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        dctest::useOwnFolders(m_home);
    }

    // 1. "v0.3.9 rc1" and "latest!" are not tags: not their valid beginnings either.
    void invalidTextNeverReachesTheProject()
    {
        MainWindow w;
        openNew(w, m_production);
        auto *tag = editor<QLineEdit>(w, u"image.tag"_s);
        const QString before = w.document()->resolved().str(u"image.tag"_s);
        const int steps = w.document()->undoStack()->count();
        typeInto(tag, u"v0.3.9 rc1"_s);
        QCOMPARE(tag->text(), u"v0.3.9 rc1"_s); // what was typed stays in sight, marked
        QVERIFY(!w.page(u"images"_s)->problemFor(u"image.tag"_s).isEmpty());
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), before);
        QVERIFY(!w.document()->project().values.contains(u"image.tag"_s));
        QCOMPARE(w.document()->undoStack()->count(), steps); // the prefix's step is gone too
        QVERIFY(!w.document()->isModified());
        typeInto(tag, u"latest!"_s);
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), before);

        // Save asks: Fix It keeps the window as it is, saves nothing, and goes to the field.
        const QString file = m_home.filePath(u"typed.yaml"_s);
        QString error;
        QVERIFY(w.saveProject(file, &error));
        typeInto(tag, u"v0.3.9 rc1"_s);
        {
            ModalAnswers answers([](QWidget *m) { click(m, u"fixTypedText"_s); });
            w.findChild<QAction *>(u"actionSave"_s)->trigger();
            QCOMPARE(answers.seen.size(), 1);
            QVERIFY(answers.seen.first().startsWith(u"typedTextQuestion|"_s));
        }
        QCOMPARE(w.currentField(), u"image.tag"_s);
        QCOMPARE(w.focusWidget(), tag);
        QCOMPARE(loadProjectFile(file).project->values.contains(u"image.tag"_s), false);
        // Compare asks too; Drop Typed Text shows the project's value and compares that.
        {
            ModalAnswers answers([](QWidget *m) { click(m, u"dropTypedText"_s); });
            w.findChild<QAction *>(u"actionDiff"_s)->trigger();
            QCOMPARE(answers.seen.size(), 1);
        }
        QCOMPARE(tag->text(), before);
        QVERIFY(w.page(u"images"_s)->problems().isEmpty());
        QVERIFY(w.findChild<CompareDialog *>());
        // Export asks the same (answered: fix).
        typeInto(tag, u"bad tag"_s);
        {
            ModalAnswers answers([](QWidget *m) { click(m, u"fixTypedText"_s); });
            w.findChild<QAction *>(u"actionExport"_s)->trigger();
            QCOMPARE(answers.seen.size(), 1);
        }
        QVERIFY(!w.findChild<ExportDialog *>());
        // Closing the window asks too.
        {
            ModalAnswers answers([](QWidget *m) { click(m, u"fixTypedText"_s); });
            QVERIFY(!w.close());
            QCOMPARE(answers.seen.size(), 1);
        }
        QVERIFY(w.isVisible());

        // Undo puts the field's text back with the value.
        typeInto(tag, u"v1.0.0"_s);
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), u"v1.0.0"_s);
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), before);
        QCOMPARE(tag->text(), before);
        QVERIFY(w.page(u"images"_s)->problems().isEmpty());
        w.document()->undoStack()->redo();
        QCOMPARE(tag->text(), u"v1.0.0"_s);
        w.document()->undoStack()->undo();
        QVERIFY(w.saveProject(file, &error));
    }

    // 2. The scope is a control above the form; the status line says what an edit reached.
    void scopeIsChosenBeforeTyping()
    {
        MainWindow w;
        openNew(w, m_production);
        auto *all = w.findChild<QRadioButton *>(u"scopeAll"_s);
        auto *only = w.findChild<QRadioButton *>(u"scopeThis"_s);
        QVERIFY(all->isVisible() && all->isChecked());
        QCOMPARE(only->text(), u"Production &only"_s);
        auto *tag = editor<QLineEdit>(w, u"image.tag"_s);
        QTest::mouseClick(only, Qt::LeftButton);
        typeInto(tag, u"v3.0.0"_s);
        QVERIFY(w.document()->project().environments[size_t(Environment::Production)].contains(u"image.tag"_s));
        QVERIFY(!w.document()->project().values.contains(u"image.tag"_s));
        QCOMPARE(w.statusBar()->currentMessage(), u"Image tag changed in Production only"_s);
        QTest::mouseClick(all, Qt::LeftButton);
        typeInto(tag, u"v4.0.0"_s);
        QVERIFY(w.document()->project().values.contains(u"image.tag"_s));
        QVERIFY(!w.document()->project().environments[size_t(Environment::Production)].contains(u"image.tag"_s));
        QCOMPARE(w.statusBar()->currentMessage(), u"Image tag changed in every environment (Development, Staging, Production)"_s);
        // Staging with its own value keeps it; the label follows the environment.
        w.document()->setTarget(Target{Platform::Kubeflow, Environment::Staging, Preset::ModelRegistryUi});
        QCOMPARE(only->text(), u"Staging &only"_s);
        QTest::mouseClick(only, Qt::LeftButton);
        typeInto(tag, u"v5.0.0"_s);
        w.document()->setTarget(m_production);
        QTest::mouseClick(all, Qt::LeftButton);
        typeInto(tag, u"v6.0.0"_s);
        QCOMPARE(w.statusBar()->currentMessage(), u"Image tag changed in Development, Production; Staging keeps its own value"_s);
    }

    // 3. New closes the document: no history, no status, nothing to undo into.
    void closingEndsTheDocument()
    {
        MainWindow w;
        openNew(w, m_production);
        typeInto(editor<QLineEdit>(w, u"image.tag"_s), u"v7.0.0"_s);
        QVERIFY(w.document()->undoStack()->canUndo());
        {
            ModalAnswers answers([](QWidget *m) {
                if (auto *box = qobject_cast<QMessageBox *>(m))
                    box->button(QMessageBox::Discard)->click();
            });
            w.findChild<QAction *>(u"actionNew"_s)->trigger();
            QCOMPARE(answers.seen.size(), 1); // "unsaved changes"
        }
        QVERIFY(!w.editorShown());
        QCOMPARE(w.document()->undoStack()->count(), 0);
        QVERIFY(!w.findChild<QAction *>(u"actionUndo"_s)->isEnabled());
        QVERIFY(w.statusBar()->currentMessage().isEmpty());
        QVERIFY(!w.document()->isModified());
        QVERIFY(!w.document()->project().values.contains(u"image.tag"_s));
    }

    // 4. Recovery offers only what was lost.
    void noRecoveryOfferAfterSaveOrQuit()
    {
        QDir(recoveryDir()).removeRecursively();
        const QString file = m_home.filePath(u"recovery.yaml"_s), other = m_home.filePath(u"saved-as.yaml"_s);
        QString error;
        {
            MainWindow w;
            openNew(w, m_production); // untitled
            typeInto(editor<QLineEdit>(w, u"image.tag"_s), u"v8.0.0"_s);
            w.autosave();
            QCOMPARE(recoveries().size(), 1);
            QVERIFY(w.saveProject(file, &error)); // Save As of an untitled project
            QCOMPARE(recoveries(), QStringList());
            typeInto(editor<QLineEdit>(w, u"image.tag"_s), u"v8.0.1"_s);
            w.autosave();
            QCOMPARE(recoveries().size(), 1);
            QVERIFY(w.saveProject(other, &error)); // Save As to another file
            QCOMPARE(recoveries(), QStringList());
            typeInto(editor<QLineEdit>(w, u"image.tag"_s), u"v8.0.2"_s);
            w.autosave();
            {
                ModalAnswers answers([](QWidget *m) {
                    if (auto *box = qobject_cast<QMessageBox *>(m))
                        box->button(QMessageBox::Discard)->click();
                });
                w.findChild<QAction *>(u"actionClose"_s)->trigger();
            }
            QCOMPARE(recoveries(), QStringList()); // discarded
            QVERIFY(w.openProject(file, &error));
            typeInto(editor<QLineEdit>(w, u"image.tag"_s), u"v8.0.3"_s);
            w.autosave();
            QVERIFY(w.saveProject(file, &error));
            QVERIFY(w.close()); // a clean quit
        }
        QCOMPARE(recoveries(), QStringList());
        MainWindow restarted;
        restarted.show();
        QVERIFY(restarted.recoveryFiles().isEmpty());
        QVERIFY(!restarted.startPage()->findChild<QWidget *>(u"recoveryBanner"_s)->isVisible());
    }

    // 6. Typing the saved value back is no change.
    void savedValueIsNoChange()
    {
        MainWindow w;
        w.show();
        const QString file = m_home.filePath(u"same.yaml"_s);
        QString error;
        QVERIFY(saveProjectFile(Project{}, file, &error));
        QVERIFY(w.openProject(file, &error));
        auto *tag = editor<QLineEdit>(w, u"image.tag"_s);
        const QString saved = tag->text();
        typeInto(tag, u"v9.9.9"_s);
        QVERIFY(w.document()->isModified());
        QVERIFY(w.isWindowModified());
        typeInto(tag, saved);
        QVERIFY(!w.document()->isModified());
        QVERIFY(!w.document()->project().values.contains(u"image.tag"_s)); // as in the file: no entry
        auto *replicas = editor<QSpinBox>(w, u"replicas"_s);
        replicas->setValue(replicas->value() + 1);
        QVERIFY(w.document()->isModified());
        replicas->setValue(replicas->value() - 1);
        QVERIFY(!w.document()->isModified());
        QVERIFY(!w.isWindowModified());
    }

    // 7. Save, Compare, Export and Undo work inside a text field; Save As is Ctrl+Shift+S; a
    // spin box keeps "-2" and says it is out of range; Tab reaches the form quickly; every
    // dialog button has a mnemonic.
    void keyboard()
    {
        MainWindow w;
        openNew(w, m_production);
        QApplication::setActiveWindow(&w);
        const QString file = m_home.filePath(u"keys.yaml"_s);
        QString error;
        QVERIFY(w.saveProject(file, &error));
        auto *tag = editor<QLineEdit>(w, u"image.tag"_s);
        typeInto(tag, u"v10.0.0"_s);
        QVERIFY(w.document()->isModified());
        QTest::keyClick(tag, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!w.document()->isModified());
        QCOMPARE(loadProjectFile(file).project->values.value(u"image.tag"_s).value.toString(), u"v10.0.0"_s);
        QTest::keyClick(tag, Qt::Key_D, Qt::ControlModifier);
        QVERIFY(w.findChild<CompareDialog *>());
        {
            ModalAnswers answers([](QWidget *m) {
                if (qobject_cast<ExportDialog *>(m))
                    static_cast<QDialog *>(m)->reject();
            });
            QTest::keyClick(tag, Qt::Key_E, Qt::ControlModifier);
            QCOMPARE(answers.seen.size(), 1);
        }
        QCOMPARE(w.findChild<QAction *>(u"actionSaveAs"_s)->shortcut(), QKeySequence(u"Ctrl+Shift+S"_s));
        w.findChild<CompareDialog *>()->close(); // the window is the active one again
        QApplication::setActiveWindow(&w);
        // Ctrl+Z: the field's own undo first, then the project's.
        tag->setFocus();
        tag->selectAll();
        QTest::keyClicks(tag, u"v11"_s);
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), u"v11"_s);
        while (tag->isUndoAvailable())
            QTest::keyClick(tag, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(tag->text(), u"v0.3.8"_s); // the field's history is all it was typed since shown
        QCOMPARE(w.document()->resolved().str(u"image.tag"_s), u"v0.3.8"_s);
        const int index = w.document()->undoStack()->index();
        QTest::keyClick(tag, Qt::Key_Z, Qt::ControlModifier); // falls through
        QCOMPARE(w.document()->undoStack()->index(), index - 1);
        // A spin box keeps the minus sign.
        auto *replicas = editor<QSpinBox>(w, u"replicas"_s);
        const qint64 was = w.document()->resolved().integer(u"replicas"_s);
        replicas->setFocus();
        replicas->selectAll();
        QTest::keyClicks(replicas, u"-2"_s);
        QCOMPARE(replicas->value(), -2);
        QVERIFY2(w.page(u"general"_s)->problemFor(u"replicas"_s).contains(u"out of range"_s), qPrintable(w.page(u"general"_s)->problemFor(u"replicas"_s)));
        QCOMPARE(w.document()->resolved().integer(u"replicas"_s), was);
        w.page(u"general"_s)->dropTypedText();
        // Tab from the page list reaches the first field of the page at once.
        w.pageList()->setCurrentRow(0);
        w.pageList()->setFocus();
        QTest::keyClick(w.pageList(), Qt::Key_Tab);
        QVERIFY2(QApplication::focusWidget() && QApplication::focusWidget()->objectName().startsWith(u"field:"_s),
                 qPrintable(QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : u"none"_s));
        // Mnemonics on the buttons of a message box and of the export dialog.
        {
            QStringList texts;
            ModalAnswers answers([&texts](QWidget *m) {
                for (auto *box : m->findChildren<QDialogButtonBox *>())
                    for (QAbstractButton *b : box->buttons())
                        texts << b->text();
                if (auto *dialog = qobject_cast<QDialog *>(m))
                    dialog->reject();
            });
            QMessageBox::question(&w, u"Question"_s, u"Saved?"_s, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
            ExportDialog(m_production, u"x"_s, &w).exec();
            QVERIFY(texts.size() >= 5);
            for (const QString &t : std::as_const(texts))
                QVERIFY2(t.contains(u'&'), qPrintable(t));
        }
    }
};

QTEST_MAIN(TestGuiEdit)
#include "tst_gui_edit.moc"
