#pragma once

#include <QMainWindow>
#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace dc {

struct Project;

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

Q_SIGNALS:
    void previewUpdated();

private:
    void rerender();

    std::unique_ptr<Project> m_project;
    QComboBox *m_platform = nullptr;
    QComboBox *m_environment = nullptr;
    QComboBox *m_preset = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_notes = nullptr;
    int m_objectCount = 0;
};

} // namespace dc
