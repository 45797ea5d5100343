#pragma once

#include "config/target.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace dc {

struct RecoveryEntry;

/// The start screen: new project (target with one line on each choice), open, try the demo,
/// recent projects, and the offer to recover unsaved work.
class StartPage : public QWidget
{
    Q_OBJECT
public:
    explicit StartPage(QWidget *parent = nullptr);

    void setRecentFiles(const QStringList &files);
    /// Shows (or hides, with an empty list) the offer to recover unsaved changes.
    void setRecoverable(const QString &description);
    /// Offers to recover an autosaved project (the banner says which and when).
    void offerRecovery(const RecoveryEntry &entry);
    /// The recent project files (newest first), and one more remembered.
    static QStringList recentFiles();
    static QStringList rememberRecentFile(const QString &path);
    [[nodiscard]] QListWidget *recentList() const { return m_recent; }

Q_SIGNALS:
    void createRequested(const Target &target, const QString &name);
    void openRequested();
    void openFileRequested(const QString &path);
    void demoRequested();
    void recoverRequested();
    void discardRecoveryRequested();

private:
    void updateDescriptions();

    QComboBox *m_platform;
    QComboBox *m_environment;
    QComboBox *m_preset;
    QLineEdit *m_name;
    QLabel *m_platformText;
    QLabel *m_environmentText;
    QLabel *m_presetText;
    QListWidget *m_recent;
    QWidget *m_recovery;
    QLabel *m_recoveryText;
};

} // namespace dc
