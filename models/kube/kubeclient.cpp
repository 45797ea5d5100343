#include "kubeclient.h"

#include "proxy.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslKey>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

QByteArray readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return {};
    }
    return f.readAll();
}

QSslKey keyFrom(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

void KubeCall::abort()
{
    if (m_done)
        return;
    error = {KubeError::Kind::Canceled, 0, {}, u"canceled"_s};
    if (m_reply)
        m_reply->abort(); // finishes through the reply
    else
        finish();
}

void KubeCall::finish()
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished();
}

KubeError errorFor(int httpStatus, const QByteArray &body)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return {};
    const QJsonObject status = QJsonDocument::fromJson(body).object();
    KubeError e;
    e.httpStatus = httpStatus;
    e.reason = status.value(u"reason"_s).toString();
    e.message = status.value(u"message"_s).toString();
    if (e.message.isEmpty())
        e.message = body.trimmed().isEmpty() ? u"HTTP %1"_s.arg(httpStatus) : QString::fromUtf8(body.trimmed().left(500));
    using K = KubeError::Kind;
    e.kind = httpStatus == 401 ? K::Unauthorized : httpStatus == 403 ? K::Forbidden : httpStatus == 404 ? K::NotFound
        : httpStatus == 409 ? K::Conflict : httpStatus == 422 ? K::Invalid : httpStatus >= 500 ? K::Server : K::Other;
    return e;
}

KubeClient::KubeClient(Kubeconfig::Resolved context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_network(std::make_unique<QNetworkAccessManager>())
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    const Cluster &cluster = m_context.cluster;
    const User &user = m_context.user;
    const ProxyRoute route = proxyFor(cluster);
    m_network->setProxy(route.proxy);
    m_proxyDescription = route.description;
    if (!route.error.isEmpty())
        m_setupError = {KubeError::Kind::Network, 0, {}, route.error};
    QString why;
    // The cluster's CA is the only one trusted for it, as client-go does.
    QByteArray ca = cluster.certificateAuthorityData;
    if (ca.isEmpty() && !cluster.certificateAuthority.isEmpty())
        ca = readFile(cluster.certificateAuthority, &why);
    if (!ca.isEmpty() || !why.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(ca);
        if (certificates.isEmpty())
            m_setupError = {KubeError::Kind::Tls, 0, {},
                            u"the certificate authority of cluster \"%1\" cannot be read%2"_s.arg(cluster.name, why.isEmpty() ? QString() : u": "_s + why)};
        m_ssl.setCaCertificates(certificates);
    }
    if (cluster.insecureSkipTlsVerify)
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    why.clear();
    QByteArray certificate = user.clientCertificateData, key = user.clientKeyData;
    QString whyKey;
    if (certificate.isEmpty() && !user.clientCertificate.isEmpty())
        certificate = readFile(user.clientCertificate, &why);
    if (key.isEmpty() && !user.clientKey.isEmpty())
        key = readFile(user.clientKey, &whyKey);
    if (!whyKey.isEmpty())
        why = why.isEmpty() ? whyKey : why + u"; "_s + whyKey;
    if (!certificate.isEmpty() || !key.isEmpty() || !user.clientCertificate.isEmpty() || !user.clientKey.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certificate);
        const QSslKey sslKey = keyFrom(key);
        if (certs.isEmpty() || sslKey.isNull())
            m_setupError = {KubeError::Kind::Credentials, 0, {}, u"the client certificate or key of user \"%1\" cannot be read%2"_s.arg(user.name, why.isEmpty() ? QString() : u": "_s + why)};
        else {
            m_ssl.setLocalCertificate(certs.first());
            m_ssl.setPrivateKey(sslKey);
        }
    }
}

QNetworkAccessManager *KubeClient::watchNetwork()
{
    // Qt Network opens at most six connections to a host per manager, and a watch holds one
    // as long as it runs: a manager per six watches, so none waits behind the others.
    for (const auto &n : m_watchNetworks)
        if (m_watchesOn.value(n.get()) < 6)
            return n.get();
    m_watchNetworks.push_back(std::make_unique<QNetworkAccessManager>());
    m_watchNetworks.back()->setProxy(m_network->proxy());
    return m_watchNetworks.back().get();
}

