#include "connectiondialog.h"

#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

using Auth = metrics::PrometheusEndpoint::Auth;

PrometheusConnectionDialog::PrometheusConnectionDialog(const metrics::PrometheusSettings &settings, bool tokenSet, bool passwordSet, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(u"prometheusConnection"_s);
    setWindowTitle(u"Prometheus Connection"_s);
    m_auth = new QComboBox(this);
    m_auth->setObjectName(u"prometheusAuth"_s);
    m_auth->addItem(u"None"_s, int(Auth::None));
    m_auth->addItem(u"Bearer token"_s, int(Auth::Bearer));
    m_auth->addItem(u"The kubeconfig user's token"_s, int(Auth::KubeconfigUser));
    m_auth->addItem(u"Basic auth (user and password)"_s, int(Auth::Basic));
    m_auth->setCurrentIndex(m_auth->findData(int(settings.auth)));
    m_auth->setToolTip(u"The kubeconfig user's token: for OpenShift's thanos-querier route, which takes the user's own token.\n"
                       "Through the cluster's API server, choose None: the kubeconfig's credentials sign in to the API server."_s);
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"prometheusToken"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tokenSet ? u"a token is kept in the keychain (type another to replace it)"_s : u"the token"_s);
    m_user = new QLineEdit(settings.user, this);
    m_user->setObjectName(u"prometheusUser"_s);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"prometheusPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(passwordSet ? u"a password is kept in the keychain (type another to replace it)"_s : u"the password"_s);
    m_ca = new QLineEdit(settings.caFile, this);
    m_ca->setObjectName(u"prometheusCa"_s);
    m_ca->setPlaceholderText(u"the system's CAs"_s);
    auto *browse = new QPushButton(u"&Browse…"_s, this);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(browse);
    m_insecure = new QCheckBox(u"&Skip the TLS certificate check (insecure)"_s, this);
    m_insecure->setChecked(settings.insecureSkipTlsVerify);
    m_headers = new QPlainTextEdit(settings.headers, this);
    m_headers->setObjectName(u"prometheusHeaders"_s);
    m_headers->setPlaceholderText(u"X-Scope-OrgID: team-a\n(a \"Name: value\" per line, sent with every request)"_s);
    m_headers->setMaximumHeight(80);
    m_headers->setTabChangesFocus(true);
    m_tenancy = new QLineEdit(settings.tenancyNamespace, this);
    m_tenancy->setObjectName(u"prometheusTenancy"_s);
    m_tenancy->setPlaceholderText(u"only for Thanos querier's tenancy port (OpenShift, 9092)"_s);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, statusColour(u"fail"_s));
    m_error->setPalette(p);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(u"Sign &in:"_s, m_auth);
    form->addRow(u"&Token:"_s, m_token);
    form->addRow(u"&User:"_s, m_user);
    form->addRow(u"&Password:"_s, m_password);
    form->addRow(u"&CA file:"_s, caRow);
    form->addRow(QString(), m_insecure);
    form->addRow(u"&Headers:"_s, m_headers);
    form->addRow(u"Te&nancy namespace:"_s, m_tenancy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(u"&OK"_s);
    buttons->button(QDialogButtonBox::Cancel)->setText(u"&Cancel"_s);
    auto *layout = new QVBoxLayout(this);
    auto *hint = new QLabel(u"Secrets go to the system keychain, never to a file."_s, this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &PrometheusConnectionDialog::updateRows);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, u"CA certificates"_s, m_ca->text(), u"PEM certificates (*.crt *.pem);;All files (*)"_s);
        if (!path.isEmpty())
            m_ca->setText(path);
    });
    updateRows();
}

void PrometheusConnectionDialog::updateRows()
{
    const auto auth = Auth(m_auth->currentData().toInt());
    m_token->setEnabled(auth == Auth::Bearer);
    m_user->setEnabled(auth == Auth::Basic);
    m_password->setEnabled(auth == Auth::Basic);
}

metrics::PrometheusSettings PrometheusConnectionDialog::settings() const
{
    metrics::PrometheusSettings s = m_settings;
    s.auth = Auth(m_auth->currentData().toInt());
    s.user = m_user->text().trimmed();
    s.caFile = m_ca->text().trimmed();
    s.insecureSkipTlsVerify = m_insecure->isChecked();
    s.headers = m_headers->toPlainText().trimmed();
    s.tenancyNamespace = m_tenancy->text().trimmed();
    return s;
}

QString PrometheusConnectionDialog::newToken() const
{
    return m_token->text().trimmed();
}

QString PrometheusConnectionDialog::newPassword() const
{
    return m_password->text();
}

void PrometheusConnectionDialog::accept()
{
    // What can be checked without the secrets or the cluster is checked now, where it is typed.
    metrics::PrometheusSettings s = settings();
    s.source = metrics::PrometheusSettings::Source::Url;
    s.url = u"http://check.invalid"_s;
    if (s.auth == Auth::KubeconfigUser)
        s.auth = Auth::None;
    QString error;
    if (!metrics::endpointOf(s, u"t"_s, u"p"_s, nullptr, &error) && !error.isEmpty()) {
        m_error->setText(error);
        m_error->setVisible(true);
        return;
    }
    QDialog::accept();
}

} // namespace dc
