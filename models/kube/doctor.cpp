#include "doctor.h"

#include "kubeclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

QString where(const Origin &o)
{
    return o.line > 0 ? u"%1:%2"_s.arg(o.file).arg(o.line) : o.file;
}

QString credentialKind(const User &u)
{
    if (u.exec)
        return u"exec plugin %1"_s.arg(u.exec->command);
    if (!u.token.isEmpty())
        return u"token"_s;
    if (!u.tokenFile.isEmpty())
        return u"token file %1"_s.arg(u.tokenFile);
    if (!u.clientCertificate.isEmpty() || !u.clientCertificateData.isEmpty())
        return u"client certificate"_s;
    if (!u.username.isEmpty())
        return u"basic auth (%1)"_s.arg(u.username);
    if (!u.authProvider.isEmpty())
        return u"auth-provider %1 (removed from kubectl)"_s.arg(u.authProvider);
    return u"no credentials"_s;
}

} // namespace

QDateTime jwtExpiry(const QString &token)
{
    const QStringList parts = token.split(u'.');
    if (parts.size() != 3)
        return {};
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)).object();
    if (!claims.value(u"exp"_s).isDouble())
        return {};
    return QDateTime::fromSecsSinceEpoch(claims.value(u"exp"_s).toInteger(), Qt::UTC);
}

