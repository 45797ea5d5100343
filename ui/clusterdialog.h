#pragma once

#include "kube/kubeconfig.h"
#include "manifests/bundle.h"

#include <QDialog>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace dc {

class SecretStore;

namespace kube {
class Preflight;
class SignInDoctor;
struct DoctorCheck;
struct PreflightCheck;
}

/**
 * The cluster side of the console: a kubeconfig context picker (with its namespace, server and a
 * connection indicator), the sign-in doctor and the pre-flight checklist of the bundle being
 * edited, each check shown as it finishes, cancellable; the permissions as one table. A dry-run
 * failure that names a setting opens it in the form (settingRequested). Nothing contacts a
 * cluster until the user asks. For a context whose kubeconfig user has no credentials it asks for
 * a token, kept in the OS keychain (SecretStore) — or for this session only when there is no
 * keyring — and never written to a file.
 */
class ClusterDialog : public QDialog
{
    Q_OBJECT
public:
    ClusterDialog(std::function<Bundle()> bundle, QWidget *parent = nullptr);
    ~ClusterDialog() override;

    /// Reads the kubeconfig again (KUBECONFIG, else ~/.kube/config) and lists its contexts.
    void reloadKubeconfig();
    /// Picks a context (as the target bar's picker does).
    void setContext(const QString &name);
    [[nodiscard]] QStringList contexts() const { return m_config.contexts.keys(); }
    /// A context with what the dialog knows (a token typed or kept in the keychain).
    [[nodiscard]] std::optional<kube::Kubeconfig::Resolved> resolved(const QString &context, QString *error) const { return m_config.resolve(context, error); }
    /// Runs the sign-in doctor, or the whole pre-flight, for the chosen context.
    void checkSignIn();
    void runPreflight();
    void cancel();

Q_SIGNALS:
    void settingRequested(const QString &configPath);
    /// A run ended (for tests and the status bar).
    void runFinished(bool passed);
    /// The connection indicator changed ("" when not checked).
    void connectionChanged(const QString &context, const QString &text, bool ok);

private:
    void showContext();
    void addRow(const QString &status, const QString &name, const QString &message, const QString &fix, const QString &setting, int line,
                qint64 durationMs = 0);
    void setRunning(bool running);
    void setIndicator(const QString &text, const QString &state);
    /// A context whose kubeconfig user has no credentials: a token typed here, kept in the keychain.
    [[nodiscard]] bool needsToken() const;
    void useToken();
    void injectToken(const QString &token);

    std::function<Bundle()> m_bundle;
    kube::Kubeconfig m_config;
    QComboBox *m_context;
    QLabel *m_details;
    QLabel *m_indicator;
    QPushButton *m_signIn;
    QPushButton *m_preflight;
    QPushButton *m_cancel;
    QTreeWidget *m_results;
    QTableWidget *m_access;
    QWidget *m_tokenRow;
    QLabel *m_tokenLabel;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    SecretStore *m_secrets;
    std::unique_ptr<kube::SignInDoctor> m_doctor;
    std::unique_ptr<kube::Preflight> m_run;
};

} // namespace dc
