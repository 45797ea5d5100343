#pragma once

#include "config/target.h"

#include <QMainWindow>
#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QTreeView;

namespace dc {

struct Project;
struct BundleText;
class ClusterDialog;
class FindingsModel;
class FindingsPanel;
struct Finding;
class FormPage;
class PreviewSession;
class ProjectDocument;
class RecoveryStore;
class ResourcePanel;
class ResourceSeverityFilter;
class ResourceTreeModel;
class StartPage;
class TargetBar;
class YamlEdit;
class YamlView;

/**
 * The console window. It assembles: the start screen, then the editor — target bar, form pages,
 * the resource tree and YAML preview (source map both ways), findings and notes — and the menus.
 * The work is elsewhere: ProjectDocument (the project and its undo stack), PreviewSession (render
 * and validate), RecoveryStore (autosave), ResourceTreeModel, and the export, compare and
 * shortcut dialogs.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Opens on the start screen, or on `project` when given.
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows `project` in the editor (not modified, no undo history).
    void showProject(const Project &project, const QString &filePath);
    /// Opens a project file; on failure the message says file, line and field.
    bool openProject(const QString &path, QString *error);
    bool saveProject(const QString &path, QString *error);
    /// Writes all three environments (format "kustomize" or "yaml") into `dir`.
    bool exportTo(const QString &format, const QString &dir, bool replace, QString *error, QStringList *written);
    /// Goes to the field: its page, its row; marks the YAML lines it produces.
    void selectField(const QString &path, bool focusEditor = true);
    /// Recovery files of earlier sessions that ended without saving.
    [[nodiscard]] QStringList recoveryFiles() const;
    /// Restores the newest recovery file (modified, with its original file name).
    bool recover(const QString &recoveryFile, QString *error);
    /// Writes the recovery file now (the autosave timer calls this).
    void autosave();

    [[nodiscard]] ProjectDocument *document() const { return m_doc; }
    /// The start screen (built on first use).
    StartPage *startPage();
    void showStartPage();
    [[nodiscard]] bool editorShown() const;
    /// The form page (built on first use).
    FormPage *page(const QString &id);
    [[nodiscard]] QString currentPage() const;
    [[nodiscard]] QString currentField() const { return m_currentField; }
    [[nodiscard]] YamlEdit *yamlEdit() const;
    [[nodiscard]] FindingsModel *findingsModel() const;
    [[nodiscard]] QSortFilterProxyModel *findingsProxy() const;
    [[nodiscard]] QTableView *findingsView() const;
    [[nodiscard]] ResourceTreeModel *resourceModel() const;
    [[nodiscard]] ResourceSeverityFilter *resourceFilter() const;
    [[nodiscard]] QListWidget *pageList() const { return m_pageList; }
    [[nodiscard]] int objectCount() const;
    [[nodiscard]] const BundleText &previewText() const;
    void setTheme(const QString &theme); // "system", "light", "dark"

Q_SIGNALS:
    void previewUpdated();
    void findingsUpdated();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildEditor();
    FormPage *ensurePage(int index);
    void buildMenus();
    void rerender();
    void showPreview();
    void showFindings();
    void updateTitle();
    void updatePages();
    void onTargetChanged();
    void onYamlLineClicked(int line);
    void onFindingActivated(const Finding &finding);
    bool maybeSave();
    /// Before `action` ("save", "export", …): text typed but not valid is fixed (false) or dropped.
    bool settleTypedText(const QString &action);
    /// New, Close, Discard: an empty document, no history, the start screen.
    void closeDocument();
    /// The status line: which environments the change of `path` reached.
    void reportReach(const QString &path);
    void newFromStart(const Target &target, const QString &name);
    void openDialog();
    bool save();
    bool saveAsDialog();
    void exportDialog();
    void diffDialog();
    void shortcutsDialog();
    void clusterDialog();
    /// Cluster ▸ Deploy…: the deploy window for the target bar's context.
    void deployWindow();
    /// Cluster ▸ Metrics…: the charts of the deployed module from Prometheus.
    void metricsWindow();
    ClusterDialog *ensureClusterDialog();
    void setupClusterPicker();
    void addRecent(const QString &path);
    void removeRecovery();

    ProjectDocument *m_doc;
    PreviewSession *m_session;
    ClusterDialog *m_clusterDialog = nullptr;
    std::unique_ptr<RecoveryStore> m_recovery;
    QStackedWidget *m_stack = nullptr;
    StartPage *m_start = nullptr;
    QWidget *m_editor = nullptr;
    TargetBar *m_targetBar = nullptr;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_pages = nullptr;
    QList<FormPage *> m_formPages;
    ResourcePanel *m_resourcePanel = nullptr;
    YamlView *m_yaml = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_verticalSplitter = nullptr;
    QTimer *m_autosave = nullptr;
    QString m_currentField;
    QString m_lastExport; // text of the last saved or exported bundle, for the diff
    bool m_autosaveDirty = false;
    int m_findingsHeight = 220; // the findings panel's height before it shrank
};

} // namespace dc
