#pragma once

#include <QMainWindow>
#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;
template<typename T>
class QFutureWatcher;

namespace dc {

struct Project;
struct ValidationReport;
class FindingsModel;
class SchemaValidator;

/**
 * The console window. This version has the target bar and a live, read-only YAML preview
 * of the generated bundle; the form pages, findings and export dialogs come later and the
 * window says so.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const Project &project, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Objects in the current preview.
    [[nodiscard]] int objectCount() const { return m_objectCount; }
    [[nodiscard]] FindingsModel *findingsModel() const { return m_findings; }

Q_SIGNALS:
    void previewUpdated();
    void findingsUpdated();

private:
    void rerender();
    void showFindings();

    std::unique_ptr<Project> m_project;
    QComboBox *m_platform = nullptr;
    QComboBox *m_environment = nullptr;
    QComboBox *m_preset = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_notes = nullptr;
    QTableView *m_findingsView = nullptr;
    QLabel *m_findingsSummary = nullptr;
    FindingsModel *m_findings = nullptr;
    std::unique_ptr<SchemaValidator> m_schemas;
    QFutureWatcher<ValidationReport> *m_validation = nullptr;
    bool m_validateAgain = false;
    int m_objectCount = 0;
};

} // namespace dc
