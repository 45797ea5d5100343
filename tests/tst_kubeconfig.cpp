// The kubeconfig as kubectl reads it: sources, merging, paths, broken files and entries; each
// merge compared with what kubectl itself makes of the same files.
#include "kube/kubeconfig.h"
#include "kube/proxy.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using dc::kube::Kubeconfig;

namespace {

const QByteArray FileA = "apiVersion: v1\nkind: Config\nclusters:\n"
                         "- name: shared\n  cluster: {server: \"https://a.example:6443\", certificate-authority: certs/ca.crt}\n"
                         "contexts:\n- name: ctx-a\n  context: {cluster: shared, user: alice, namespace: team-a}\n"
                         "users:\n- name: alice\n  user: {token: aaa}\n";
const QByteArray FileB = "apiVersion: v1\nkind: Config\ncurrent-context: ctx-b\nclusters:\n"
                         "- name: shared\n  cluster: {server: \"https://b.example:6443\"}\n"
                         "- name: only-b\n  cluster: {server: \"https://only-b.example\", insecure-skip-tls-verify: true, tls-server-name: api.b}\n"
                         "contexts:\n- name: ctx-b\n  context: {cluster: only-b, user: bob}\n- name: ctx-a\n  context: {cluster: only-b, user: bob}\n"
                         "users:\n- name: bob\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                         "      command: ./bin/get-token\n      args: [--x]\n      env: [{name: MODE, value: quiet}]\n"
                         "      installHint: install it\n      provideClusterInfo: true\n      interactiveMode: Never\n"
                         "- name: carol\n  user:\n    auth-provider: {name: oidc, config: {}}\n";

} // namespace

class TestKubeconfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Which proxy a cluster is reached through, as client-go picks it: proxy-url first, else
    // HTTPS_PROXY / HTTP_PROXY by the server's scheme, never for loopback, minus NO_PROXY.
    void proxyChoice_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("proxyUrl");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QString>("expected"); // description, "" for direct, "error: ..." for an error
        const QString remote = u"https://api.example.com:6443"_s;
        QTest::addRow("proxy-url http") << remote << u"http://proxy.corp:3128"_s << QStringList() << u"http://proxy.corp:3128 (proxy-url)"_s;
        QTest::addRow("proxy-url default port") << remote << u"http://proxy.corp"_s << QStringList() << u"http://proxy.corp:80 (proxy-url)"_s;
        QTest::addRow("proxy-url socks5") << remote << u"socks5://10.0.0.1"_s << QStringList() << u"socks5://10.0.0.1:1080 (proxy-url)"_s;
        QTest::addRow("proxy-url wins") << remote << u"socks5://10.0.0.1:9"_s << QStringList{u"HTTPS_PROXY=http://other:1"_s} << u"socks5://10.0.0.1:9 (proxy-url)"_s;
        QTest::addRow("proxy-url https") << remote << u"https://proxy.corp:3129"_s << QStringList() << u"error: reached over HTTPS"_s;
        QTest::addRow("HTTPS_PROXY") << remote << QString() << QStringList{u"HTTPS_PROXY=proxy.corp:3128"_s} << u"http://proxy.corp:3128 (HTTPS_PROXY)"_s;
        QTest::addRow("https_proxy") << remote << QString() << QStringList{u"https_proxy=http://p:1"_s} << u"http://p:1 (HTTPS_PROXY)"_s;
        QTest::addRow("HTTP_PROXY not for https") << remote << QString() << QStringList{u"HTTP_PROXY=http://p:1"_s} << QString();
        QTest::addRow("HTTP_PROXY for http") << u"http://api.example.com"_s << QString() << QStringList{u"HTTP_PROXY=http://p:1"_s} << u"http://p:1 (HTTP_PROXY)"_s;
        QTest::addRow("loopback") << u"https://127.0.0.1:6443"_s << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s} << QString();
        QTest::addRow("localhost") << u"https://localhost:6443"_s << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s} << QString();
        QTest::addRow("NO_PROXY domain") << remote << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"NO_PROXY=example.com"_s} << QString();
        QTest::addRow("NO_PROXY *.domain") << remote << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"NO_PROXY=*.example.com"_s} << QString();
        QTest::addRow("NO_PROXY other") << remote << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"NO_PROXY=example.org,.corp"_s} << u"http://p:1 (HTTPS_PROXY)"_s;
        QTest::addRow("NO_PROXY port") << remote << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"NO_PROXY=api.example.com:443"_s} << u"http://p:1 (HTTPS_PROXY)"_s;
        QTest::addRow("NO_PROXY cidr") << u"https://10.1.2.3:6443"_s << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"NO_PROXY=10.0.0.0/8"_s} << QString();
        QTest::addRow("NO_PROXY *") << remote << QString() << QStringList{u"HTTPS_PROXY=http://p:1"_s, u"no_proxy=*"_s} << QString();
    }

    void proxyChoice()
    {
        QFETCH(QString, server);
        QFETCH(QString, proxyUrl);
        QFETCH(QStringList, environment);
        QFETCH(QString, expected);
        dc::kube::Cluster cluster;
        cluster.server = server;
        cluster.proxyUrl = proxyUrl;
        QProcessEnvironment env;
        for (const QString &e : environment)
            env.insert(e.section(u'=', 0, 0), e.section(u'=', 1));
        const dc::kube::ProxyRoute route = dc::kube::proxyFor(cluster, env);
        if (expected.startsWith(u"error: "_s)) {
            QVERIFY2(route.error.contains(expected.mid(7)), qPrintable(route.error));
            return;
        }
        QVERIFY2(route.error.isEmpty(), qPrintable(route.error));
        QCOMPARE(route.description, expected);
        QCOMPARE(route.proxy.type(), expected.isEmpty() ? QNetworkProxy::NoProxy : expected.startsWith(u"socks5"_s) ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy);
    }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write(u"a/config"_s, FileA);
        write(u"b/config"_s, FileB);
    }

    // $KUBECONFIG: the first file to define a name wins, current-context from the first that
    // sets it; the same as kubectl config view.
    void mergesAsKubectl()
    {
        const QString a = m_dir.filePath(u"a/config"_s), b = m_dir.filePath(u"b/config"_s);
        const Kubeconfig config = Kubeconfig::load({{}, a + u':' + m_dir.filePath(u"missing"_s) + u':' + b, m_dir.path()});
        QVERIFY2(config.problems.isEmpty(), qPrintable(config.problems.value(0).message));
        QCOMPARE(config.files, (QStringList{a, b}));
        QCOMPARE(config.currentContext, u"ctx-b"_s);
        QCOMPARE(config.clusters.value(u"shared"_s).server, u"https://a.example:6443"_s);
        QCOMPARE(config.contexts.value(u"ctx-a"_s).user, u"alice"_s);
        QCOMPARE(config.contexts.value(u"ctx-a"_s).origin.file, a);
        QCOMPARE(config.contexts.value(u"ctx-a"_s).origin.line, 7);

        // kubectl's own merge of the same list.
        QProcess kubectl;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"KUBECONFIG"_s, a + u':' + m_dir.filePath(u"missing"_s) + u':' + b);
        kubectl.setProcessEnvironment(env);
        kubectl.start(QStringLiteral(KUBECTL_PATH), {u"config"_s, u"view"_s, u"--raw"_s, u"-o"_s, u"json"_s});
        QVERIFY(kubectl.waitForFinished(30000));
        const QJsonObject view = QJsonDocument::fromJson(kubectl.readAllStandardOutput()).object();
        QCOMPARE(view.value(u"current-context"_s).toString(), config.currentContext);
        QStringList names;
        for (const QJsonValue &c : view.value(u"contexts"_s).toArray()) {
            const QJsonObject ctx = c[u"context"_s].toObject();
            const auto ours = config.contexts.value(c[u"name"_s].toString());
            names << c[u"name"_s].toString();
            QCOMPARE(ours.cluster, ctx.value(u"cluster"_s).toString());
            QCOMPARE(ours.user, ctx.value(u"user"_s).toString());
            QCOMPARE(ours.ns, ctx.value(u"namespace"_s).toString());
        }
        QCOMPARE(names, config.contexts.keys());
        for (const QJsonValue &c : view.value(u"clusters"_s).toArray()) {
            const auto ours = config.clusters.value(c[u"name"_s].toString());
            QCOMPARE(ours.server, c[u"cluster"_s][u"server"_s].toString());
            // kubectl shows the path as written; it resolves it against the file that holds it.
            const QString written = c[u"cluster"_s][u"certificate-authority"_s].toString();
            QCOMPARE(ours.certificateAuthority, written.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(a).absolutePath() + u'/' + written));
        }
        QCOMPARE(qsizetype(view.value(u"users"_s).toArray().size()), config.users.size());
    }

    void readsEveryUserAndClusterField()
    {
        const Kubeconfig config = Kubeconfig::load({m_dir.filePath(u"b/config"_s), {}, {}});
        const auto bob = config.users.value(u"bob"_s);
        QVERIFY(bob.exec);
        QCOMPARE(bob.exec->command, m_dir.filePath(u"b/bin/get-token"_s));
        QCOMPARE(bob.exec->args, QStringList{u"--x"_s});
        QCOMPARE(bob.exec->env.value(0).second, u"quiet"_s);
        QCOMPARE(bob.exec->installHint, u"install it"_s);
        QVERIFY(bob.exec->provideClusterInfo);
        QCOMPARE(bob.exec->interactiveMode, u"Never"_s);
        QCOMPARE(config.users.value(u"carol"_s).authProvider, u"oidc"_s);
        const auto onlyB = config.clusters.value(u"only-b"_s);
        QVERIFY(onlyB.insecureSkipTlsVerify);
        QCOMPARE(onlyB.tlsServerName, u"api.b"_s);
        QString error;
        const auto resolved = config.resolve({}, &error);
        QVERIFY2(resolved, qPrintable(error));
        QCOMPARE(resolved->cluster.server, u"https://only-b.example"_s);
        QCOMPARE(resolved->user.name, u"bob"_s);
    }

    // A broken file or entry is reported with its file and line; the rest stays usable.
    void brokenPartsStayApart()
    {
        write(u"broken/config"_s, "apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: [unclosed\n");
        write(u"partial/config"_s, "apiVersion: v1\nclusters:\n- cluster: {server: https://nameless}\n- name: bad-data\n"
                                   "  cluster: {server: https://d, certificate-authority-data: '***'}\ncontexts:\n"
                                   "- name: dangling\n  context: {cluster: nowhere, user: nobody}\n");
        const QString broken = m_dir.filePath(u"broken/config"_s), partial = m_dir.filePath(u"partial/config"_s);
        const Kubeconfig config = Kubeconfig::load({{}, broken + u':' + partial + u':' + m_dir.filePath(u"a/config"_s), {}});
        QVERIFY(!config.unreadable);
        QVERIFY(config.contexts.contains(u"ctx-a"_s));
        auto problemAt = [&](const QString &file, int line, const QString &text) {
            for (const auto &p : config.problems)
                if (p.file == file && p.line == line && p.message.contains(text))
                    return true;
            return false;
        };
        QVERIFY2(problemAt(broken, 4, u"left out"_s) || problemAt(broken, 5, u"left out"_s),
                 qPrintable(config.problems.value(0).file + u':' + QString::number(config.problems.value(0).line) + u' ' + config.problems.value(0).message));
        QVERIFY(problemAt(partial, 3, u"without a name"_s));
        QVERIFY(problemAt(partial, 5, u"certificate-authority-data is not base64"_s));
        QString error;
        QVERIFY(!config.resolve(u"dangling"_s, &error));
        QVERIFY2(error.contains(u"names cluster \"nowhere\""_s) && error.contains(partial + u":7"_s), qPrintable(error));
        QVERIFY(!config.resolve(u"no-such"_s, &error));
        QVERIFY(error.contains(u"context \"no-such\" does not exist"_s));
        QVERIFY(config.resolve(u"ctx-a"_s, &error));
    }

    void sourcesAsKubectlPicksThem()
    {
        // --kubeconfig must exist; without it and $KUBECONFIG, ~/.kube/config.
        Kubeconfig config = Kubeconfig::load({m_dir.filePath(u"nope"_s), m_dir.filePath(u"a/config"_s), {}});
        QVERIFY(config.unreadable);
        QCOMPARE(config.problems.value(0).file, m_dir.filePath(u"nope"_s));
        write(u"home/.kube/config"_s, FileA);
        config = Kubeconfig::load({{}, {}, m_dir.filePath(u"home"_s)});
        QCOMPARE(config.files, QStringList{m_dir.filePath(u"home/.kube/config"_s)});
        config = Kubeconfig::load({{}, {}, m_dir.filePath(u"nobody"_s)});
        QVERIFY(config.unreadable);
        QVERIFY(config.problems.value(0).message.startsWith(u"no kubeconfig"_s));
        // The user's files are only read: content and modification time stay.
        const QString a = m_dir.filePath(u"a/config"_s);
        const QDateTime modified = QFileInfo(a).lastModified();
        (void)Kubeconfig::load({a, {}, {}});
        QFile f(a);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), FileA);
        QCOMPARE(QFileInfo(a).lastModified(), modified);
    }

private:
    void write(const QString &relative, const QByteArray &text)
    {
        const QString path = m_dir.filePath(relative);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