QNetworkProxy KubeClient::proxy() const
{
    return m_network->proxy();
}

KubeClient::~KubeClient()
{
    // A plugin still running (or killed and not yet reaped) ends with the client.
    for (QProcess *process : findChildren<QProcess *>()) {
        process->kill();
        process->waitForFinished(1000);
    }
}

KubeCall *KubeClient::send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType)
{
    auto *call = new KubeCall;
    if (!m_setupError.ok()) {
        call->error = m_setupError;
        QTimer::singleShot(0, call, &KubeCall::finish);
        return call;
    }
    const bool needExec = m_context.user.exec && (!m_execDone || (m_execExpiry.isValid() && m_execExpiry <= QDateTime::currentDateTimeUtc()));
    if (!needExec) {
        start(call, method, path, body, contentType, false);
        return call;
    }
    startAfterExec(call, method, path, body, contentType, false);
    return call;
}

void KubeClient::startAfterExec(KubeCall *call, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                                bool retried)
{
    QPointer<KubeCall> guard(call);
    runExec([this, guard, method, path, body, contentType, retried](const KubeError &error) {
        if (!guard)
            return;
        guard->error = error;
        if (!error.ok())
            guard->finish();
        else
            start(guard, method, path, body, contentType, retried);
    });
}

KubeCall *KubeClient::watch(const QString &path)
{
    auto *call = new KubeCall;
    call->m_watch = true;
    const QString watchPath = path + (path.contains(u'?') ? u"&watch=true"_s : u"?watch=true"_s);
    if (!m_setupError.ok()) {
        call->error = m_setupError;
        QTimer::singleShot(0, call, &KubeCall::finish);
    } else if (m_context.user.exec && !m_execDone) {
        startAfterExec(call, "GET", watchPath, {}, {}, false);
    } else {
        start(call, "GET", watchPath, {}, {}, false);
    }
    return call;
}

void KubeClient::invalidateDiscovery()
{
    m_discovered = false;
    m_resources.clear();
}

void KubeClient::resourceFor(const QString &apiVersion, const QString &kind, ResourceDone done)
{
    discover([this, apiVersion, kind, done](const KubeError &error) {
        if (!error.ok()) {
            done(std::nullopt, error);
            return;
        }
        const auto it = m_resources.constFind(apiVersion + u'|' + kind);
        if (it == m_resources.constEnd()) {
            done(std::nullopt, KubeError{KubeError::Kind::NotFound, 404, u"NotFound"_s,
                                         u"no matches for kind \"%1\" in version \"%2\": the server does not serve it (is its CRD installed?)"_s.arg(kind, apiVersion)});
            return;
        }
        done(*it, {});
    });
}