SignInDoctor::SignInDoctor(Kubeconfig config, QString context, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_contextName(std::move(context))
{
}

SignInDoctor::~SignInDoctor() = default;

QString SignInDoctor::statusText(DoctorCheck::Status status)
{
    switch (status) {
    case DoctorCheck::Status::Ok: return u"ok"_s;
    case DoctorCheck::Status::Warn: return u"warn"_s;
    case DoctorCheck::Status::Fail: return u"fail"_s;
    case DoctorCheck::Status::Skipped: return u"skipped"_s;
    }
    return {};
}

void SignInDoctor::add(DoctorCheck check)
{
    check.durationMs = QDateTime::currentMSecsSinceEpoch() - m_started;
    m_started = QDateTime::currentMSecsSinceEpoch();
    m_checks.append(check);
    Q_EMIT checkFinished(check);
}

void SignInDoctor::start()
{
    m_started = QDateTime::currentMSecsSinceEpoch();
    using S = DoctorCheck::Status;
    if (m_config.unreadable) {
        const auto &p = m_config.problems.value(0);
        add({u"kubeconfig"_s, S::Fail, u"%1: %2"_s.arg(p.file, p.message), u"give --kubeconfig FILE, or set KUBECONFIG"_s});
        QTimer::singleShot(0, this, &SignInDoctor::finish);
        return;
    }
    QString error;
    m_context = m_config.resolve(m_contextName, &error);
    if (!m_context) {
        add({u"kubeconfig"_s, S::Fail, error, u"pick one of: %1 (kubectl config get-contexts)"_s.arg(m_config.contexts.keys().join(u", "_s))});
        QTimer::singleShot(0, this, &SignInDoctor::finish);
        return;
    }
    const auto &c = *m_context;
    QString text = u"context \"%1\" from %2; cluster \"%3\" (%4) from %5; user \"%6\" (%7)%8"_s.arg(
        c.context.name, where(c.context.origin), c.cluster.name, c.cluster.server, where(c.cluster.origin),
        c.user.name.isEmpty() ? u"none"_s : c.user.name, credentialKind(c.user), c.user.name.isEmpty() ? QString() : u" from "_s + where(c.user.origin));
    QStringList elsewhere;
    for (const auto &p : std::as_const(m_config.problems))
        elsewhere << u"%1:%2: %3"_s.arg(p.file).arg(p.line).arg(p.message);
    if (!c.user.authProvider.isEmpty()) {
        add({u"kubeconfig"_s, S::Fail, text + u"; the auth-provider \"%1\" was removed from kubectl and client-go"_s.arg(c.user.authProvider),
             u"use an exec credential plugin instead (for OIDC: kubelogin, `kubectl oidc-login`; for GKE: gke-gcloud-auth-plugin; for AKS: kubelogin)"_s});
        QTimer::singleShot(0, this, &SignInDoctor::finish);
        return;
    }
    add({u"kubeconfig"_s, elsewhere.isEmpty() ? S::Ok : S::Warn, elsewhere.isEmpty() ? text : text + u"; elsewhere: "_s + elsewhere.join(u"; "_s),
         elsewhere.isEmpty() ? QString() : u"fix or remove the entries named; this context does not use them"_s});
    m_client = std::make_unique<KubeClient>(c);
    m_client->setTimeout(m_timeoutMs);
    checkAddress();
}

void SignInDoctor::checkAddress()
{
    using S = DoctorCheck::Status;
    const QUrl url(m_context->cluster.server);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
        add({u"address"_s, S::Fail, u"\"%1\" is no server address"_s.arg(m_context->cluster.server), u"set the cluster's server to https://HOST:PORT"_s});
        finish();
        return;
    }
    const KubeError setup = m_client->setupError();
    if (!setup.ok() && setup.kind == KubeError::Kind::Network) { // the proxy cannot be used
        const Origin &o = m_context->cluster.origin;
        add({u"address"_s, S::Fail, setup.message,
             m_context->cluster.proxyUrl.isEmpty() ? u"correct or unset HTTPS_PROXY / HTTP_PROXY"_s
                                                   : u"edit proxy-url of cluster \"%1\" (%2:%3)"_s.arg(m_context->cluster.name, o.file).arg(o.line)});
        finish();
        return;
    }
    auto *socket = new QTcpSocket(this);
    socket->setProxy(m_client->proxy());
    auto *timer = new QTimer(socket);
    const QString via = m_client->proxyDescription().isEmpty() ? QString() : u" through the proxy "_s + m_client->proxyDescription();
    const QString hostPort = u"%1:%2"_s.arg(url.host()).arg(url.port(url.scheme() == u"https"_s ? 443 : 80));
    auto failed = [this, socket, hostPort, via](const QString &why) {
        socket->disconnect();
        socket->deleteLater();
        add({u"address"_s, DoctorCheck::Status::Fail, u"%1 cannot be reached%2: %3"_s.arg(hostPort, via, why),
             via.isEmpty() ? u"check that the cluster runs and the address is right (a VPN or proxy may be needed)"_s
                           : u"check that the proxy runs and lets you through to the cluster, and that the address is right"_s});
        finish();
    };
    connect(timer, &QTimer::timeout, socket, [failed, this] { failed(u"no answer within %1 s"_s.arg(m_timeoutMs / 1000.0)); });
    connect(socket, &QTcpSocket::errorOccurred, socket, [failed, socket] { failed(socket->errorString()); });
    connect(socket, &QTcpSocket::connected, socket, [this, socket, hostPort, via] {
        socket->disconnect();
        socket->deleteLater();
        add({u"address"_s, DoctorCheck::Status::Ok, u"%1 accepts connections%2"_s.arg(hostPort, via), {}});
        checkTls();
    });
    timer->start(m_timeoutMs);
    socket->connectToHost(url.host(), quint16(url.port(url.scheme() == u"https"_s ? 443 : 80)));
}

