// How the client reaches the cluster and proves who it is, against demo-cluster: client
// certificates (inline and as files, and one another CA signed) and proxies (tinyproxy for
// HTTP CONNECT, microsocks for SOCKS5, an https:// proxy refused), each compared with kubectl
// on the same kubeconfig.
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc::kube;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QString kubeconfigValue(const QByteArray &kubeconfig, const QString &key)
{
    const QRegularExpression re(u"^\\s*%1: (\\S+)$"_s.arg(key), QRegularExpression::MultilineOption);
    return re.match(QString::fromUtf8(kubeconfig)).captured(1);
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestKubeClientTransport : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

    std::pair<int, QJsonObject> doctor(const QString &kubeconfig)
    {
        QProcess p;
        p.start(QStringLiteral(DEPLOYCTL_PATH), {u"doctor"_s, u"--kubeconfig"_s, kubeconfig, u"--output"_s, u"json"_s});
        p.waitForFinished(60000);
        return {p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object()};
    }

    static QString checkOf(const QJsonObject &report, const QString &name)
    {
        for (const QJsonValue &c : report[u"checks"_s].toArray())
            if (c[u"name"_s].toString() == name)
                return c[u"status"_s].toString() + u": "_s + c[u"message"_s].toString();
        return {};
    }

    Kubeconfig::Resolved resolve(const QString &kubeconfig)
    {
        QString error;
        const auto resolved = Kubeconfig::load({kubeconfig, {}, {}}).resolve({}, &error);
        return resolved ? *resolved : Kubeconfig::Resolved{};
    }

    // GET /version through the client; the error (ok when it worked).
    static KubeError version(const Kubeconfig::Resolved &context)
    {
        KubeClient client(context);
        std::unique_ptr<KubeCall> call(client.get(u"/version"_s));
        QSignalSpy(call.get(), &KubeCall::finished).wait(15000);
        return call->error;
    }

private Q_SLOTS:
    // A client certificate the cluster's CA signed signs in as its CN in the groups of its O,
    // from the kubeconfig's data and from files, as kubectl auth whoami says; one another CA
    // signed is not accepted (anonymous, refused), for kubectl too.
    void clientCertificates()
    {
        const Server cluster = start({u"--tls"_s, u"--client-certificates"_s, u"--user"_s, u"cert-user"_s});
        QVERIFY(cluster.port);
        const QByteArray config = readAll(cluster.kubeconfig);
        QVERIFY(!config.contains("token:"));
        auto [code, report] = doctor(cluster.kubeconfig);
        QVERIFY2(code == 0, QJsonDocument(report).toJson().constData());
        const Run whoami = kubectl(cluster, {u"auth"_s, u"whoami"_s, u"-o"_s, u"json"_s});
        QCOMPARE(whoami.code, 0);
        const QJsonObject kubectlSays = QJsonDocument::fromJson(whoami.out.toUtf8()).object()[u"status"_s][u"userInfo"_s].toObject();
        QCOMPARE(kubectlSays.value(u"username"_s).toString(), u"cert-user"_s);
        QCOMPARE(report[u"identity"_s][u"user"_s].toString(), u"cert-user"_s);
        QCOMPARE(report[u"identity"_s][u"groups"_s].toArray(), kubectlSays.value(u"groups"_s).toArray());
        QVERIFY2(checkOf(report, u"kubeconfig"_s).contains(u"(client certificate)"_s), qPrintable(checkOf(report, u"kubeconfig"_s)));

        // The same certificate and key as files.
        const QString crt = m_dir.filePath(u"client.crt"_s), key = m_dir.filePath(u"client.key"_s);
        writeAll(crt, QByteArray::fromBase64(kubeconfigValue(config, u"client-certificate-data"_s).toLatin1()));
        writeAll(key, QByteArray::fromBase64(kubeconfigValue(config, u"client-key-data"_s).toLatin1()));
        QByteArray asFiles = config;
        asFiles.replace(kubeconfigValue(config, u"client-certificate-data"_s).toLatin1(), crt.toUtf8());
        asFiles.replace(kubeconfigValue(config, u"client-key-data"_s).toLatin1(), key.toUtf8());
        asFiles.replace("client-certificate-data:", "client-certificate:");
        asFiles.replace("client-key-data:", "client-key:");
        const QString filesConfig = m_dir.filePath(u"kc-files"_s);
        writeAll(filesConfig, asFiles);
        std::tie(code, report) = doctor(filesConfig);
        QVERIFY2(code == 0, QJsonDocument(report).toJson().constData());
        QCOMPARE(report[u"identity"_s][u"user"_s].toString(), u"cert-user"_s);

        // Another cluster's CA signed this one: the server does not know it.
        const Server other = start({u"--tls"_s, u"--client-certificates"_s});
        const QByteArray otherConfig = readAll(other.kubeconfig);
        QByteArray foreign = config;
        foreign.replace(kubeconfigValue(config, u"client-certificate-data"_s).toLatin1(), kubeconfigValue(otherConfig, u"client-certificate-data"_s).toLatin1());
        foreign.replace(kubeconfigValue(config, u"client-key-data"_s).toLatin1(), kubeconfigValue(otherConfig, u"client-key-data"_s).toLatin1());
        const QString foreignConfig = m_dir.filePath(u"kc-foreign"_s);
        writeAll(foreignConfig, foreign);
        std::tie(code, report) = doctor(foreignConfig);
        QCOMPARE(code, 1);
        QVERIFY2(checkOf(report, u"identity"_s).startsWith(u"fail"_s), qPrintable(checkOf(report, u"identity"_s)));
        QVERIFY2(checkOf(report, u"identity"_s).contains(u"system:anonymous"_s), qPrintable(checkOf(report, u"identity"_s)));
        QProcess p;
        p.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, foreignConfig, u"get"_s, u"namespaces"_s});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardError().contains("Error from server (Forbidden)"));
    }

    // proxy-url http:// (HTTP CONNECT through tinyproxy) and socks5:// (microsocks): the
    // requests go through the proxy (its log names the tunnel), kubectl works through it too,
    // and with the proxy stopped nothing gets through.
    void proxies_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addRow("http") << u"http"_s;
        QTest::addRow("socks5") << u"socks5"_s;
    }

    void proxies()
    {
        QFETCH(QString, scheme);
        const Server cluster = start({u"--tls"_s});
        QVERIFY(cluster.port);
        const quint16 port = freePort();
        QProcess proxy;
        proxy.setProcessChannelMode(QProcess::MergedChannels);
        if (scheme == u"http"_s) {
            QVERIFY2(QFile::exists(QStringLiteral(TINYPROXY_PATH)), "tinyproxy is missing: run scripts/setup.sh");
            const QString conf = m_dir.filePath(u"tinyproxy.conf"_s);
            writeAll(conf, u"Port %1\nListen 127.0.0.1\nAllow 127.0.0.1\nLogLevel Info\n"_s.arg(port).toUtf8());
            proxy.start(QStringLiteral(TINYPROXY_PATH), {u"-d"_s, u"-c"_s, conf});
        } else {
            QVERIFY2(QFile::exists(QStringLiteral(MICROSOCKS_PATH)), "microsocks is missing: run scripts/setup.sh");
            proxy.start(QStringLiteral(MICROSOCKS_PATH), {u"-i"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port)});
        }
        QVERIFY(proxy.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(([port] {
                                     QTcpSocket probe;
                                     probe.connectToHost(QHostAddress::LocalHost, port);
                                     return probe.waitForConnected(200);
                                 }()),
                                 10000);
        QByteArray config = readAll(cluster.kubeconfig);
        const QByteArray server = QByteArray("    server: ") + cluster.url.toUtf8();
        config.replace(server, QByteArray(server + QByteArray("\n    proxy-url: ") + scheme.toUtf8() + QByteArray("://127.0.0.1:") + QByteArray::number(port)));
        const QString proxied = m_dir.filePath(u"kc-proxy-"_s + scheme);
        writeAll(proxied, config);

        KubeClient client(resolve(proxied));
        QVERIFY2(client.proxyDescription().startsWith(scheme + u"://127.0.0.1:"_s), qPrintable(client.proxyDescription()));
        QCOMPARE(client.proxy().type(), scheme == u"http"_s ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy);
        const KubeError viaProxy = version(resolve(proxied));
        QVERIFY2(viaProxy.ok(), qPrintable(viaProxy.message));
        auto [code, report] = doctor(proxied);
        QVERIFY2(code == 0, QJsonDocument(report).toJson().constData());
        QVERIFY2(checkOf(report, u"address"_s).contains(u"through the proxy "_s + scheme), qPrintable(checkOf(report, u"address"_s)));
        QProcess kubectlRun;
        kubectlRun.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, proxied, u"get"_s, u"namespace"_s, u"default"_s, u"-o"_s, u"name"_s});
        QVERIFY(kubectlRun.waitForFinished(60000));
        QCOMPARE(QString::fromUtf8(kubectlRun.readAllStandardOutput()).trimmed(), u"namespace/default"_s);
        // The proxy saw the tunnels to the cluster.
        const QString target = u"127.0.0.1:%1"_s.arg(cluster.port);
        QString log;
        QTRY_VERIFY2_WITH_TIMEOUT((log += QString::fromUtf8(proxy.readAll())).contains(scheme == u"http"_s ? u"CONNECT "_s + target : u"connected to "_s + target),
                                  qPrintable(log), 5000);
        // Without the proxy nothing gets through.
        proxy.kill();
        proxy.waitForFinished();
        const KubeError stopped = version(resolve(proxied));
        QCOMPARE(stopped.kind, KubeError::Kind::Network);
        std::tie(code, report) = doctor(proxied);
        QCOMPARE(code, 1);
        QVERIFY2(checkOf(report, u"address"_s).startsWith(u"fail"_s), qPrintable(checkOf(report, u"address"_s)));
    }

    // An https:// proxy cannot be spoken to: said plainly, nothing is sent.
    void httpsProxyRefused()
    {
        const Server cluster = start({u"--tls"_s});
        Kubeconfig::Resolved context = resolve(cluster.kubeconfig);
        context.cluster.proxyUrl = u"https://127.0.0.1:3129"_s;
        const KubeError refused = version(context);
        QCOMPARE(refused.kind, KubeError::Kind::Network);
        QVERIFY2(refused.message.contains(u"reached over HTTPS"_s) && refused.message.contains(u"http:// or socks5://"_s), qPrintable(refused.message));
        context.cluster.proxyUrl = u"ftp://127.0.0.1:21"_s;
        QVERIFY(version(context).message.contains(u"the scheme \"ftp\""_s));
    }
};

QTEST_GUILESS_MAIN(TestKubeClientTransport)
#include "tst_kubeclient_transport.moc"
