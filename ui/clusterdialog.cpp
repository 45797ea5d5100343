#include "clusterdialog.h"

#include "kube/doctor.h"
#include "kube/preflight.h"
#include "secrets/secretstore.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

ClusterDialog::ClusterDialog(std::function<Bundle()> bundle, QWidget *parent)
    : QDialog(parent)
    , m_bundle(std::move(bundle))
{
    setWindowTitle(u"Cluster — Sign-in and Pre-flight"_s);
    setObjectName(u"clusterDialog"_s);
    resize(900, 560);
    auto *layout = new QVBoxLayout(this);

    auto *form = new QFormLayout;
    auto *contextRow = new QHBoxLayout;
    m_context = new QComboBox(this);
    m_context->setObjectName(u"contextCombo"_s);
    m_context->setMinimumContentsLength(24);
    m_context->setAccessibleName(u"Kubeconfig context"_s);
    contextRow->addWidget(m_context, 1);
    m_indicator = new QLabel(this);
    m_indicator->setObjectName(u"connectionIndicator"_s);
    contextRow->addWidget(m_indicator);
    auto *reload = new QPushButton(u"&Reload"_s, this);
    reload->setToolTip(u"Read the kubeconfig again ($KUBECONFIG, else ~/.kube/config)"_s);
    contextRow->addWidget(reload);
    auto *contextLabel = new QLabel(u"&Context:"_s, this);
    contextLabel->setBuddy(m_context);
    form->addRow(contextLabel, contextRow);
    m_details = new QLabel(this);
    m_details->setObjectName(u"contextDetails"_s);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_details);
    m_tokenRow = new QWidget(this);
    auto *tokenLayout = new QHBoxLayout(m_tokenRow);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    m_token = new QLineEdit(m_tokenRow);
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(u"bearer token for this cluster"_s);
    m_token->setAccessibleName(u"Token"_s);
    m_remember = new QCheckBox(u"Remember in the &keychain"_s, m_tokenRow);
    m_remember->setObjectName(u"rememberToken"_s);
    m_remember->setChecked(true);
    auto *use = new QPushButton(u"&Use Token"_s, m_tokenRow);
    use->setObjectName(u"useToken"_s);
    tokenLayout->addWidget(m_token, 1);
    tokenLayout->addWidget(m_remember);
    tokenLayout->addWidget(use);
    m_tokenLabel = new QLabel(u"&Token:"_s, this);
    m_tokenLabel->setBuddy(m_token);
    form->addRow(m_tokenLabel, m_tokenRow);
    connect(use, &QPushButton::clicked, this, &ClusterDialog::useToken);
    m_secrets = new SecretStore(this);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_signIn = new QPushButton(u"Check &Sign-in"_s, this);
    m_signIn->setObjectName(u"checkSignIn"_s);
    m_signIn->setToolTip(u"Address, TLS, exec plugin, token and who the server says you are"_s);
    m_preflight = new QPushButton(u"Run &Pre-flight"_s, this);
    m_preflight->setObjectName(u"runPreflight"_s);
    m_preflight->setToolTip(u"Everything the bundle needs, and a server-side dry run of every object; nothing is changed"_s);
    m_preflight->setDefault(true);
    m_cancel = new QPushButton(u"C&ancel"_s, this);
    m_cancel->setObjectName(u"cancelRun"_s);
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_preflight);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto *tabs = new QTabWidget(this);
    m_results = new QTreeWidget(tabs);
    m_results->setObjectName(u"results"_s);
    m_results->setHeaderLabels({u"Result"_s, u"Check"_s, u"Time"_s, u"Message"_s});
    m_results->setRootIsDecorated(true);
    m_results->setWordWrap(true);
    m_results->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_results->setToolTip(u"Double-click a result that names a setting to open it in the form"_s);
    tabs->addTab(m_results, u"Checks"_s);
    m_access = new QTableWidget(0, 4, tabs);
    m_access->setObjectName(u"accessTable"_s);
    m_access->setHorizontalHeaderLabels({u"Verb"_s, u"Resource"_s, u"Namespace"_s, u"Allowed"_s});
    m_access->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_access->verticalHeader()->hide();
    m_access->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tabs->addTab(m_access, u"Permissions"_s);
    layout->addWidget(tabs, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(reload, &QPushButton::clicked, this, &ClusterDialog::reloadKubeconfig);
    connect(m_context, &QComboBox::currentIndexChanged, this, &ClusterDialog::showContext);
    connect(m_signIn, &QPushButton::clicked, this, &ClusterDialog::checkSignIn);
    connect(m_preflight, &QPushButton::clicked, this, &ClusterDialog::runPreflight);
    connect(m_cancel, &QPushButton::clicked, this, &ClusterDialog::cancel);
    connect(m_results, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString setting = item->data(0, Qt::UserRole).toString();
        if (!setting.isEmpty())
            Q_EMIT settingRequested(setting);
    });
    setRunning(false);
    reloadKubeconfig();
}

