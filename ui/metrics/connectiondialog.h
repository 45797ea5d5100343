#pragma once

#include "metrics/prometheussettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace dc {

/**
 * Metrics ▸ Connection…: how to sign in to Prometheus (none, a bearer token, the kubeconfig
 * user's token, basic auth), the CA, skipping the TLS check, headers sent with every request,
 * and Thanos' tenancy namespace. The token and the password are typed here and go to the
 * keychain; a field left empty keeps what the keychain has.
 */
class PrometheusConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    PrometheusConnectionDialog(const metrics::PrometheusSettings &settings, bool tokenSet, bool passwordSet, QWidget *parent = nullptr);

    /// The settings as edited (source, URL and Service unchanged).
    [[nodiscard]] metrics::PrometheusSettings settings() const;
    /// What was typed ("" : keep the stored one).
    [[nodiscard]] QString newToken() const;
    [[nodiscard]] QString newPassword() const;

    void accept() override;

private:
    void updateRows();

    metrics::PrometheusSettings m_settings;
    QComboBox *m_auth;
    QLineEdit *m_token;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_ca;
    QCheckBox *m_insecure;
    QPlainTextEdit *m_headers;
    QLineEdit *m_tenancy;
    QLabel *m_error;
};

} // namespace dc
