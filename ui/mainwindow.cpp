#include "mainwindow.h"

#include "comparedialog.h"
#include "config/fields.h"
#include "config/project.h"
#include "config/recoverystore.h"
#include "exportdialog.h"
#include "findingspanel.h"
#include "resourcepanel.h"
#include "scopebar.h"
#include "formpage.h"
#include "itemmodels/findingsmodel.h"
#include "manifests/bundle.h"
#include "manifests/bundletext.h"
#include "manifests/export.h"
#include "projectdocument.h"
#include "session/previewsession.h"
#include "shortcutsdialog.h"
#include "startpage.h"
#include "targetbar.h"
#include "theme.h"
#include "validation/validator.h"
#include "yamlview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QShowEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

constexpr int AutosaveMs = 3000;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_doc(new ProjectDocument(this))
    , m_session(new PreviewSession(this))
    , m_recovery(std::make_unique<RecoveryStore>(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/recovery"_s, ::getpid()))
{
    setObjectName(u"mainWindow"_s);
    QSettings settings;
    setTheme(settings.value(u"theme"_s, u"system"_s).toString());
    m_stack = new QStackedWidget(this);
    // The start screen is built when it is first shown: opening a project skips it.
    m_stack->addWidget(new QWidget(m_stack));
    buildEditor();
    m_stack->addWidget(m_editor);
    setCentralWidget(m_stack);
    buildMenus();

    connect(m_doc, &ProjectDocument::changed, this, [this](const QString &path) {
        for (FormPage *p : std::as_const(m_formPages))
            if (p)
                p->refresh(path);
        m_autosaveDirty = true;
        rerender();
    });
    connect(m_doc, &ProjectDocument::edited, this, &MainWindow::reportReach);
    qApp->installEventFilter(this); // the window's shortcuts inside text fields
    connect(m_doc, &ProjectDocument::targetChanged, this, &MainWindow::onTargetChanged);
    connect(m_doc, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &ProjectDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_session, &PreviewSession::rendered, this, &MainWindow::showPreview);
    connect(m_session, &PreviewSession::checkStarted, this, [this] { m_findingsPanel->setChecking(); });
    connect(m_session, &PreviewSession::validated, this, &MainWindow::showFindings);

    m_autosave = new QTimer(this);
    connect(m_autosave, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosave->start(AutosaveMs);

    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(1440, 880);
    m_mainSplitter->restoreState(settings.value(u"window/mainSplitter"_s).toByteArray());
    m_verticalSplitter->restoreState(settings.value(u"window/verticalSplitter"_s).toByteArray());
    updateTitle();
}

MainWindow::~MainWindow() = default;

StartPage *MainWindow::startPage()
{
    if (m_start)
        return m_start;
    m_start = new StartPage(m_stack);
    m_stack->insertWidget(1, m_start);
    connect(m_start, &StartPage::createRequested, this, &MainWindow::newFromStart);
    connect(m_start, &StartPage::openRequested, this, &MainWindow::openDialog);
    connect(m_start, &StartPage::openFileRequested, this, [this](const QString &path) {
        QString error;
        if (!openProject(path, &error))
            QMessageBox::warning(this, u"Cannot open the project"_s, error);
    });
    connect(m_start, &StartPage::demoRequested, this, [this] {
        showProject(demoProject(), QString());
        statusBar()->showMessage(u"Demo project opened. To deploy it, start demo-cluster and pick its context in the Cluster list (the start screen says how)."_s);
    });
    connect(m_start, &StartPage::recoverRequested, this, [this] {
        const QStringList files = recoveryFiles();
        QString error;
        if (!files.isEmpty() && !recover(files.first(), &error))
            QMessageBox::warning(this, u"Cannot recover"_s, error);
    });
    connect(m_start, &StartPage::discardRecoveryRequested, this, [this] {
        for (const QString &f : recoveryFiles())
            QFile::remove(f);
        m_start->setRecoverable(QString());
    });
    m_start->setRecentFiles(StartPage::recentFiles());
    const QList<RecoveryEntry> recoverable = m_recovery->leftovers();
    if (!recoverable.isEmpty())
        m_start->offerRecovery(recoverable.first());
    return m_start;
}

void MainWindow::showStartPage()
{
    m_stack->setCurrentWidget(startPage());
    updateTitle();
}

void MainWindow::showEvent(QShowEvent *event)
{
    if (m_stack->currentIndex() == 0) // nothing opened yet
        showStartPage();
    QMainWindow::showEvent(event);
}

void MainWindow::buildEditor()
{
    m_editor = new QWidget(m_stack);
    m_editor->setObjectName(u"editor"_s);
    auto *layout = new QVBoxLayout(m_editor);
    layout->setContentsMargins(6, 6, 6, 0);

    m_targetBar = new TargetBar(m_editor);
    connect(m_targetBar, &TargetBar::targetChosen, m_doc, [this](const Target &t) { m_doc->setTarget(t); });
    layout->addWidget(m_targetBar);
    setupClusterPicker();

    // Pages | forms | resources + YAML, above findings and notes.
    m_mainSplitter = new QSplitter(Qt::Horizontal, m_editor);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_pageList = new QListWidget(m_mainSplitter);
    m_pageList->setObjectName(u"pageList"_s);
    // The forms, under the choice of where their edits go.
    auto *forms = new QWidget(m_mainSplitter);
    auto *formsLayout = new QVBoxLayout(forms);
    formsLayout->setContentsMargins(0, 0, 0, 0);
    formsLayout->addWidget(new ScopeBar(m_doc, forms));
    m_pages = new QStackedWidget(forms);
    formsLayout->addWidget(m_pages, 1);
    // Pages are built when first shown: start-up builds only the first one.
    for (const PageInfo &info : formPages()) {
        auto *scroll = new QScrollArea(m_pages);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows wrap instead
        m_pages->addWidget(scroll);
        m_formPages.append(nullptr);
        auto *item = new QListWidgetItem(info.title, m_pageList);
        static const QHash<QString, QString> pageIcons{{u"general"_s, u"preferences-system"_s}, {u"images"_s, u"package-x-generic"_s},
                                                       {u"resources"_s, u"utilities-system-monitor"_s}, {u"networking"_s, u"network-wired"_s},
                                                       {u"auth"_s, u"dialog-password"_s}, {u"dashboard"_s, u"view-grid"_s},
                                                       {u"features"_s, u"preferences-other"_s}, {u"monitoring"_s, u"utilities-system-monitor"_s},
                                                       {u"build"_s, u"applications-development"_s}};
        item->setIcon(themedIcon(pageIcons.value(info.id), u"page-"_s + info.id));
        item->setData(Qt::UserRole, info.id);
        item->setToolTip(info.summary);
    }
    // Every page's title whole, with its icon, at any window size.
    m_pageList->setMinimumWidth(m_pageList->sizeHintForColumn(0) + 2 * m_pageList->frameWidth() + 8);
    m_pageList->setMaximumWidth(std::max(260, m_pageList->minimumWidth()));
    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        ensurePage(row);
        m_pages->setCurrentIndex(row);
    });

    auto *preview = new QSplitter(Qt::Horizontal, m_mainSplitter);
    m_resourcePanel = new ResourcePanel(preview);
    connect(m_resourcePanel, &ResourcePanel::documentActivated, this, [this](int i) {
        if (i < int(m_session->text().documentLines.size()))
            m_yaml->editor()->goToLine(m_session->text().documentLines[size_t(i)]);
    });
    m_yaml = new YamlView(preview);
    connect(m_yaml->editor(), &YamlEdit::lineClicked, this, &MainWindow::onYamlLineClicked);
    preview->setStretchFactor(0, 1);
    preview->setStretchFactor(1, 3);
    preview->setSizes({250, 500});
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 2);
    m_mainSplitter->setStretchFactor(2, 3);
    m_mainSplitter->setSizes({m_pageList->minimumWidth(), 600, 690}); // at 1440 px a form row fits on one line

    m_verticalSplitter = new QSplitter(Qt::Vertical, m_editor);
    m_verticalSplitter->setObjectName(u"verticalSplitter"_s);
    m_verticalSplitter->addWidget(m_mainSplitter);
    m_findingsPanel = new FindingsPanel(m_verticalSplitter);
    connect(m_findingsPanel, &FindingsPanel::findingActivated, this, &MainWindow::onFindingActivated);
    // No findings: the panel shrinks to its summary line, and comes back at its height after.
    connect(m_findingsPanel, &FindingsPanel::compactChanged, this, [this](bool compact) {
        QList<int> sizes = m_verticalSplitter->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (compact) {
            m_findingsHeight = sizes.value(1);
            const int small = m_findingsPanel->minimumSizeHint().height() + 8;
            m_verticalSplitter->setSizes({total - small, small});
        } else {
            const int height = std::max(m_findingsHeight, 160);
            m_verticalSplitter->setSizes({std::max(0, total - height), height});
        }
    });
    m_verticalSplitter->setStretchFactor(0, 3);
    m_verticalSplitter->setStretchFactor(1, 1);
    m_verticalSplitter->setSizes({600, 220});
    layout->addWidget(m_verticalSplitter, 1);
}