ClusterDialog::~ClusterDialog() = default;

void ClusterDialog::reloadKubeconfig()
{
    m_config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment());
    const QSignalBlocker block(m_context);
    m_context->clear();
    for (const QString &name : m_config.contexts.keys())
        m_context->addItem(name);
    m_context->setCurrentIndex(std::max(0, m_context->findText(m_config.currentContext)));
    showContext();
}

void ClusterDialog::setContext(const QString &name)
{
    const int index = m_context->findText(name);
    if (index >= 0 && index != m_context->currentIndex())
        m_context->setCurrentIndex(index);
}

void ClusterDialog::showContext()
{
    setIndicator(u"not checked"_s, u"none"_s);
    QStringList lines;
    if (m_config.unreadable) {
        lines << u"No kubeconfig: %1"_s.arg(m_config.problems.value(0).message);
    } else {
        QString error;
        const auto resolved = m_config.resolve(m_context->currentText(), &error);
        if (resolved)
            lines << u"Server %1 · namespace %2 · user %3"_s.arg(resolved->cluster.server,
                                                               resolved->context.ns.isEmpty() ? u"default"_s : resolved->context.ns,
                                                               resolved->user.name.isEmpty() ? u"(none)"_s : resolved->user.name);
        else
            lines << error;
        lines << u"From %1"_s.arg(m_config.files.join(u", "_s));
        for (const auto &p : std::as_const(m_config.problems))
            lines << u"%1:%2: %3"_s.arg(p.file).arg(p.line).arg(p.message);
    }
    m_details->setText(lines.join(u'\n'));
    const bool ask = needsToken();
    m_tokenRow->setVisible(ask);
    m_tokenLabel->setVisible(ask);
    if (ask) {
        // A token remembered earlier for this context comes from the keychain.
        const QString context = m_context->currentText();
        m_secrets->read(u"cluster/%1/token"_s.arg(context), [this, context](const SecretStore::Result &r) {
            if (r.ok && context == m_context->currentText())
                injectToken(r.secret);
        });
    }
    setRunning(false);
}

bool ClusterDialog::needsToken() const
{
    QString error;
    const auto resolved = m_config.resolve(m_context->currentText(), &error);
    if (!resolved)
        return false;
    const kube::User &u = resolved->user;
    return u.token.isEmpty() && u.tokenFile.isEmpty() && u.clientCertificate.isEmpty() && u.clientCertificateData.isEmpty() && u.username.isEmpty()
        && !u.exec && u.authProvider.isEmpty();
}

void ClusterDialog::injectToken(const QString &token)
{
    // Only in this dialog's copy of the kubeconfig: the user's file is never written.
    const QString context = m_context->currentText();
    auto it = m_config.contexts.find(context);
    if (it == m_config.contexts.end())
        return;
    if (it->user.isEmpty())
        it->user = u"deploy-console-token"_s;
    kube::User &user = m_config.users[it->user];
    user.name = it->user;
    user.token = token;
    m_tokenRow->setToolTip(u"A token is set for this context"_s);
    m_token->setPlaceholderText(u"a token is set (type another to replace it)"_s);
    m_token->clear();
    setIndicator(u"token set, not checked"_s, u"none"_s);
}

void ClusterDialog::useToken()
{
    const QString token = m_token->text().trimmed();
    if (token.isEmpty())
        return;
    const QString key = u"cluster/%1/token"_s.arg(m_context->currentText());
    injectToken(token);
    if (!m_remember->isChecked())
        return;
    m_secrets->write(key, token, [this, key, token](const SecretStore::Result &r) {
        if (r.ok || !r.noKeyring) {
            if (!r.ok)
                QMessageBox::warning(this, u"Token not remembered"_s, r.error);
            return;
        }
        const auto answer = QMessageBox::question(this, u"No keychain"_s,
                                                  r.error + u"\n\nKeep the token for this session only? It is never written to a file."_s);
        if (answer == QMessageBox::Yes) {
            m_secrets->setSessionOnly(true);
            m_secrets->write(key, token, [](const SecretStore::Result &) {});
        }
    });
}

void ClusterDialog::setIndicator(const QString &text, const QString &state)
{
    const QColor colour = statusColour(state == u"on"_s ? u"ok"_s : state == u"off"_s ? u"fail"_s : u"none"_s);
    m_indicator->setText(u"<span style=\"color:%1\">●</span> %2"_s.arg(colour.name(), text.toHtmlEscaped()));
    m_indicator->setAccessibleName(u"Connection: "_s + text);
    Q_EMIT connectionChanged(m_context->currentText(), state == u"none"_s ? QString() : text, state == u"on"_s);
}