void SignInDoctor::checkTls()
{
    using S = DoctorCheck::Status;
    const QUrl url(m_context->cluster.server);
    if (url.scheme() == u"http"_s) {
        add({u"tls"_s, S::Warn, u"plain HTTP: credentials and objects travel unencrypted"_s, u"use the cluster's https:// address"_s});
        checkExecPlugin();
        return;
    }
    auto *socket = new QSslSocket(this);
    socket->setProxy(m_client->proxy());
    socket->setSslConfiguration(m_client->sslConfiguration());
    const QString name = m_context->cluster.tlsServerName.isEmpty() ? url.host() : m_context->cluster.tlsServerName;
    auto errors = std::make_shared<QList<QSslError>>();
    connect(socket, &QSslSocket::sslErrors, socket, [errors, socket, this](const QList<QSslError> &list) {
        *errors = list;
        if (m_context->cluster.insecureSkipTlsVerify)
            socket->ignoreSslErrors();
    });
    auto done = [this, socket, errors, name](bool encrypted) {
        socket->disconnect();
        socket->deleteLater();
        DoctorCheck check{u"tls"_s, S::Ok, {}, {}};
        const QList<QSslCertificate> chain = socket->peerCertificateChain();
        const QSslCertificate leaf = chain.value(0);
        const QString issued = leaf.isNull() ? QString()
                                             : u"certificate for %1, issued by %2, valid until %3"_s.arg(
                                                   leaf.subjectInfo(QSslCertificate::CommonName).join(u", "_s),
                                                   leaf.issuerInfo(QSslCertificate::CommonName).join(u", "_s),
                                                   leaf.expiryDate().toUTC().toString(Qt::ISODate));
        QStringList problems;
        for (const QSslError &e : std::as_const(*errors))
            problems << e.errorString();
        if (m_context->cluster.insecureSkipTlsVerify) {
            check.status = S::Warn;
            check.message = issued + u"; insecure-skip-tls-verify is set, so the server's identity is not checked"_s
                + (problems.isEmpty() ? QString() : u" (it would fail: "_s + problems.join(u"; "_s) + u')');
            check.fix = u"put the cluster's CA in certificate-authority-data and remove insecure-skip-tls-verify"_s;
        } else if (!encrypted || !problems.isEmpty()) {
            check.status = S::Fail;
            check.message = (problems.isEmpty() ? socket->errorString() : problems.join(u"; "_s)) + (issued.isEmpty() ? QString() : u" ("_s + issued + u')');
            bool mismatch = false;
            for (const QSslError &e : std::as_const(*errors))
                mismatch = mismatch || e.error() == QSslError::HostNameMismatch;
            check.fix = mismatch ? u"the certificate does not name %1: use the address it names, or set tls-server-name"_s.arg(name)
                                 : u"the kubeconfig's certificate-authority does not match the server: get the cluster's CA again (e.g. from its admin kubeconfig)"_s;
        } else {
            check.message = issued + u", trusted through the cluster's CA"_s;
            if (leaf.expiryDate() < QDateTime::currentDateTimeUtc().addDays(30)) {
                check.status = S::Warn;
                check.fix = u"the server certificate expires within 30 days; tell the cluster's admin"_s;
            }
        }
        add(check);
        checkExecPlugin();
    };
    connect(socket, &QSslSocket::encrypted, socket, [done] { done(true); });
    connect(socket, &QSslSocket::errorOccurred, socket, [done] { done(false); });
    QTimer::singleShot(m_timeoutMs, socket, [done] { done(false); });
    socket->connectToHostEncrypted(url.host(), quint16(url.port(443)), name);
}

