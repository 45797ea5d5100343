#include "apiserver.h"
#include "httpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"demo-cluster"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DC_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local Kubernetes-API-compatible server for demos, onboarding and tests (in memory, 127.0.0.1 only). "
        u"This version serves discovery, OpenAPI v3, CRUD, server-side apply, watch, tables, access reviews and a "
        u"simulated deployment controller (images tagged :fail never become ready) and /metrics with a simulated load; TLS and saved state are not implemented yet."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption port(u"port"_s, u"Port to listen on (0 or absent: a free port)."_s, u"N"_s, u"0"_s);
    QCommandLineOption token(u"token"_s, u"Require this bearer token (needs --tls; not implemented yet)."_s, u"TOKEN"_s);
    QCommandLineOption kubeconfig(u"kubeconfig-out"_s, u"Write a kubeconfig for this server to FILE."_s, u"FILE"_s);
    QCommandLineOption without(u"without"_s, u"Leave out CRD groups (e.g. networking.istio.io,security.istio.io)."_s, u"GROUP[,GROUP...]"_s);
    QCommandLineOption deny(u"deny"_s, u"Deny VERB on RESOURCE (in NAMESPACE): verb:resource[:namespace], repeatable."_s, u"RULE"_s);
    QCommandLineOption user(u"user"_s, u"User name the server reports."_s, u"NAME"_s, u"demo-admin"_s);
    for (const auto &o : {port, token, kubeconfig, without, deny, user})
        parser.addOption(o);
    QCommandLineOption readyAfter(u"ready-after"_s, u"Seconds a new pod takes to become ready (default 1.5)."_s, u"SECONDS"_s, u"1.5"_s);
    parser.addOption(readyAfter);
    QCommandLineOption history(u"watch-history"_s, u"Watch events kept for resuming watches; older resourceVersions get 410 Expired (default 1000)."_s, u"N"_s, u"1000"_s);
    parser.addOption(history);
    QCommandLineOption prometheusConfig(u"prometheus-config-out"_s, u"Write a Prometheus configuration that scrapes this server's /metrics to FILE."_s, u"FILE"_s);
    parser.addOption(prometheusConfig);
    for (const char *later : {"tls", "state"})
        parser.addOption(QCommandLineOption(QString::fromLatin1(later), u"Not implemented yet."_s, QString::fromLatin1(later) == u"tls"_s ? QString() : u"VALUE"_s));
    parser.process(app);
    for (const char *later : {"tls", "state"}) {
        if (parser.isSet(QString::fromLatin1(later))) {
            QTextStream(stderr) << "demo-cluster: --" << later << " is not implemented yet in this version\n";
            return 2;
        }
    }

    if (parser.isSet(token)) {
        QTextStream(stderr) << "demo-cluster: --token needs --tls (kubectl sends bearer tokens only over HTTPS), and TLS is not implemented yet in this version\n";
        return 2;
    }
    dc::demo::ApiOptions options;
    options.user = parser.value(user);
    bool readyOk = false;
    const double readySeconds = parser.value(readyAfter).toDouble(&readyOk);
    if (!readyOk || readySeconds < 0 || readySeconds > 3600) {
        QTextStream(stderr) << "demo-cluster: --ready-after must be 0..3600 seconds\n";
        return 2;
    }
    options.readyAfterMs = int(readySeconds * 1000);
    options.historySize = std::max(1, parser.value(history).toInt());
    options.token = parser.value(token);
    options.withoutGroups = parser.value(without).split(u',', Qt::SkipEmptyParts);
    for (const QString &rule : parser.values(deny)) {
        const QStringList p = rule.split(u':');
        if (p.size() < 2) {
            QTextStream(stderr) << "demo-cluster: --deny " << rule << ": expected verb:resource[:namespace]\n";
            return 2;
        }
        options.denied.append({p[0], p[1], p.value(2)});
    }
    bool ok = false;
    const int requested = parser.value(port).toInt(&ok);
    if (!ok || requested < 0 || requested > 65535) {
        QTextStream(stderr) << "demo-cluster: --port must be 0..65535\n";
        return 2;
    }
    // The API server needs the address for discovery, the HTTP server needs the handler.
    std::unique_ptr<dc::demo::ApiServer> api;
    dc::demo::HttpServer http([&api](const dc::demo::HttpRequest &r, dc::demo::HttpConnection *c) { api->handle(r, c); });
    const quint16 bound = http.listen(quint16(requested));
    if (!bound) {
        QTextStream(stderr) << "demo-cluster: cannot listen on 127.0.0.1:" << requested << "\n";
        return 1;
    }
    options.address = u"127.0.0.1:"_s + QString::number(bound);
    api = std::make_unique<dc::demo::ApiServer>(options);

    const QString url = u"http://127.0.0.1:"_s + QString::number(bound);
    if (parser.isSet(kubeconfig)) {
        QFile f(parser.value(kubeconfig));
        if (!f.open(QIODevice::WriteOnly)) {
            QTextStream(stderr) << "demo-cluster: cannot write " << f.fileName() << "\n";
            return 1;
        }
        QString yaml = u"apiVersion: v1\nkind: Config\nclusters:\n- name: demo\n  cluster:\n    server: %1\ncontexts:\n- name: demo\n  context:\n    cluster: demo\n    user: demo\n    namespace: default\ncurrent-context: demo\nusers:\n- name: demo\n  user:"_s.arg(url);
        yaml += options.token.isEmpty() ? u" {}\n"_s : u"\n    token: "_s + options.token + u'\n';
        f.write(yaml.toUtf8());
    }

    if (parser.isSet(prometheusConfig)) {
        QFile f(parser.value(prometheusConfig));
        if (!f.open(QIODevice::WriteOnly)) {
            QTextStream(stderr) << "demo-cluster: cannot write " << f.fileName() << "\n";
            return 1;
        }
        f.write(u"global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n- job_name: demo-cluster\n  metrics_path: /metrics\n  static_configs:\n  - targets: ['127.0.0.1:%1']\n"_s.arg(bound).toUtf8());
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