void ClusterDialog::setRunning(bool running)
{
    const bool usable = !m_config.unreadable && m_context->count() > 0;
    m_signIn->setEnabled(!running && usable);
    m_preflight->setEnabled(!running && usable);
    m_cancel->setEnabled(running);
    m_context->setEnabled(!running);
}

void ClusterDialog::addRow(const QString &status, const QString &name, const QString &message, const QString &fix, const QString &setting, int line,
                           qint64 durationMs)
{
    auto *item = new QTreeWidgetItem(m_results, {status, name, durationMs > 0 ? u"%1 ms"_s.arg(durationMs) : QString(), message});
    item->setForeground(0, statusColour(status));
    item->setToolTip(3, message);
    item->setData(0, Qt::UserRole, setting);
    if (!fix.isEmpty())
        new QTreeWidgetItem(item, {QString(), QString(), QString(), u"Fix: "_s + fix});
    if (!setting.isEmpty())
        new QTreeWidgetItem(item, {QString(), QString(), QString(), u"Setting %1 (bundle line %2) — double-click to open it"_s.arg(setting).arg(line)});
    item->setExpanded(status == u"fail"_s || status == u"warn"_s);
    m_results->scrollToItem(item);
}

void ClusterDialog::checkSignIn()
{
    m_results->clear();
    m_access->setRowCount(0);
    m_doctor = std::make_unique<kube::SignInDoctor>(m_config, m_context->currentText());
    connect(m_doctor.get(), &kube::SignInDoctor::checkFinished, this, [this](const kube::DoctorCheck &c) {
        addRow(kube::SignInDoctor::statusText(c.status), c.name, c.message, c.fix, {}, 0, c.durationMs);
    });
    connect(m_doctor.get(), &kube::SignInDoctor::finished, this, [this] {
        setRunning(false);
        setIndicator(m_doctor->signedIn() ? u"signed in as %1"_s.arg(m_doctor->user()) : u"not signed in"_s, m_doctor->signedIn() ? u"on"_s : u"off"_s);
        Q_EMIT runFinished(m_doctor->signedIn());
    });
    setRunning(true);
    setIndicator(u"checking…"_s, u"none"_s);
    m_doctor->start();
}

void ClusterDialog::runPreflight()
{
    m_results->clear();
    m_access->setRowCount(0);
    m_run = std::make_unique<kube::Preflight>(m_config, m_context->currentText(), m_bundle());
    connect(m_run.get(), &kube::Preflight::checkFinished, this, [this](const kube::PreflightCheck &c) {
        addRow(kube::SignInDoctor::statusText(c.check.status), c.check.name, c.check.message, c.check.fix, c.setting, c.line, c.check.durationMs);
        if (c.check.name == u"identity"_s)
            setIndicator(c.check.status == kube::DoctorCheck::Status::Ok ? c.check.message : u"not signed in"_s,
                         c.check.status == kube::DoctorCheck::Status::Fail ? u"off"_s : u"on"_s);
    });
    connect(m_run.get(), &kube::Preflight::finished, this, [this] {
        for (const kube::AccessCheck &a : m_run->access()) {
            const int row = m_access->rowCount();
            m_access->insertRow(row);
            m_access->setItem(row, 0, new QTableWidgetItem(a.verb));
            m_access->setItem(row, 1, new QTableWidgetItem(a.resource + (a.group.isEmpty() ? QString() : u"."_s + a.group)));
            m_access->setItem(row, 2, new QTableWidgetItem(a.ns.isEmpty() ? u"(cluster)"_s : a.ns));
            auto *allowed = new QTableWidgetItem(a.allowed ? u"yes"_s : u"no"_s);
            allowed->setForeground(statusColour(a.allowed ? u"ok"_s : u"fail"_s));
            allowed->setToolTip(a.why + (a.reason.isEmpty() ? QString() : u": "_s + a.reason));
            m_access->setItem(row, 3, allowed);
        }
        setRunning(false);
        Q_EMIT runFinished(m_run->passed());
    });
    setRunning(true);
    setIndicator(u"checking…"_s, u"none"_s);
    m_run->start();
}

void ClusterDialog::cancel()
{
    if (m_run)
        m_run->cancel();
    if (m_doctor && m_cancel->isEnabled()) {
        m_doctor.reset(); // its requests and processes end with it
        addRow(u"fail"_s, u"canceled"_s, u"the sign-in check was canceled"_s, {}, {}, 0);
        setIndicator(u"not checked"_s, u"none"_s);
    }
    setRunning(false);
}

} // namespace dc