bool MainWindow::editorShown() const
{
    return m_stack->currentWidget() == m_editor;
}

FormPage *MainWindow::ensurePage(int i)
{
    if (m_formPages[i])
        return m_formPages[i];
    auto *page = new FormPage(formPages()[i], m_doc);
    static_cast<QScrollArea *>(m_pages->widget(i))->setWidget(page);
    m_formPages[i] = page;
    connect(page, &FormPage::fieldFocused, this, [this](const QString &path) {
        m_currentField = path;
        m_yaml->editor()->markLines(m_session->text().linesFrom(path), true);
        const FieldDef *def = findField(path);
        const int n = int(m_session->text().linesFrom(path).size());
        statusBar()->showMessage(def ? u"%1 (%2): %3"_s.arg(def->label, path, n ? countOf(n, u"YAML line"_s, u"YAML lines"_s) : u"no YAML line for this target"_s) : path);
    });
    connect(page, &FormPage::problemsChanged, this, &MainWindow::updatePages);
    return page;
}

FormPage *MainWindow::page(const QString &id)
{
    for (int i = 0; i < formPages().size(); ++i)
        if (formPages()[i].id == id)
            return ensurePage(i);
    return nullptr;
}

QString MainWindow::currentPage() const
{
    const QListWidgetItem *item = m_pageList->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

YamlEdit *MainWindow::yamlEdit() const
{
    return m_yaml->editor();
}

void MainWindow::showProject(const Project &project, const QString &filePath)
{
    m_doc->reset(project, filePath);
    m_stack->setCurrentWidget(m_editor);
    m_lastExport = m_session->text().text;
    if (m_pageList->currentRow() < 0)
        m_pageList->setCurrentRow(0);
    m_pageList->setFocus(Qt::OtherFocusReason); // one Tab from the first field
    if (!filePath.isEmpty())
        addRecent(filePath);
    updateTitle();
}

bool MainWindow::openProject(const QString &path, QString *error)
{
    const ProjectLoad loaded = loadProjectFile(path);
    if (!loaded.project) {
        QStringList lines;
        for (const ConfigIssue &i : loaded.issues)
            lines << i.format();
        *error = lines.join(u'\n') + u"\n\nThe file was not opened; fix it (the positions are file:line:column) and open it again."_s;
        return false;
    }
    removeRecovery();
    showProject(*loaded.project, QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(u"Opened %1"_s.arg(path), 5000);
    return true;
}

bool MainWindow::saveProject(const QString &path, QString *error)
{
    const QString before = m_doc->filePath(); // Save As: the recovery file was kept under this one
    if (!m_doc->saveAs(path, error))
        return false;
    addRecent(m_doc->filePath());
    m_recovery->remove(before);
    removeRecovery();
    m_lastExport = m_session->text().text;
    statusBar()->showMessage(u"Saved %1"_s.arg(path), 5000);
    return true;
}

void MainWindow::newFromStart(const Target &target, const QString &name)
{
    Project p;
    p.name = name;
    p.target = target;
    showProject(p, QString());
    statusBar()->showMessage(u"New project for %1. Change the settings on the left; the preview follows."_s.arg(target.id()), 6000);
}

void MainWindow::onTargetChanged()
{
    m_targetBar->setTarget(m_doc->target());
    updatePages();
}

void MainWindow::updatePages()
{
    const Target t = m_doc->target();
    for (int i = 0; i < m_formPages.size(); ++i) {
        QListWidgetItem *item = m_pageList->item(i);
        FormPage *p = m_formPages[i];
        item->setHidden(!FormPage::pageAppliesTo(formPages()[i].id, t));
        const int problems = p ? int(p->problems().size()) : 0;
        item->setText(problems ? u"%1 (%2)"_s.arg(formPages()[i].title).arg(problems) : formPages()[i].title);
        item->setForeground(problems ? QBrush(statusColour(u"fail"_s)) : QBrush());
    }
    if (m_pageList->currentItem() && m_pageList->currentItem()->isHidden())
        m_pageList->setCurrentRow(0);
}

void MainWindow::updateTitle()
{
    if (!editorShown()) {
        setWindowTitle(u"Deploy Console"_s);
        return;
    }
    setWindowTitle(u"%1[*] — %2 — Deploy Console"_s.arg(m_doc->displayName(), m_doc->project().name));
    setWindowModified(m_doc->isModified());
}

void MainWindow::rerender()
{
    m_session->render(m_doc->resolved());
}

void MainWindow::showPreview()
{
    const Bundle &bundle = m_session->bundle();
    m_yaml->editor()->setYaml(m_session->text().text);
    if (!m_currentField.isEmpty())
        m_yaml->editor()->markLines(m_session->text().linesFrom(m_currentField), false);
    m_resourcePanel->setBundle(bundle);
    m_findingsPanel->setNotes(bundle);
    statusBar()->showMessage(u"%1 for %2, rendered in %3 ms"_s.arg(countOf(objectCount(), u"object"_s, u"objects"_s), m_doc->target().id()).arg(m_session->lastRenderMs(), 0, 'f', 1));
    Q_EMIT previewUpdated();
}

int MainWindow::objectCount() const
{
    return int(m_session->bundle().documents.size());
}

ResourceTreeModel *MainWindow::resourceModel() const
{
    return m_resourcePanel->model();
}

ResourceSeverityFilter *MainWindow::resourceFilter() const
{
    return m_resourcePanel->filter();
}

FindingsModel *MainWindow::findingsModel() const
{
    return m_findingsPanel->model();
}

QSortFilterProxyModel *MainWindow::findingsProxy() const
{
    return m_findingsPanel->proxy();
}

QTableView *MainWindow::findingsView() const
{
    return m_findingsPanel->view();
}

const BundleText &MainWindow::previewText() const
{
    return m_session->text();
}

void MainWindow::showFindings()
{
    const ValidationReport &report = m_session->report();
    m_findingsPanel->setReport(report);
    m_resourcePanel->setFindings(report.findings);
    Q_EMIT findingsUpdated();
}

void MainWindow::selectField(const QString &path, bool focusEditor)
{
    const FieldDef *def = findField(path);
    if (!def)
        return;
    for (int i = 0; i < m_formPages.size(); ++i) {
        if (formPages()[i].id != def->page)
            continue;
        FormPage *p = ensurePage(i);
        m_pageList->setCurrentRow(i);
        p->selectField(path, focusEditor);
        if (auto *scroll = qobject_cast<QScrollArea *>(m_pages->widget(i)))
            if (QWidget *editor = p->editorFor(path))
                scroll->ensureWidgetVisible(editor);
    }
    m_currentField = path;
    m_yaml->editor()->markLines(m_session->text().linesFrom(path), true);
}

void MainWindow::onYamlLineClicked(int line)
{
    const QString source = m_session->text().sourceAt(line);
    if (source.isEmpty()) {
        statusBar()->showMessage(u"Line %1 comes from no setting (fixed by the platform's conventions)."_s.arg(line), 4000);
        return;
    }
    const FieldDef *def = findField(source);
    selectField(source, false);
    statusBar()->showMessage(u"Line %1 comes from %2 (%3)"_s.arg(line).arg(def ? def->label : source, source), 6000);
}

void MainWindow::onFindingActivated(const Finding &f)
{
    if (!f.configPath.isEmpty() && findField(f.configPath)) {
        selectField(f.configPath, true);
    } else if (f.line > 0) {
        m_yaml->editor()->goToLine(f.line);
        const QString source = m_session->text().sourceAt(f.line);
        if (!source.isEmpty())
            selectField(source, true);
    }
}

bool MainWindow::maybeSave()
{
    if (!editorShown() || !m_doc->isModified())
        return true;
    const auto answer = QMessageBox::question(this, u"Unsaved changes"_s, u"%1 has changes that are not saved. Save them?"_s.arg(m_doc->displayName()),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if ((editorShown() && !settleTypedText(u"close the window"_s)) || !maybeSave()) {
        event->ignore();
        return;
    }
    removeRecovery();
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/mainSplitter"_s, m_mainSplitter->saveState());
    settings.setValue(u"window/verticalSplitter"_s, m_verticalSplitter->saveState());
    event->accept();
}

void MainWindow::openDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, u"Open project"_s, QString(), u"Deploy projects (*.yaml *.yml);;All files (*)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!openProject(path, &error))
        QMessageBox::warning(this, u"Cannot open the project"_s, error);
}

bool MainWindow::save()
{
    if (!settleTypedText(u"save"_s))
        return false;
    if (m_doc->filePath().isEmpty())
        return saveAsDialog();
    QString error;
    if (!saveProject(m_doc->filePath(), &error)) {
        QMessageBox::warning(this, u"Not saved"_s, error + u"\n\nThe project is unchanged in the window; choose another place with Save As."_s);
        return false;
    }
    return true;
}

bool MainWindow::saveAsDialog()
{
    if (!settleTypedText(u"save"_s))
        return false;
    const QString suggested = m_doc->filePath().isEmpty() ? m_doc->project().name + u".deploy-project.yaml"_s : m_doc->filePath();
    const QString path = QFileDialog::getSaveFileName(this, u"Save project"_s, suggested, u"Deploy projects (*.yaml)"_s);
    if (path.isEmpty())
        return false;
    QString error;
    if (!saveProject(path, &error)) {
        QMessageBox::warning(this, u"Not saved"_s, error);
        return false;
    }
    return true;
}

bool MainWindow::exportTo(const QString &format, const QString &dir, bool replace, QString *error, QStringList *written)
{
    const Target t = m_doc->target();
    const ExportPlan plan = format == u"yaml"_s ? yamlExport(m_doc->project(), t.platform, t.preset) : kustomizeExport(m_doc->project(), t.platform, t.preset);
    if (!writeExport(plan, dir, replace, error, written))
        return false;
    m_lastExport = m_session->text().text;
    return true;
}

void MainWindow::exportDialog()
{
    if (!settleTypedText(u"export"_s))
        return;
    ExportDialog dialog(m_doc->target(), m_doc->project().name, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString dir = dialog.folder();
    bool replace = false;
    if (!ExportDialog::confirmFolder(this, dir, &replace))
        return;
    QString error;
    QStringList written;
    if (!exportTo(dialog.format(), dir, replace, &error, &written)) {
        QMessageBox::warning(this, u"Not exported"_s, error);
        return;
    }
    auto *done = new QMessageBox(QMessageBox::Information, u"Exported"_s, u"Wrote %1 into %2."_s.arg(countOf(written.size(), u"file"_s, u"files"_s), dir), QMessageBox::Ok, this);
    done->setDetailedText(written.join(u'\n'));
    done->setAttribute(Qt::WA_DeleteOnClose);
    done->setModal(false);
    done->show();
    statusBar()->showMessage(u"Exported %1 into %2"_s.arg(countOf(written.size(), u"file"_s, u"files"_s), dir), 8000);
}

void MainWindow::diffDialog()
{
    if (!settleTypedText(u"compare"_s))
        return;
    auto *dialog = new CompareDialog(m_doc->project(), m_doc->target(), m_session->text().text, m_lastExport, m_yaml->editor()->font(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::shortcutsDialog()
{
    QList<QAction *> actions;
    for (QAction *menu : menuBar()->actions())
        if (menu->menu())
            for (QAction *a : menu->menu()->actions())
                if (!a->shortcut().isEmpty())
                    actions << a;
    auto *dialog = new ShortcutsDialog(actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::addRecent(const QString &path)
{
    const QStringList recent = StartPage::rememberRecentFile(path);
    if (m_start)
        m_start->setRecentFiles(recent);
}

void MainWindow::autosave()
{
    if (!editorShown() || !m_autosaveDirty)
        return;
    m_autosaveDirty = false;
    if (!m_doc->isModified()) {
        removeRecovery();
        return;
    }
    QString error;
    if (!m_recovery->write(m_doc->filePath(), serializeProject(m_doc->project()), &error))
        statusBar()->showMessage(u"Autosave failed: %1"_s.arg(error), 8000);
}

void MainWindow::removeRecovery()
{
    m_recovery->remove(m_doc->filePath());
}

QStringList MainWindow::recoveryFiles() const
{
    QStringList files;
    for (const RecoveryEntry &e : m_recovery->leftovers())
        files << e.path;
    return files;
}

bool MainWindow::recover(const QString &recoveryFile, QString *error)
{
    const std::optional<RecoveryEntry> entry = RecoveryStore::read(recoveryFile, error);
    if (!entry)
        return false;
    const ProjectLoad loaded = parseProject(entry->project, recoveryFile);
    if (!loaded.project) {
        *error = u"%1 cannot be read back: %2"_s.arg(recoveryFile, loaded.issues.isEmpty() ? QString() : loaded.issues.first().format());
        return false;
    }
    showProject(*loaded.project, entry->projectFile);
    m_doc->markUnsaved(); // recovered changes are not saved yet
    updateTitle();
    QFile::remove(recoveryFile);
    if (m_start)
        m_start->setRecoverable(QString());
    m_autosaveDirty = true;
    autosave();
    statusBar()->showMessage(u"Recovered the unsaved changes%1. Save to keep them."_s.arg(entry->projectFile.isEmpty() ? QString() : u" to "_s + QFileInfo(entry->projectFile).fileName()));
    return true;
}

void MainWindow::setTheme(const QString &theme)
{
    applyTheme(theme);
    if (m_pageList)
        updatePages(); // colours set from the palette follow it
}

} // namespace dc