void SignInDoctor::checkExecPlugin()
{
    using S = DoctorCheck::Status;
    if (!m_context->user.exec) {
        checkServer();
        return;
    }
    const ExecPlugin exec = *m_context->user.exec;
    const QString here = QFileInfo(exec.command).isAbsolute() ? (QFileInfo(exec.command).isExecutable() ? exec.command : QString())
                                                             : QStandardPaths::findExecutable(exec.command);
    auto report = [this, exec, here](const QString &login) {
        const QString hint = exec.installHint.isEmpty() ? u"install it, or put its absolute path in exec.command"_s : exec.installHint;
        if (here.isEmpty() && login.isEmpty())
            add({u"exec-plugin"_s, S::Fail, u"the exec plugin \"%1\" is not installed (not in PATH, nor in the login shell's PATH)"_s.arg(exec.command), hint});
        else if (here.isEmpty())
            add({u"exec-plugin"_s, S::Warn,
                 u"\"%1\" is found only with the login shell's PATH (%2): a console started from the desktop does not see it"_s.arg(exec.command, login),
                 u"put the absolute path (%1) in the kubeconfig's exec.command"_s.arg(login)});
        else
            add({u"exec-plugin"_s, S::Ok, u"\"%1\" resolves to %2"_s.arg(exec.command, here), {}});
        checkServer();
    };
    if (QFileInfo(exec.command).isAbsolute()) {
        report(here);
        return;
    }
    // The login shell's PATH, asked without blocking (the console runs this on its UI thread).
    auto *shell = new QProcess(this);
    auto done = std::make_shared<bool>(false);
    auto end = [shell, done, report](const QString &login) {
        if (std::exchange(*done, true))
            return;
        shell->deleteLater();
        report(login);
    };
    connect(shell, &QProcess::finished, this, [shell, end] { end(QString::fromLocal8Bit(shell->readAllStandardOutput()).trimmed().section(u'\n', -1)); });
    connect(shell, &QProcess::errorOccurred, this, [end](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            end({});
    });
    QTimer::singleShot(std::min(m_timeoutMs, 5000), shell, [shell, end] {
        shell->kill();
        end({});
    });
    shell->start(qEnvironmentVariable("SHELL", u"/bin/sh"_s), {u"-l"_s, u"-c"_s, u"command -v -- \"$1\""_s, u"sh"_s, exec.command});
}

void SignInDoctor::checkServer()
{
    using S = DoctorCheck::Status;
    KubeCall *call = m_client->get(u"/version"_s);
    call->setParent(this); // a doctor destroyed mid-check (canceled) takes its calls along
    connect(call, &KubeCall::finished, this, [this, call] {
        call->deleteLater();
        if (call->error.kind == KubeError::Kind::Credentials) {
            add({u"exec-plugin"_s, S::Fail, call->error.message, u"run the plugin in a terminal to see what it needs (a login, a config file)"_s});
            finish();
            return;
        }
        if (!call->error.ok() && call->error.kind != KubeError::Kind::Unauthorized && call->error.kind != KubeError::Kind::Forbidden) {
            add({u"server"_s, S::Fail, call->error.message, u"check the address and that the cluster's API server runs"_s});
            finish();
            return;
        }
        // The token's lifetime: the plugin's ExecCredential, else a JWT's "exp".
        const QString token = !m_client->execToken().isEmpty() ? m_client->execToken() : m_context->user.token;
        const QDateTime expiry = m_client->execExpiry().isValid() ? m_client->execExpiry() : jwtExpiry(token);
        if (expiry.isValid()) {
            const qint64 left = QDateTime::currentDateTimeUtc().secsTo(expiry);
            add({u"token"_s, left <= 0 ? S::Fail : left < 3600 ? S::Warn : S::Ok,
                 left <= 0 ? u"the token expired at %1"_s.arg(expiry.toString(Qt::ISODate)) : u"the token is valid until %1"_s.arg(expiry.toString(Qt::ISODate)),
                 left <= 0 ? u"sign in again for a new token"_s : left < 3600 ? u"it expires within the hour; sign in again before a long rollout"_s : QString()});
        }
        if (call->error.ok()) {
            QString text = u"Kubernetes %1"_s.arg(call->json.value(u"gitVersion"_s).toString());
            DoctorCheck check{u"server"_s, S::Ok, text, {}};
            if (call->serverDate.isValid()) {
                const qint64 skew = std::abs(call->serverDate.secsTo(QDateTime::currentDateTimeUtc()));
                if (skew > 300) {
                    check.status = S::Warn;
                    check.message += u"; the clocks differ by %1 s"_s.arg(skew);
                    check.fix = u"set this machine's clock (NTP): tokens and certificates are checked against it"_s;
                }
            }
            add(check);
        }
        checkIdentity();
    });
}

