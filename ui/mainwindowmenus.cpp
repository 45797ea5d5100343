// MainWindow: its menus, tool bar and the cluster dialog they open.
#include "mainwindow.h"

#include "clusterdialog.h"
#include "deploy/deploywindow.h"
#include "metrics/metricswindow.h"
#include "kube/kubeconfig.h"
#include "targetbar.h"
#include "theme.h"
#include "projectdocument.h"
#include "session/previewsession.h"
#include "findingspanel.h"
#include "yamlview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace dc {

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    auto add = [this](QMenu *menu, const QString &text, const QKeySequence &keys, auto slot, const QString &name) {
        QAction *a = menu->addAction(text);
        a->setShortcut(keys);
        a->setObjectName(name);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    // New and Close close the document (after asking about typed text and unsaved changes).
    auto closeAsked = [this] {
        if (!editorShown()) {
            showStartPage();
            return;
        }
        if (settleTypedText(u"close the project"_s) && maybeSave()) {
            removeRecovery();
            closeDocument();
        }
    };
    add(file, u"&New Project…"_s, QKeySequence::New, closeAsked, u"actionNew"_s);
    add(file, u"&Open…"_s, QKeySequence::Open, &MainWindow::openDialog, u"actionOpen"_s);
    QAction *saveAction = add(file, u"&Save"_s, QKeySequence::Save, &MainWindow::save, u"actionSave"_s);
    QAction *saveAsAction = add(file, u"Save &As…"_s, QKeySequence(u"Ctrl+Shift+S"_s), &MainWindow::saveAsDialog, u"actionSaveAs"_s);
    QAction *closeAction = add(file, u"&Close"_s, QKeySequence(u"Ctrl+W"_s), closeAsked, u"actionClose"_s);
    file->addSeparator();
    QAction *exportAction = add(file, u"&Export…"_s, QKeySequence(u"Ctrl+E"_s), &MainWindow::exportDialog, u"actionExport"_s);
    file->addSeparator();
    add(file, u"&Quit"_s, QKeySequence::Quit, &QWidget::close, u"actionQuit"_s);

    QMenu *edit = menuBar()->addMenu(u"&Edit"_s);
    // Undo and Redo keep their text (the tool bar's buttons keep their place); what they would
    // undo or redo is in the tooltip and the status tip.
    QUndoStack *stack = m_doc->undoStack();
    QAction *undo = add(edit, u"&Undo"_s, QKeySequence::Undo, [stack] { stack->undo(); }, u"actionUndo"_s);
    QAction *redo = add(edit, u"&Redo"_s, QKeySequence::Redo, [stack] { stack->redo(); }, u"actionRedo"_s);
    edit->removeAction(undo);
    edit->removeAction(redo);
    auto describe = [stack, undo, redo] {
        undo->setEnabled(stack->canUndo());
        redo->setEnabled(stack->canRedo());
        const QString u = stack->canUndo() ? u"Undo: "_s + stack->undoText() : u"Nothing to undo"_s;
        const QString r = stack->canRedo() ? u"Redo: "_s + stack->redoText() : u"Nothing to redo"_s;
        undo->setToolTip(u"%1 (%2)"_s.arg(u, undo->shortcut().toString(QKeySequence::NativeText)));
        redo->setToolTip(u"%1 (%2)"_s.arg(r, redo->shortcut().toString(QKeySequence::NativeText)));
        undo->setStatusTip(u);
        redo->setStatusTip(r);
    };
    connect(stack, &QUndoStack::indexChanged, this, describe);
    connect(stack, &QUndoStack::cleanChanged, this, describe);
    describe();
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *find = add(edit, u"&Find in YAML"_s, QKeySequence::Find, [this] { m_yaml->showSearch(); }, u"actionFind"_s);
    QAction *copy = add(edit, u"&Copy YAML"_s, QKeySequence(u"Ctrl+Shift+C"_s), [this] {
        m_yaml->editor()->selectAll();
        m_yaml->editor()->copy();
        statusBar()->showMessage(u"The bundle's YAML is on the clipboard."_s, 4000);
    }, u"actionCopyYaml"_s);

    QMenu *view = menuBar()->addMenu(u"&View"_s);
    QAction *diff = add(view, u"&Compare…"_s, QKeySequence(u"Ctrl+D"_s), &MainWindow::diffDialog, u"actionDiff"_s);
    add(view, u"Go to &Findings"_s, QKeySequence(u"Ctrl+Shift+F"_s), [this] { m_findingsPanel->view()->setFocus(); }, u"actionFocusFindings"_s);
    add(view, u"Go to &Preview"_s, QKeySequence(u"Ctrl+Shift+P"_s), [this] { m_yaml->editor()->setFocus(); }, u"actionFocusPreview"_s);
    view->addSeparator();
    QMenu *theme = view->addMenu(u"&Theme"_s);
    auto *themes = new QActionGroup(this);
    const QString current = QSettings().value(u"theme"_s, u"system"_s).toString();
    for (const auto &[id, text] : {std::pair{u"system"_s, u"Follow the &system"_s}, std::pair{u"light"_s, u"&Light"_s}, std::pair{u"dark"_s, u"&Dark"_s}}) {
        QAction *a = theme->addAction(text);
        a->setCheckable(true);
        a->setChecked(id == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [this, id] {
            QSettings().setValue(u"theme"_s, id);
            setTheme(id);
        });
    }
    QMenu *cluster = menuBar()->addMenu(u"&Cluster"_s);
    QAction *check = add(cluster, u"&Check Cluster…"_s, QKeySequence(u"Ctrl+K"_s), &MainWindow::clusterDialog, u"actionCheckCluster"_s);
    QAction *deploy = add(cluster, u"&Deploy…"_s, QKeySequence(u"Ctrl+Shift+D"_s), &MainWindow::deployWindow, u"actionDeploy"_s);
    QAction *metricsAction = add(cluster, u"&Metrics…"_s, QKeySequence(u"Ctrl+Shift+M"_s), &MainWindow::metricsWindow, u"actionMetrics"_s);
    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    add(help, u"&Keyboard Shortcuts"_s, QKeySequence(u"Ctrl+/"_s), &MainWindow::shortcutsDialog, u"actionShortcuts"_s);
    add(help, u"&About Deploy Console"_s, QKeySequence(), [this] {
        QMessageBox::about(this, u"About Deploy Console"_s,
                           u"<h3>Deploy Console %1</h3><p>Configure, preview, check and export the deployment of a modular web module "
                           u"for Kubeflow, ODH/RHOAI and plain Kubernetes.</p>"_s.arg(QApplication::applicationVersion()));
    }, u"actionAbout"_s);
    // Editor-only actions are off on the start screen.
    for (QAction *a : {saveAction, saveAsAction, closeAction, exportAction, find, copy, diff, check, deploy, metricsAction})
        connect(m_stack, &QStackedWidget::currentChanged, a, [this, a] { a->setEnabled(editorShown()); });
    for (QAction *a : {saveAction, saveAsAction, closeAction, exportAction, find, copy, diff, check, deploy, metricsAction})
        a->setEnabled(false);

    auto *tools = addToolBar(u"Main"_s);
    tools->setObjectName(u"mainToolBar"_s);
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setIconSize(QSize(20, 20));
    const std::pair<QAction *, std::pair<const char *, const char *>> icons[] = {
        {saveAction, {"document-save", "document-save"}}, {undo, {"edit-undo", "edit-undo"}},       {redo, {"edit-redo", "edit-redo"}},
        {diff, {"view-split-left-right", "document-compare"}}, {exportAction, {"document-export", "document-export"}},
        {check, {"network-server", "network-server"}},    {deploy, {"go-up", "deploy"}}};
    for (const auto &[action, names] : icons) {
        action->setIcon(themedIcon(QString::fromLatin1(names.first), QString::fromLatin1(names.second)));
        tools->addAction(action);
    }
}

