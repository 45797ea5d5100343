// What the console shows, offscreen: names in lists and maps checked as the API server and
// Istio check them; settings that do not apply, are overridden or generate nothing say so; the
// window at 1024×700 keeps every form row's editor, origin and Reset inside the form, resource
// names readable and the findings panel small when empty; the YAML colours and the status
// colours at 4.5:1 in both themes, and a theme switch leaves none of the other's; icons from
// the theme or bundled, sharp at 2×; the start screen's platforms, recent targets and demo;
// coloured diffs with next/previous change; counts in the right number; quantities without
// locale surprises; --help and --version without a display.
#include "comparedialog.h"
#include "config/fields.h"
#include "config/project.h"
#include "findingspanel.h"
#include "itemmodels/findingsmodel.h"
#include "formpage.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "quantityedit.h"
#include "startpage.h"
#include "tableedit.h"
#include "theme.h"
#include "yamlview.h"
#include "guiutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStyle>
#include <QSyntaxHighlighter>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace dc;
using dctest::editor;
using dctest::openNew;

class TestGuiLook : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static void setCell(QTableWidget *t, int row, int column, const QString &text)
    {
        if (!t->item(row, column))
            t->setItem(row, column, new QTableWidgetItem());
        t->item(row, column)->setText(text);
    }
    static bool waitForFindings(MainWindow &w)
    {
        QSignalSpy spy(&w, &MainWindow::findingsUpdated);
        return spy.wait(20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        dctest::useOwnFolders(m_home);
    }

    // 5. Hosts, origins, header names, label keys and values: checked where they are typed.
    void namesCheckedInTheForm()
    {
        MainWindow w;
        openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        auto *hosts = editor<TableEdit>(w, u"istio.virtualService.hosts"_s);
        setCell(hosts, 0, 0, u"https://models.example.com"_s);
        QVERIFY2(w.page(u"networking"_s)->problemFor(u"istio.virtualService.hosts"_s).contains(u"scheme, port or path"_s),
                 qPrintable(w.page(u"networking"_s)->problemFor(u"istio.virtualService.hosts"_s)));
        QCOMPARE(w.document()->resolved().list(u"istio.virtualService.hosts"_s), QStringList{u"*"_s});
        setCell(hosts, 0, 0, u"*.example.com"_s);
        QVERIFY(w.page(u"networking"_s)->problemFor(u"istio.virtualService.hosts"_s).isEmpty());
        QCOMPARE(w.document()->resolved().list(u"istio.virtualService.hosts"_s), QStringList{u"*.example.com"_s});
        auto *origins = editor<TableEdit>(w, u"allowedOrigins"_s);
        setCell(origins, 0, 0, u"https://dash.example.com/path"_s);
        QVERIFY(w.page(u"general"_s)->problemFor(u"allowedOrigins"_s).contains(u"more than an origin"_s));
        auto *labels = editor<TableEdit>(w, u"labels"_s);
        setCell(labels, 0, 0, u"team name"_s);
        setCell(labels, 0, 1, u"platform"_s);
        QVERIFY(w.page(u"general"_s)->problemFor(u"labels"_s).contains(u"not a valid key"_s));
        setCell(labels, 0, 0, u"example.com/team"_s);
        setCell(labels, 0, 1, u"-platform"_s);
        QVERIFY(w.page(u"general"_s)->problemFor(u"labels"_s).contains(u"not a valid label value"_s));
        QCOMPARE(w.document()->resolved().map(u"labels"_s).value(u"example.com/team"_s).toString(), u"platform"_s); // not "-platform"
        auto *header = editor<QLineEdit>(w, u"auth.tokenHeader"_s);
        dctest::typeInto(header, u"X Token"_s);
        QVERIFY(w.page(u"auth"_s)->problemFor(u"auth.tokenHeader"_s).contains(u"not an HTTP header name"_s));
    }

    // 6. Not used, overridden, generates nothing: said under the field.
    void settingsSayWhyTheyDoNotApply()
    {
        MainWindow w;
        openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        FormPage *net = w.page(u"networking"_s);
        QVERIFY(net->noteFor(u"istio.gateway.hosts"_s).contains(u"shared gateway"_s));
        QVERIFY(!net->editorFor(u"istio.gateway.hosts"_s)->isEnabled());
        w.document()->setValue(u"istio.gateway.mode"_s, u"dedicated"_s);
        QVERIFY(net->noteFor(u"istio.gateway.hosts"_s).isEmpty());
        QVERIFY(net->editorFor(u"istio.gateway.hosts"_s)->isEnabled());
        QVERIFY(net->noteFor(u"istio.virtualService.hosts"_s).contains(u"dedicated Gateway's hosts"_s));
        FormPage *general = w.page(u"general"_s);
        QVERIFY(general->noteFor(u"logLevel"_s).isEmpty());
        w.document()->setValue(u"features.debugMode"_s, true);
        QVERIFY(general->noteFor(u"logLevel"_s).startsWith(u"Overridden by Debug mode"_s));
        QVERIFY(general->editorFor(u"logLevel"_s)->isEnabled()); // still yours to set
        FormPage *monitoring = w.page(u"monitoring"_s);
        auto *enabled = editor<QCheckBox>(w, u"monitoring.enabled"_s);
        if (!enabled->isChecked()) // production turns it on already
            enabled->click();
        QVERIFY2(monitoring->noteFor(u"monitoring.enabled"_s).startsWith(u"Generates nothing"_s),
                 qPrintable(u"%1 / %2 / %3"_s.arg(monitoring->noteFor(u"monitoring.enabled"_s)).arg(w.document()->resolved().flag(u"monitoring.enabled"_s)).arg(w.document()->resolved().integer(u"monitoring.metricsPort"_s))));
        QVERIFY(!monitoring->editorFor(u"monitoring.interval"_s)->isEnabled());
        w.document()->setValue(u"monitoring.metricsPort"_s, qint64(9090));
        QVERIFY(monitoring->noteFor(u"monitoring.enabled"_s).isEmpty());
        QVERIFY(monitoring->editorFor(u"monitoring.interval"_s)->isEnabled());
    }

    // 8. At 1024×700: each row's editor, origin and Reset inside the form's visible width;
    // resource rows show names (elided in the middle, the full name in the tooltip); the
    // findings panel small when there is nothing to list; the tool bar's buttons stay put.
    void usableAt1024x700()
    {
        MainWindow w;
        openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        w.resize(1024, 700);
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (const QString &pageId : {u"general"_s, u"images"_s, u"resources"_s, u"networking"_s, u"auth"_s}) {
            FormPage *page = w.page(pageId);
            w.selectField(findField(u"name"_s)->path, false);
            for (const FieldDef &def : fieldDefs()) {
                if (def.page != pageId || !def.appliesTo(w.document()->target()))
                    continue;
                w.selectField(def.path, false);
                QApplication::processEvents();
                auto *scroll = qobject_cast<QScrollArea *>(page->parentWidget()->parentWidget());
                QVERIFY(scroll);
                const int visibleRight = scroll->viewport()->width();
                for (QWidget *part : {page->editorFor(def.path), static_cast<QWidget *>(page->resetButtonFor(def.path)),
                                      static_cast<QWidget *>(page->findChild<QLabel *>(u"origin:"_s + def.path))}) {
                    const QRect r(part->mapTo(page, QPoint(0, 0)), part->size());
                    QVERIFY2(r.right() <= visibleRight && r.width() > 0, qPrintable(u"%1: %2 ends at %3 of %4"_s.arg(def.path, part->objectName()).arg(r.right()).arg(visibleRight)));
                }
            }
        }
        // The page list shows each title whole, next to its icon.
        for (int i = 0; i < w.pageList()->count(); ++i) {
            const QListWidgetItem *item = w.pageList()->item(i);
            const int icon = w.pageList()->style()->pixelMetric(QStyle::PM_ListViewIconSize, nullptr, w.pageList());
            QVERIFY(icon > 0);
            const int needed = w.pageList()->fontMetrics().horizontalAdvance(item->text()) + icon;
            QVERIFY2(needed <= w.pageList()->viewport()->width(), qPrintable(item->text()));
        }
        auto *tree = w.findChild<QTreeView *>(u"resourceTree"_s);
        QCOMPARE(tree->textElideMode(), Qt::ElideMiddle);
        const QModelIndex group = tree->model()->index(0, 0);
        const QModelIndex first = tree->model()->index(0, 0, group);
        QVERIFY(!first.data().toString().contains(u'/')); // the name; the kind is the group
        QVERIFY(first.data(Qt::ToolTipRole).toString().contains(u'/' + first.data().toString()));
        // Undo's text goes in the tooltip: the tool bar keeps its width while edits come and go.
        auto *tools = w.findChild<QToolBar *>(u"mainToolBar"_s);
        const int width = tools->sizeHint().width();
        w.document()->setValue(u"image.tag"_s, u"v1.2.3-with-a-long-name"_s);
        QCOMPARE(tools->sizeHint().width(), width);
        QVERIFY(w.findChild<QAction *>(u"actionUndo"_s)->toolTip().startsWith(u"Undo: Change Image tag"_s));
        // Findings: a clean standalone development project has nothing to list: compact panel.
        MainWindow clean;
        clean.resize(1024, 700);
        clean.show();
        Project p;
        p.target = Target{Platform::Standalone, Environment::Development, Preset::ModelRegistryUi};
        clean.showProject(p, QString());
        QVERIFY(waitForFindings(clean));
        auto *panel = clean.findChild<FindingsPanel *>();
        QCOMPARE(clean.findingsModel()->rowCount(), 0);
        QVERIFY(panel->compact());
        QVERIFY(panel->height() < 120);
        clean.document()->setValue(u"image.tag"_s, u"latest"_s);
        clean.document()->setTarget(Target{Platform::Standalone, Environment::Production, Preset::ModelRegistryUi});
        QTRY_VERIFY_WITH_TIMEOUT(clean.findingsModel()->rowCount() > 0, 20000);
        QVERIFY(!panel->compact());
        QTRY_VERIFY(panel->height() >= 120);
    }

    // 9. WCAG AA for the YAML preview in both themes; a theme switch repaints it all; disabled
    // controls differ from enabled ones.
    void contrastInBothThemes()
    {
        MainWindow w;
        openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        for (const QString &theme : {u"light"_s, u"dark"_s}) {
            w.setTheme(theme);
            const QPalette pal = QApplication::palette();
            const SyntaxColours c = syntaxColours(pal);
            for (const auto &[name, colour] : {std::pair{"key", c.key}, std::pair{"string", c.string}, std::pair{"number", c.number},
                                               std::pair{"comment", c.comment}, std::pair{"separator", c.separator}}) {
                for (const QColor &background : {pal.color(QPalette::Base), c.markedLine, c.currentLine})
                    QVERIFY2(contrastRatio(colour, background) >= 4.5,
                             qPrintable(u"%1 %2 on %3: %4"_s.arg(theme, QLatin1String(name), background.name()).arg(contrastRatio(colour, background))));
            }
            QVERIFY(contrastRatio(pal.color(QPalette::Text), pal.color(QPalette::Base)) >= 4.5);
            QVERIFY(contrastRatio(pal.color(QPalette::Text), c.markedLine) >= 4.5);
            for (const QString &status : {u"ok"_s, u"warn"_s, u"fail"_s})
                for (const QColor &background : {pal.color(QPalette::Window), pal.color(QPalette::Base)})
                    QVERIFY2(contrastRatio(statusColour(status), background) >= 4.5, qPrintable(theme + u' ' + status));
            QVERIFY(pal.color(QPalette::Disabled, QPalette::Text) != pal.color(QPalette::Active, QPalette::Text));
            QVERIFY(pal.color(QPalette::Disabled, QPalette::ButtonText) != pal.color(QPalette::Active, QPalette::ButtonText));
            // The preview's keys are drawn in this theme's colour, none in the other's.
            QApplication::processEvents();
            YamlEdit *yaml = w.yamlEdit();
            bool keyColour = false;
            for (QTextBlock b = yaml->document()->begin(); b.isValid() && !keyColour; b = b.next())
                for (const QTextLayout::FormatRange &r : b.layout()->formats())
                    keyColour = keyColour || r.format.foreground().color() == c.key;
            QVERIFY2(keyColour, qPrintable(theme));
            const SyntaxColours other = syntaxColours(theme == u"light"_s ? QPalette(QColor(0x2b, 0x2d, 0x31)) : QPalette(Qt::white));
            for (QTextBlock b = yaml->document()->begin(); b.isValid(); b = b.next())
                for (const QTextLayout::FormatRange &r : b.layout()->formats())
                    QVERIFY2(r.format.foreground().color() != other.key, qPrintable(theme + u": a key still in the other theme's colour"_s));
        }
        w.setTheme(u"light"_s);
    }

    // 7. Focus is always visible: a field, a list of choices, a check box, a spin box, the page
    // list and a button each look different with the keyboard's focus, in both themes.
    void focusIsVisible()
    {
        for (const QString &theme : {u"light"_s, u"dark"_s}) {
            MainWindow w;
            w.setTheme(theme);
            openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
            w.resize(1440, 880);
            QApplication::setActiveWindow(&w);
            QVERIFY(QTest::qWaitForWindowActive(&w));
            w.page(u"general"_s);
            w.pageList()->setCurrentRow(0);
            const QList<QWidget *> widgets{editor<QLineEdit>(w, u"namespace"_s), editor<QComboBox>(w, u"logLevel"_s), editor<QCheckBox>(w, u"createNamespace"_s),
                                           editor<QSpinBox>(w, u"replicas"_s), w.pageList(), w.findChild<QPushButton *>()};
            for (QWidget *widget : widgets) {
                QVERIFY(widget);
                w.yamlEdit()->setFocus(Qt::TabFocusReason);
                QApplication::processEvents();
                const QImage without = widget->grab().toImage();
                widget->setFocus(Qt::TabFocusReason);
                QApplication::processEvents();
                QVERIFY2(widget->hasFocus(), qPrintable(widget->objectName()));
                QVERIFY2(widget->grab().toImage() != without, qPrintable(u"%1: no focus shown on %2 %3"_s.arg(theme, QString::fromLatin1(widget->metaObject()->className()), widget->objectName())));
            }
        }
        applyTheme(u"light"_s);
    }

    // 10. Icons: every tool bar action and page has one, sharp at 2×; the start screen.
    void iconsAndStartScreen()
    {
        MainWindow w;
        openNew(w, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        for (QAction *a : w.findChild<QToolBar *>(u"mainToolBar"_s)->actions()) {
            QVERIFY2(!a->icon().isNull(), qPrintable(a->text()));
            const QPixmap px = a->icon().pixmap(QSize(24, 24), 2.0);
            QCOMPARE(px.size(), QSize(48, 48)); // drawn for the scale, not stretched
            QCOMPARE(px.devicePixelRatio(), 2.0);
        }
        for (int i = 0; i < w.pageList()->count(); ++i)
            QVERIFY2(!w.pageList()->item(i)->icon().isNull(), qPrintable(w.pageList()->item(i)->text()));
        const QString file = m_home.filePath(u"recent.deploy-project.yaml"_s);
        QString error;
        Project odh;
        odh.target = Target{Platform::Odh, Environment::Staging, Preset::Split};
        QVERIFY(saveProjectFile(odh, file, &error));
        StartPage::rememberRecentFile(file);
        w.showStartPage();
        StartPage *start = w.startPage();
        start->setRecentFiles(StartPage::recentFiles());
        QVERIFY2(start->recentList()->item(0)->text().startsWith(
                     u"recent.deploy-project.yaml — %1 · Staging · %2\n"_s.arg(displayName(Platform::Odh), displayName(Preset::Split))),
                 qPrintable(start->recentList()->item(0)->text()));
        auto *platforms = start->findChild<QGroupBox *>(u"platformGuide"_s);
        QVERIFY(platforms && platforms->isVisible());
        QCOMPARE(platforms->findChildren<QLabel *>().size(), 3);
        QVERIFY(start->findChild<QLabel *>(u"demoText"_s)->text().contains(u"demo-cluster"_s));
    }

    // 11. Diffs coloured with next/previous change; counts; quantities; --help without display.
    void smallerThings()
    {
        Project p;
        p.target = Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};
        const QString current = u"a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\n"_s;
        const QString saved = u"a: 1\nb: 0\nc: 3\nd: 4\ne: 5\nf: 6\ng: 0\nh: 8\n"_s;
        CompareDialog dialog(p, p.target, current, saved, QFont());
        dialog.show();
        QCOMPARE(dialog.changeCount(), 2);
        QCOMPARE(dialog.currentChange(), 0);
        dialog.nextChange();
        QCOMPARE(dialog.currentChange(), 1);
        dialog.previousChange();
        QCOMPARE(dialog.currentChange(), 0);
        QCOMPARE(dialog.findChild<QLabel *>(u"diffSummary"_s)->text(), u"2 lines added, 2 removed (left: last saved/exported, right: current)"_s);
        dialog.findChild<QCheckBox *>(u"diffUnified"_s)->setChecked(true);
        auto *left = dialog.findChild<QPlainTextEdit *>(u"diffLeft"_s);
        QVERIFY(dialog.changeCount() == 2);
        QStringList marked;
        for (int row : dialog.markedRows(left))
            marked << left->document()->findBlockByNumber(row).text();
        QVERIFY2(marked.contains(u"-b: 0"_s) && marked.contains(u"+b: 2"_s) && marked.contains(u"+g: 7"_s), qPrintable(marked.join(u'|')));
        QVERIFY(std::any_of(marked.cbegin(), marked.cend(), [](const QString &l) { return l.startsWith(u"@@"_s); }));
        // One line: singular.
        CompareDialog one(p, p.target, u"a: 1\n"_s, u"a: 2\n"_s, QFont());
        QVERIFY2(one.findChild<QLabel *>(u"diffSummary"_s)->text().startsWith(u"1 line added, 1 removed"_s), qPrintable(one.findChild<QLabel *>(u"diffSummary"_s)->text()));
        QCOMPARE(countOf(1, u"YAML line"_s, u"YAML lines"_s), u"1 YAML line"_s);
        // Quantities: "1", "1.5", "1024" — in a locale with other separators too.
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QuantityEdit memory(QuantityEdit::Memory);
        memory.setQuantity(u"1Gi"_s);
        QCOMPARE(memory.numberBox()->text(), u"1"_s);
        memory.setQuantity(u"1.5Gi"_s);
        QCOMPARE(memory.numberBox()->text(), u"1.5"_s);
        memory.setQuantity(u"1024Mi"_s);
        QCOMPARE(memory.numberBox()->text(), u"1024"_s);
        QCOMPARE(memory.quantity(), u"1024Mi"_s);
        QLocale::setDefault(QLocale::c());
        // --help and --version with no display at all.
        for (const QString &flag : {u"--help"_s, u"--version"_s}) {
            QProcess console;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(u"DISPLAY"_s);
            env.remove(u"WAYLAND_DISPLAY"_s);
            env.remove(u"QT_QPA_PLATFORM"_s);
            console.setProcessEnvironment(env);
            console.start(QStringLiteral(DEPLOY_CONSOLE_PATH), {flag});
            QVERIFY(console.waitForFinished(20000));
            QCOMPARE(console.exitCode(), 0);
            const QString out = QString::fromUtf8(console.readAllStandardOutput());
            QVERIFY2(flag == u"--help"_s ? out.contains(u"--self-test"_s) : out.startsWith(u"Deploy Console "_s), qPrintable(out));
        }
    }
};

QTEST_MAIN(TestGuiLook)
#include "tst_gui_look.moc"