void SignInDoctor::checkIdentity()
{
    using S = DoctorCheck::Status;
    KubeCall *call = m_client->send("POST", u"/apis/authentication.k8s.io/v1/selfsubjectreviews"_s,
                                    R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
    call->setParent(this);
    connect(call, &KubeCall::finished, this, [this, call] {
        call->deleteLater();
        if (call->error.ok()) {
            const QJsonObject info = call->json[u"status"_s][u"userInfo"_s].toObject();
            m_user = info.value(u"username"_s).toString();
            for (const QJsonValue &g : info.value(u"groups"_s).toArray())
                m_groups << g.toString();
            m_signedIn = true;
            add({u"identity"_s, S::Ok, u"signed in as %1 (groups: %2)"_s.arg(m_user, m_groups.join(u", "_s)), {}});
        } else if (call->error.kind == KubeError::Kind::Unauthorized) {
            add({u"identity"_s, S::Fail, u"the server does not accept the credentials (401): %1"_s.arg(call->error.message),
                 u"the token is wrong, expired or revoked: sign in again, or get a new one"_s});
        } else if (call->error.kind == KubeError::Kind::Forbidden && call->error.message.contains(u"\"system:anonymous\""_s)) {
            // Anonymous requests are allowed: credentials that were not sent or not accepted
            // (a client certificate another CA signed) make you system:anonymous, not a 401.
            const User &user = m_context->user;
            const bool certificate = !user.clientCertificate.isEmpty() || !user.clientCertificateData.isEmpty();
            add({u"identity"_s, S::Fail, u"the server treats you as system:anonymous: your credentials were not accepted (%1)"_s.arg(call->error.message),
                 certificate ? u"the client certificate is not signed by a CA this cluster trusts: get a new one for this cluster"_s
                             : u"add a token, client certificate or exec plugin to user \"%1\""_s.arg(user.name)});
        } else if (call->error.kind == KubeError::Kind::NotFound || call->error.kind == KubeError::Kind::Forbidden) {
            // Older servers have no SelfSubjectReview; the credentials were accepted (/version answered).
            m_signedIn = true;
            add({u"identity"_s, S::Warn, u"the server does not say who you are (%1)"_s.arg(call->error.message),
                 u"nothing to do: the credentials are accepted"_s});
        } else {
            add({u"identity"_s, S::Fail, call->error.message, u"try again; if it persists, check the cluster"_s});
        }
        finish();
    });
}

void SignInDoctor::finish()
{
    // Checks a failure made pointless are listed as skipped, so every run shows the same list.
    const QStringList all = {u"kubeconfig"_s, u"address"_s, u"tls"_s, u"server"_s, u"identity"_s};
    for (const QString &name : all) {
        bool seen = false;
        for (const DoctorCheck &c : std::as_const(m_checks))
            seen = seen || c.name == name;
        if (!seen)
            m_checks.append({name, DoctorCheck::Status::Skipped, u"not run: an earlier check failed"_s, {}});
    }
    Q_EMIT finished();
}

QJsonObject SignInDoctor::toJson() const
{
    QJsonArray checks;
    for (const DoctorCheck &c : m_checks)
        checks.append(QJsonObject{{u"name"_s, c.name}, {u"status"_s, statusText(c.status)}, {u"message"_s, c.message},
                                  {u"fix"_s, c.fix}, {u"durationMs"_s, c.durationMs}});
    QJsonObject out{{u"files"_s, QJsonArray::fromStringList(m_config.files)}, {u"checks"_s, checks}, {u"signedIn"_s, m_signedIn}};
    if (m_context)
        out.insert(u"context"_s, QJsonObject{{u"name"_s, m_context->context.name}, {u"cluster"_s, m_context->cluster.name},
                                             {u"server"_s, m_context->cluster.server}, {u"user"_s, m_context->user.name},
                                             {u"namespace"_s, m_context->context.ns}});
    if (m_signedIn)
        out.insert(u"identity"_s, QJsonObject{{u"user"_s, m_user}, {u"groups"_s, QJsonArray::fromStringList(m_groups)}});
    return out;
}

} // namespace dc::kube