void KubeClient::discover(std::function<void(const KubeError &)> then)
{
    if (m_discovered) {
        then({});
        return;
    }
    m_discoveryWaiters.append(std::move(then));
    if (m_discovering)
        return;
    m_discovering = true;
    // Ends discovery: every waiter gets the outcome.
    auto finishAll = [this](const KubeError &error) {
        m_discovering = false;
        m_discovered = error.ok();
        const auto waiters = std::exchange(m_discoveryWaiters, {});
        for (const auto &w : waiters)
            w(error);
    };
    // The resources of one group version into the cache.
    auto take = [this](const QString &group, const QString &version, const QJsonObject &list) {
        for (const QJsonValue &v : list.value(u"resources"_s).toArray()) {
            const QJsonObject r = v.toObject();
            if (r.value(u"name"_s).toString().contains(u'/'))
                continue; // subresources
            ApiResource res{group, version, r.value(u"kind"_s).toString(), r.value(u"name"_s).toString(), r.value(u"namespaced"_s).toBool(), {}};
            for (const QJsonValue &verb : r.value(u"verbs"_s).toArray())
                res.verbs << verb.toString();
            m_resources.insert(res.apiVersion() + u'|' + res.kind, res);
        }
    };
    KubeCall *core = get(u"/api/v1"_s);
    core->setParent(this);
    connect(core, &KubeCall::finished, this, [this, core, take, finishAll] {
        core->deleteLater();
        if (!core->error.ok()) {
            finishAll(core->error);
            return;
        }
        take({}, u"v1"_s, core->json);
        KubeCall *groups = get(u"/apis"_s);
        groups->setParent(this);
        connect(groups, &KubeCall::finished, this, [this, groups, take, finishAll] {
            groups->deleteLater();
            if (!groups->error.ok()) {
                finishAll(groups->error);
                return;
            }
            QList<std::pair<QString, QString>> versions;
            for (const QJsonValue &g : groups->json.value(u"groups"_s).toArray())
                for (const QJsonValue &v : g[u"versions"_s].toArray())
                    versions.append({g[u"name"_s].toString(), v[u"version"_s].toString()});
            auto left = std::make_shared<qsizetype>(versions.size());
            if (versions.isEmpty())
                finishAll({});
            for (const auto &[group, version] : std::as_const(versions)) {
                KubeCall *call = get(u"/apis/%1/%2"_s.arg(group, version));
                call->setParent(this);
                connect(call, &KubeCall::finished, this, [call, group, version, take, left, finishAll] {
                    call->deleteLater();
                    if (call->error.ok()) // an aggregated API that is down leaves out its group only
                        take(group, version, call->json);
                    if (--*left == 0)
                        finishAll({});
                });
            }
        });
    });
}

void KubeClient::start(KubeCall *call, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType, bool retried)
{
    const User &user = m_context.user;
    QNetworkRequest request(QUrl(m_context.cluster.server + path));
    QSslConfiguration ssl = m_ssl;
    if (!m_execCertificate.isEmpty()) {
        ssl.setLocalCertificate(QSslCertificate(m_execCertificate));
        ssl.setPrivateKey(keyFrom(m_execKey));
    }
    request.setSslConfiguration(ssl);
    if (!m_context.cluster.tlsServerName.isEmpty())
        request.setPeerVerifyName(m_context.cluster.tlsServerName);
    request.setTransferTimeout(call->m_watch ? 0 : m_timeoutMs); // a watch stays open
    request.setRawHeader("Accept", "application/json");
    if (m_context.cluster.disableCompression)
        request.setRawHeader("Accept-Encoding", "identity"); // Qt asks for gzip otherwise
    request.setRawHeader("User-Agent", QCoreApplication::applicationName().toUtf8() + '/' + QCoreApplication::applicationVersion().toUtf8());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    KubeError tokenError;
    const QString token = currentToken(&tokenError);
    if (!tokenError.ok()) {
        call->error = tokenError;
        QTimer::singleShot(0, call, &KubeCall::finish);
        return;
    }
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    else if (!user.username.isEmpty())
        request.setRawHeader("Authorization", "Basic " + (user.username + u':' + user.password).toUtf8().toBase64());
    // Watches stay open: they get their own connections, so they never hold up the (at most six
    // parallel, the rest queued) ordinary requests to the server.
    QNetworkAccessManager *network = call->m_watch ? watchNetwork() : m_network.get();
    QNetworkReply *reply = network->sendCustomRequest(request, method, body);
    if (call->m_watch) {
        ++m_watchesOn[network];
        connect(reply, &QNetworkReply::finished, this, [this, network] { --m_watchesOn[network]; });
    }
    call->m_reply = reply;
    if (call->m_watch) {
        // Events are JSON lines; each goes out as soon as it is complete.
        connect(reply, &QNetworkReply::readyRead, call, [call, reply] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                return; // an error's body is read when the reply finishes
            call->m_pending += reply->readAll();
            qsizetype end;
            while ((end = call->m_pending.indexOf('\n')) >= 0) {
                const QJsonObject e = QJsonDocument::fromJson(call->m_pending.left(end)).object();
                call->m_pending.remove(0, end + 1);
                if (!e.isEmpty())
                    Q_EMIT call->event(e.value(u"type"_s).toString(), e.value(u"object"_s).toObject());
            }
        });
    }
    // An answer longer than the caller allows is not read to its end.
    auto limit = [call, reply](qint64 bytes) {
        if (call->maxBytes > 0 && bytes > call->maxBytes && !call->tooLarge) {
            call->tooLarge = bytes;
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, call, [reply, limit] { limit(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()); });
    connect(reply, &QNetworkReply::downloadProgress, call, [limit](qint64 received, qint64) { limit(received); });
    connect(reply, &QNetworkReply::finished, call, [this, call, reply, method, path, body, contentType, retried] {
        reply->deleteLater();
        if (call->tooLarge) {
            call->error = {KubeError::Kind::Other, 0, {}, u"the answer is larger than %1 bytes"_s.arg(call->maxBytes)};
            call->finish();
            return;
        }
        call->httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        call->body = reply->isOpen() ? reply->readAll() : QByteArray();
        call->json = QJsonDocument::fromJson(call->body).object();
        call->serverDate = QDateTime::fromString(QString::fromLatin1(reply->rawHeader("Date")), Qt::RFC2822Date);
        if (call->error.kind == KubeError::Kind::Canceled) {
            call->finish();
            return;
        }
        if (call->httpStatus == 0) {
            using K = KubeError::Kind;
            const QNetworkReply::NetworkError e = reply->error();
            const K kind = e == QNetworkReply::SslHandshakeFailedError ? K::Tls
                : e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError ? K::Timeout
                                                                                                : K::Network;
            QString message = reply->errorString();
            if (kind == K::Timeout)
                message = u"no answer from %1 within %2 s"_s.arg(m_context.cluster.server).arg(m_timeoutMs / 1000.0);
            call->error = {kind, 0, {}, message};
            call->finish();
            return;
        }
        call->error = errorFor(call->httpStatus, call->body);
        if (call->httpStatus == 401 && m_context.user.exec && !retried) {
            // The credential may have been revoked before it expired: ask the plugin again.
            m_execDone = false;
            m_execToken.clear();
            startAfterExec(call, method, path, body, contentType, true);
            return;
        }
        call->finish();
    });
}