ClusterDialog *MainWindow::ensureClusterDialog()
{
    // One dialog, kept: its results stay while the user fixes what it found.
    if (!m_clusterDialog) {
        m_clusterDialog = new ClusterDialog([this] { return m_session->bundle(); }, this);
        connect(m_clusterDialog, &ClusterDialog::settingRequested, this, [this](const QString &path) { selectField(path); });
        connect(m_clusterDialog, &ClusterDialog::connectionChanged, m_targetBar, [this](const QString &context, const QString &text, bool ok) {
            if (context == m_targetBar->clusterContext())
                m_targetBar->setClusterState(text, ok);
        });
    }
    return m_clusterDialog;
}

void MainWindow::setupClusterPicker()
{
    // Reading the kubeconfig contacts nothing, and waits until the window is up (start-up stays
    // as it was); picking a context checks the sign-in.
    QTimer::singleShot(0, this, [this] {
        const kube::Kubeconfig config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment());
        QList<std::pair<QString, QString>> contexts;
        for (const kube::Context &c : config.contexts)
            contexts.append({c.name, c.ns});
        m_targetBar->setClusterContexts(contexts);
    });
    connect(m_targetBar, &TargetBar::clusterContextChosen, this, [this](const QString &context) {
        if (context.isEmpty())
            return;
        ClusterDialog *dialog = ensureClusterDialog();
        dialog->setContext(context);
        dialog->checkSignIn();
    });
}

void MainWindow::deployWindow()
{
    const QString context = m_targetBar->clusterContext();
    if (context.isEmpty()) {
        QMessageBox::information(this, u"Deploy"_s,
                                 u"Pick the cluster to deploy to in the target bar's Cluster list (it is Offline now), or check one with Cluster ▸ Check Cluster…."_s);
        return;
    }
    QString error;
    const auto resolved = ensureClusterDialog()->resolved(context, &error);
    if (!resolved) {
        QMessageBox::warning(this, u"Deploy"_s, u"The context \"%1\" cannot be used: %2"_s.arg(context, error));
        return;
    }
    auto *window = new DeployWindow(*resolved, m_session->bundle(), m_doc->target(), m_doc->filePath(), this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->checkDifferences();
}

void MainWindow::metricsWindow()
{
    // With a cluster chosen, Prometheus can also be reached through its API server.
    std::optional<kube::Kubeconfig::Resolved> cluster;
    if (const QString context = m_targetBar->clusterContext(); !context.isEmpty()) {
        QString error;
        cluster = ensureClusterDialog()->resolved(context, &error);
    }
    auto *window = new MetricsWindow(m_session->bundle(), m_doc->target(), cluster, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->refresh();
}

void MainWindow::clusterDialog()
{
    ensureClusterDialog();
    if (!m_targetBar->clusterContext().isEmpty())
        m_clusterDialog->setContext(m_targetBar->clusterContext());
    m_clusterDialog->show();
    m_clusterDialog->raise();
    m_clusterDialog->activateWindow();
}


} // namespace dc
