#include "apiserver.h"
#include "metrics/localprometheus.h"
#include "statedb.h"
#include "httpserver.h"
#include "tlsmaterial.h"

#include "config/project.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2];

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &c, 1);
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(int code, const QString &message)
{
    err() << "demo-cluster: " << message << "\n";
    err().flush();
    return code;
}

// Secrets (the CA key, the token, a kubeconfig holding the token, the state) are created with
// mode 0600 from the start, never written first and restricted afterwards.
bool writeFile(const QString &path, const QByteArray &data, QString *error, bool secret = false)
{
    return dc::writeFileAtomically(path, data, error,
                                   secret ? std::optional<QFileDevice::Permissions>(QFileDevice::ReadOwner | QFileDevice::WriteOwner) : std::nullopt);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"demo-cluster"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DC_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local Kubernetes-API-compatible server for demos, onboarding and tests (in memory, 127.0.0.1 only). "
        u"It serves discovery, OpenAPI v3, CRUD, server-side apply, watch, tables, events, access reviews, a simulated "
        u"deployment controller (images tagged :fail never become ready, :crash ones restart) and /metrics with a simulated load."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption port(u"port"_s, u"Port to listen on (0 or absent: a free port)."_s, u"N"_s, u"0"_s);
    QCommandLineOption tls(u"tls"_s, u"Serve HTTPS with a new self-signed CA and require a bearer token (--token, or a random one); both are kept in --state DIR when given."_s);
    QCommandLineOption caOut(u"ca-out"_s, u"With --tls: write the CA certificate (PEM) to FILE."_s, u"FILE"_s);
    QCommandLineOption token(u"token"_s, u"Require this bearer token on every API request (needs --tls: kubectl sends tokens only over HTTPS)."_s, u"TOKEN"_s);
    QCommandLineOption clientCerts(u"client-certificates"_s,
                                   u"With --tls: also accept client certificates the CA signed (the user is their CN, the groups their O); --kubeconfig-out then holds one for --user in group system:masters instead of the token."_s);
    QCommandLineOption kubeconfig(u"kubeconfig-out"_s, u"Write a kubeconfig for this server to FILE."_s, u"FILE"_s);
    QCommandLineOption without(u"without"_s, u"Leave out CRD groups (e.g. networking.istio.io,security.istio.io)."_s, u"GROUP[,GROUP...]"_s);
    QCommandLineOption deny(u"deny"_s, u"Deny VERB on RESOURCE (in NAMESPACE; \"-\": only across all namespaces): verb:resource[:namespace], repeatable (list:services:-, get:services/proxy)."_s, u"RULE"_s);
    QCommandLineOption user(u"user"_s, u"User name the server reports."_s, u"NAME"_s, u"demo-admin"_s);
    QCommandLineOption readyAfter(u"ready-after"_s, u"Seconds a new pod takes to become ready (default 1.5)."_s, u"SECONDS"_s, u"1.5"_s);
    QCommandLineOption latency(u"latency"_s, u"Milliseconds every API answer waits (a slow or distant server; default 0)."_s, u"MS"_s, u"0"_s);
    QCommandLineOption tick(u"controller-tick"_s, u"Milliseconds between controller passes (default 250; 10 runs them at full speed)."_s, u"MS"_s, u"250"_s);
    QCommandLineOption speed(u"speed"_s, u"Run the kubelet's CrashLoopBackOff back-off (10 s doubling to 5 min) N times faster, for demos (default 1)."_s,
                             u"N"_s, u"1"_s);
    QCommandLineOption history(u"watch-history"_s, u"Watch events kept for resuming watches; older resourceVersions get 410 Expired (default 1000)."_s, u"N"_s, u"1000"_s);
    QCommandLineOption backlog(u"watch-backlog"_s,
                               u"Unsent bytes after which a watch whose client does not read is closed, as a real API server closes unresponsive watchers (default 16 MiB)."_s,
                               u"BYTES"_s, QString::number(16 * 1024 * 1024));
    QCommandLineOption prometheusConfig(u"prometheus-config-out"_s, u"Write a Prometheus configuration that scrapes this server's /metrics to FILE."_s, u"FILE"_s);
    QCommandLineOption state(u"state"_s, u"Keep the cluster in DIR/state.db (SQLite, each change written as it is acknowledged) and load it from there on start."_s, u"DIR"_s);
    for (const auto &o : {port, tls, caOut, token, clientCerts, kubeconfig, without, deny, user, readyAfter, speed, tick, latency, history, backlog, prometheusConfig, state})
        parser.addOption(o);
    parser.process(app);

    if (parser.isSet(token) && !parser.isSet(tls))
        return fail(2, u"--token needs --tls (kubectl sends bearer tokens only over HTTPS)"_s);
    if (parser.isSet(caOut) && !parser.isSet(tls))
        return fail(2, u"--ca-out needs --tls"_s);
    if (parser.isSet(clientCerts) && !parser.isSet(tls))
        return fail(2, u"--client-certificates needs --tls"_s);
    dc::demo::ApiOptions options;
    options.user = parser.value(user);
    bool readyOk = false;
    const double readySeconds = parser.value(readyAfter).toDouble(&readyOk);
    if (!readyOk || readySeconds < 0 || readySeconds > 3600)
        return fail(2, u"--ready-after must be 0..3600 seconds"_s);
    options.readyAfterMs = int(readySeconds * 1000);
    bool speedOk = false;
    options.speed = parser.value(speed).toDouble(&speedOk);
    if (!speedOk || options.speed < 1 || options.speed > 1000)
        return fail(2, u"--speed must be 1..1000"_s);
    bool tickOk = false;
    options.tickMs = parser.value(tick).toInt(&tickOk);
    if (!tickOk || options.tickMs < 1 || options.tickMs > 1000)
        return fail(2, u"--controller-tick must be 1..1000 milliseconds"_s);
    bool latencyOk = false;
    options.latencyMs = parser.value(latency).toInt(&latencyOk);
    if (!latencyOk || options.latencyMs < 0 || options.latencyMs > 60000)
        return fail(2, u"--latency: expected milliseconds from 0 to 60000"_s);
    options.historySize = std::max(1, parser.value(history).toInt());
    bool backlogOk = false;
    options.watchBacklogBytes = parser.value(backlog).toLongLong(&backlogOk);
    if (!backlogOk || options.watchBacklogBytes < 1024)
        return fail(2, u"--watch-backlog must be a number of bytes, 1024 or more"_s);
    options.token = parser.value(token);
    options.withoutGroups = parser.value(without).split(u',', Qt::SkipEmptyParts);
    for (const QString &rule : parser.values(deny)) {
        const QStringList p = rule.split(u':');
        if (p.size() < 2)
            return fail(2, u"--deny %1: expected verb:resource[:namespace]"_s.arg(rule));
        options.denied.append({p[0], p[1], p.value(2)});
    }
    bool ok = false;
    const int requested = parser.value(port).toInt(&ok);
    if (!ok || requested < 0 || requested > 65535)
        return fail(2, u"--port must be 0..65535"_s);

    // The saved state, read before anything listens so that a broken file changes nothing: the
    // database (state.db), or a JSON snapshot of an earlier version (state.json), taken over.
    const QString stateDir = parser.value(state);
    const QString stateFile = stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(u"state.json"_s);
    const QString stateDbFile = stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(u"state.db"_s);
    QJsonObject savedState;
    dc::demo::StateDb stateDb;
    bool freshDb = true;
    if (!stateDir.isEmpty()) {
        if (!QDir().mkpath(stateDir))
            return fail(1, u"cannot create the state folder %1"_s.arg(stateDir));
        QString dbError;
        if (!stateDb.open(stateDbFile, &dbError))
            return fail(2, dbError + u"; fix or remove the file to start empty"_s);
        freshDb = stateDb.isEmpty();
        if (!freshDb) {
            savedState = stateDb.load(&dbError);
            if (savedState.isEmpty())
                return fail(2, stateDbFile + u": "_s + dbError + u"; fix or remove the file to start empty"_s);
        }
        QFile f(stateFile);
        if (freshDb && f.exists()) {
            if (!f.open(QIODevice::ReadOnly))
                return fail(1, u"cannot read %1: %2"_s.arg(stateFile, f.errorString()));
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
            if (!doc.isObject())
                return fail(2, u"%1: offset %2: %3; fix or remove the file to start empty"_s.arg(stateFile).arg(parseError.offset).arg(parseError.errorString()));
            savedState = doc.object();
        }
    }

    // TLS: a CA kept in the state folder survives restarts, so kubeconfigs stay valid.
    std::optional<dc::demo::TlsMaterial> tlsMaterial;
    if (parser.isSet(tls)) {
        QString error;
        const QString caCert = stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(u"ca.crt"_s);
        const QString caKey = stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(u"ca.key"_s);
        if (!caCert.isEmpty() && QFile::exists(caCert) && QFile::exists(caKey)) {
            QFile c(caCert), k(caKey);
            if (!c.open(QIODevice::ReadOnly) || !k.open(QIODevice::ReadOnly))
                return fail(1, u"cannot read %1 or %2"_s.arg(caCert, caKey));
            tlsMaterial = dc::demo::issueServerCertificate(c.readAll(), k.readAll(), &error);
            if (!tlsMaterial)
                return fail(2, u"%1: %2; remove ca.crt and ca.key to get a new CA"_s.arg(stateDir, error));
        } else {
            tlsMaterial = dc::demo::generateTlsMaterial(&error);
            if (!tlsMaterial)
                return fail(1, error);
            if (!caCert.isEmpty() && (!writeFile(caCert, tlsMaterial->caCertificate, &error) || !writeFile(caKey, tlsMaterial->caKey, &error, true)))
                return fail(1, error);
        }
    }

    // kubectl asks for a user name and password when an HTTPS server gets no credentials: with
    // TLS there is always a token, a random one (kept in the state folder) unless one is given.
    if (tlsMaterial && options.token.isEmpty()) {
        const QString tokenFile = stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(u"token"_s);
        QFile f(tokenFile);
        if (!tokenFile.isEmpty() && f.open(QIODevice::ReadOnly))
            options.token = QString::fromUtf8(f.readAll()).trimmed();
        if (options.token.isEmpty()) {
            options.token = QString::fromLatin1(QUuid::createUuid().toRfc4122().toHex());
            QString error;
            if (!tokenFile.isEmpty() && !writeFile(tokenFile, options.token.toUtf8() + '\n', &error, true))
                return fail(1, error);
        }
    }

    // The API server needs the address for discovery, the HTTP server needs the handler.
    std::unique_ptr<dc::demo::ApiServer> api;
    dc::demo::HttpServer http([&api](const dc::demo::HttpRequest &r, dc::demo::HttpConnection *c) { api->handle(r, c); });
    if (tlsMaterial) {
        QString error;
        if (!http.useTls(tlsMaterial->certificate, tlsMaterial->key, &error, parser.isSet(clientCerts) ? tlsMaterial->caCertificate : QByteArray()))
            return fail(1, error);
    }
    const quint16 bound = http.listen(quint16(requested));
    if (!bound)
        return fail(1, u"cannot listen on 127.0.0.1:%1"_s.arg(requested));
    options.address = u"127.0.0.1:"_s + QString::number(bound);
    api = std::make_unique<dc::demo::ApiServer>(options);
    if (!savedState.isEmpty()) {
        QString error;
        if (!api->loadState(savedState, &error))
            return fail(2, (freshDb ? stateFile : stateDbFile) + u": "_s + error + u"; fix or remove the file to start empty"_s);
    }
    // Every acknowledged change is in the database from here on.
    if (!stateDir.isEmpty())
        stateDb.follow(*api, freshDb);

    const QString url = (tlsMaterial ? u"https://127.0.0.1:"_s : u"http://127.0.0.1:"_s) + QString::number(bound);
    QString error;
    if (tlsMaterial && parser.isSet(caOut) && !writeFile(parser.value(caOut), tlsMaterial->caCertificate, &error))
        return fail(1, error);
    if (parser.isSet(kubeconfig)) {
        QString yaml = u"apiVersion: v1\nkind: Config\nclusters:\n- name: demo\n  cluster:\n    server: %1\n"_s.arg(url);
        if (tlsMaterial)
            yaml += u"    certificate-authority-data: "_s + QString::fromLatin1(tlsMaterial->caCertificate.toBase64()) + u'\n';
        yaml += u"contexts:\n- name: demo\n  context:\n    cluster: demo\n    user: demo\n    namespace: default\ncurrent-context: demo\nusers:\n- name: demo\n  user:"_s;
        if (parser.isSet(clientCerts)) {
            const std::optional<dc::demo::ClientCertificate> client = dc::demo::issueClientCertificate(*tlsMaterial, options.user, {u"system:masters"_s}, &error);
            if (!client)
                return fail(1, error);
            yaml += u"\n    client-certificate-data: "_s + QString::fromLatin1(client->certificate.toBase64()) + u"\n    client-key-data: "_s
                + QString::fromLatin1(client->key.toBase64()) + u'\n';
        } else {
            yaml += options.token.isEmpty() ? u" {}\n"_s : u"\n    token: "_s + options.token + u'\n';
        }
        if (!writeFile(parser.value(kubeconfig), yaml.toUtf8(), &error, !options.token.isEmpty()))
            return fail(1, error);
    }
    if (parser.isSet(prometheusConfig)) {
        const QString configPath = parser.value(prometheusConfig);
        // Prometheus reads the CA from a file: the one given with --ca-out, or one next to the configuration.
        QString caFile;
        if (tlsMaterial) {
            caFile = parser.value(caOut);
            if (caFile.isEmpty()) {
                caFile = QFileInfo(configPath).absoluteDir().filePath(u"demo-cluster-ca.crt"_s);
                if (!writeFile(caFile, tlsMaterial->caCertificate, &error))
                    return fail(1, error);
            }
            caFile = QFileInfo(caFile).absoluteFilePath();
        }
        const QString yaml = dc::metrics::scrapeConfig(u"127.0.0.1:%1"_s.arg(bound), bool(tlsMaterial), caFile, options.token);
        if (!writeFile(configPath, yaml.toUtf8(), &error, !options.token.isEmpty()))
            return fail(1, error);
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }
    QTextStream out(stdout);
    out << "listening on " << url << "\n";
    out.flush();
    return app.exec();
}