QString KubeClient::currentToken(KubeError *error) const
{
    const User &user = m_context.user;
    QString token = !m_execToken.isEmpty() ? m_execToken : user.token;
    if (token.isEmpty() && !user.tokenFile.isEmpty()) {
        QString why;
        token = QString::fromUtf8(readFile(user.tokenFile, &why)).trimmed(); // read each time: it may be rotated
        if (!why.isEmpty())
            *error = {KubeError::Kind::Credentials, 0, {}, u"the token file of user \"%1\" cannot be read: %2"_s.arg(user.name, why)};
    }
    return token;
}

void KubeClient::bearerToken(TokenDone done)
{
    auto give = [this, done] {
        KubeError error = m_setupError;
        const QString token = error.ok() ? currentToken(&error) : QString();
        done(token, error);
    };
    const bool needExec = m_context.user.exec && (!m_execDone || (m_execExpiry.isValid() && m_execExpiry <= QDateTime::currentDateTimeUtc()));
    if (!needExec || !m_setupError.ok()) {
        QTimer::singleShot(0, this, give); // answered from the event loop, as every call is
        return;
    }
    runExec([give, done](const KubeError &error) {
        if (!error.ok())
            done({}, error);
        else
            give();
    });
}

void KubeClient::runExec(std::function<void(const KubeError &)> then)
{
    const ExecPlugin &exec = *m_context.user.exec;
    auto fail = [then, exec](const QString &message) {
        QString text = message;
        if (!exec.installHint.isEmpty())
            text += u"\n"_s + exec.installHint;
        then(KubeError{KubeError::Kind::Credentials, 0, {}, text});
    };
    if (exec.interactiveMode == u"Always"_s) {
        // Answered from the event loop, as every call is: callers connect after send() returns.
        QTimer::singleShot(0, this, [fail, exec] {
            fail(u"the exec plugin \"%1\" needs a terminal (interactiveMode: Always); run it once in a terminal, or use a plugin that signs in non-interactively"_s
                     .arg(exec.command));
        });
        return;
    }
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : exec.env)
        env.insert(name, value);
    QJsonObject spec{{u"interactive"_s, false}};
    if (exec.provideClusterInfo) {
        QJsonObject cluster{{u"server"_s, m_context.cluster.server}};
        if (!m_context.cluster.tlsServerName.isEmpty())
            cluster.insert(u"tls-server-name"_s, m_context.cluster.tlsServerName);
        if (m_context.cluster.insecureSkipTlsVerify)
            cluster.insert(u"insecure-skip-tls-verify"_s, true);
        if (!m_context.cluster.certificateAuthorityData.isEmpty())
            cluster.insert(u"certificate-authority-data"_s, QString::fromLatin1(m_context.cluster.certificateAuthorityData.toBase64()));
        spec.insert(u"cluster"_s, cluster);
    }
    env.insert(u"KUBERNETES_EXEC_INFO"_s,
               QString::fromUtf8(QJsonDocument(QJsonObject{{u"apiVersion"_s, exec.apiVersion}, {u"kind"_s, u"ExecCredential"_s}, {u"spec"_s, spec}})
                                     .toJson(QJsonDocument::Compact)));
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    auto done = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, process, [process, fail, done, exec, this] {
        if (std::exchange(*done, true))
            return;
        process->kill(); // its finished signal deletes it
        fail(u"the exec plugin \"%1\" did not answer within %2 s (does it wait for input?)"_s.arg(exec.command).arg(m_timeoutMs / 1000.0));
    });
    connect(process, &QProcess::errorOccurred, process, [process, fail, done, exec](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || std::exchange(*done, true))
            return;
        fail(u"the exec plugin \"%1\" cannot be started: %2"_s.arg(exec.command, process->errorString()));
        process->deleteLater();
    });
    connect(process, &QProcess::finished, process, [this, process, then, fail, done, exec](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        if (std::exchange(*done, true))
            return;
        m_execStderr = QString::fromUtf8(process->readAllStandardError()).trimmed();
        if (status != QProcess::NormalExit || code != 0) {
            fail(u"the exec plugin \"%1\" failed (exit code %2)%3"_s.arg(exec.command).arg(code).arg(m_execStderr.isEmpty() ? QString() : u": "_s + m_execStderr));
            return;
        }
        QJsonParseError perr{};
        const QJsonObject credential = QJsonDocument::fromJson(process->readAllStandardOutput(), &perr).object();
        const QJsonObject st = credential.value(u"status"_s).toObject();
        if (perr.error != QJsonParseError::NoError || credential.value(u"kind"_s).toString() != u"ExecCredential"_s) {
            fail(u"the exec plugin \"%1\" printed no ExecCredential (%2)"_s.arg(exec.command, perr.error != QJsonParseError::NoError ? perr.errorString() : u"kind is not ExecCredential"_s));
            return;
        }
        if (credential.value(u"apiVersion"_s).toString() != exec.apiVersion) {
            fail(u"the exec plugin \"%1\" answered in %2, but the kubeconfig asks for %3"_s.arg(exec.command, credential.value(u"apiVersion"_s).toString(), exec.apiVersion));
            return;
        }
        m_execToken = st.value(u"token"_s).toString();
        m_execCertificate = st.value(u"clientCertificateData"_s).toString().toUtf8();
        m_execKey = st.value(u"clientKeyData"_s).toString().toUtf8();
        if (m_execToken.isEmpty() && m_execCertificate.isEmpty()) {
            fail(u"the exec plugin \"%1\" gave neither a token nor a client certificate"_s.arg(exec.command));
            return;
        }
        m_execExpiry = QDateTime::fromString(st.value(u"expirationTimestamp"_s).toString(), Qt::ISODate);
        m_execDone = true;
        then({});
    });
    timer->start(m_timeoutMs);
    process->start(exec.command, exec.args);
}

} // namespace dc::kube
