#include "config/project.h"
#include "manifests/generator.h"
#include "manifests/yaml.h"
#include "testutil.h"

#include <QDir>
#include <functional>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QEventLoop>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QNetworkReply>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace dc;

// demo-cluster against the real, unmodified kubectl (each test with a fresh kubeconfig and
// discovery cache), plus raw malformed requests.
namespace {

// Every field of `applied` is in `live` with the same value; `live` may have more (what the API
// server fills in). Lists match item by item.
bool appliedIsIn(const QJsonValue &applied, const QJsonValue &live)
{
    if (applied.isObject()) {
        if (!live.isObject())
            return false;
        const QJsonObject a = applied.toObject(), l = live.toObject();
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!appliedIsIn(*it, l.value(it.key())))
                return false;
        return true;
    }
    if (applied.isArray()) {
        const QJsonArray a = applied.toArray(), l = live.toArray();
        if (!live.isArray() || a.size() != l.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            if (!appliedIsIn(a.at(i), l.at(i)))
                return false;
        return true;
    }
    return applied == live;
}

} // namespace

class TestDemoCluster : public QObject
{
    Q_OBJECT

    struct Server
    {
        std::unique_ptr<QProcess> process;
        QString url;
        quint16 port = 0;
        QString kubeconfig;

        Server() = default;
        Server(Server &&) = default;
        Server &operator=(Server &&) = default;
        ~Server()
        {
            if (process && process->state() != QProcess::NotRunning) {
                process->terminate(); // SIGTERM: the server stops cleanly
                process->waitForFinished(10000);
            }
        }
    };

    Server m_shared;

    QTemporaryDir m_dir;
    int m_count = 0;

    Server start(const QStringList &extra = {})
    {
        Server s;
        s.kubeconfig = m_dir.filePath(u"kubeconfig-%1"_s.arg(++m_count));
        s.process = std::make_unique<QProcess>();
        s.process->start(QStringLiteral(DEMO_CLUSTER_PATH), QStringList{u"--kubeconfig-out"_s, s.kubeconfig} + extra);
        if (!s.process->waitForStarted(10000))
            return s;
        QByteArray line;
        while (!line.contains('\n') && s.process->waitForReadyRead(10000))
            line += s.process->readAllStandardOutput();
        static const QRegularExpression re(u"^listening on (https?://127\\.0\\.0\\.1:(\\d+))"_s);
        const auto m = re.match(QString::fromUtf8(line));
        if (m.hasMatch()) {
            s.url = m.captured(1);
            s.port = quint16(m.captured(2).toUInt());
        }
        return s;
    }

    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };

    Run kubectl(const Server &s, const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(QStringLiteral(KUBECTL_PATH),
                QStringList{u"--kubeconfig"_s, s.kubeconfig, u"--cache-dir"_s, m_dir.filePath(u"cache-%1"_s.arg(s.port))} + args);
        p.waitForStarted();
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static QByteArray raw(quint16 port, const QByteArray &request)
    {
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(request);
        QByteArray reply;
        while (socket.waitForReadyRead(3000)) {
            reply += socket.readAll();
            if (reply.contains("\r\n\r\n")) {
                const qsizetype headerEnd = reply.indexOf("\r\n\r\n");
                static const QRegularExpression len(u"Content-Length: (\\d+)"_s, QRegularExpression::CaseInsensitiveOption);
                const auto m = len.match(QString::fromLatin1(reply.left(headerEnd)));
                if (m.hasMatch() && reply.size() >= headerEnd + 4 + m.captured(1).toInt())
                    break;
            }
        }
        return reply;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(KUBECTL_PATH)));
    }

    void cleanupTestCase()
    {
        if (m_shared.process) {
            m_shared.process->terminate();
            QVERIFY(m_shared.process->waitForFinished(10000));
        }
    }

    void versionAndDiscovery()
    {
        const Server s = start();
        QVERIFY2(s.port, "demo-cluster prints `listening on ...`");
        Run r = kubectl(s, {u"version"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(u"Server Version: v1.32"_s), qPrintable(r.out + r.err));
        r = kubectl(s, {u"api-resources"_s});
        QCOMPARE(r.code, 0);
        for (const char *res : {"deployments", "virtualservices", "authorizationpolicies", "servicemonitors", "modelregistries",
                                "odhdashboardconfigs", "pipelineruns", "selfsubjectaccessreviews"})
            QVERIFY2(r.out.contains(QLatin1String(res)), res);
    }

    // Every generated bundle applies with server-side apply, dry run first, through kubectl.
    void applyEveryBundle_data()
    {
        dctest::addAllTargets();
    }

    void applyEveryBundle()
    {
        const Target target = dctest::fetchTarget();
        const Bundle b = generate(Project{}, target);
        const QByteArray yaml = b.yaml(true).toUtf8();
        const Server s = start();
        QVERIFY(s.port);
        // As on a real cluster, a dry run creates no namespace, so objects in a new namespace
        // can only be dry-run once the namespace exists.
        if (b.documents.front().kind() == u"Namespace"_s)
            QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, toYaml(b.documents.front().root).toUtf8()).code, 0);
        Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--dry-run=server"_s, u"-f"_s, u"-"_s}, yaml);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count(u"serverside-applied (server dry run)"_s), int(b.documents.size()));
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"-A"_s});
        QVERIFY(r.out.contains(u"No resources found"_s) || r.err.contains(u"No resources found"_s));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, yaml);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count(u"serverside-applied"_s), int(b.documents.size()));
        // Every object reads back equal to what was applied (plus what the server adds).
        for (const Document &d : b.documents) {
            // kind.version.group names the exact resource, even where two Istio versions are served.
            const QString gv = d.apiVersion();
            const QString resource = gv.contains(u'/') ? d.kind().toLower() + u'.' + gv.section(u'/', 1) + u'.' + gv.section(u'/', 0, 0) : d.kind().toLower();
            QStringList args{u"get"_s, resource, d.name(), u"-o"_s, u"json"_s};
            if (!d.ns().isEmpty())
                args << u"-n"_s << d.ns();
            r = kubectl(s, args);
            QVERIFY2(r.code == 0, qPrintable(d.id() + u": "_s + r.err));
            const QJsonObject live = QJsonDocument::fromJson(r.out.toUtf8()).object();
            const QJsonValue applied = d.root.toJson().toObject().value(u"spec"_s);
            QVERIFY2(appliedIsIn(applied, live.value(u"spec"_s)),
                     qPrintable(d.id() + u": "_s + QString::fromUtf8(QJsonDocument(live.value(u"spec"_s).toObject()).toJson(QJsonDocument::Compact))));
            if (d.kind() == u"Service"_s) // the server's additions: a cluster IP from the service range
                QVERIFY(live.value(u"spec"_s).toObject().value(u"clusterIP"_s).toString().startsWith(u"10.96."_s));
            QCOMPARE(live.value(u"metadata"_s).toObject().value(u"labels"_s), d.root.toJson().toObject().value(u"metadata"_s).toObject().value(u"labels"_s));
        }
    }

    void getTableYamlAndDelete()
    {
        const Server s = start();
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8()).code, 0);
        Run r = kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE"_s)), qPrintable(r.out));
        // The controller observes the Deployment within a tick; then the row shows its counts.
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s})
                                     .out.contains(QRegularExpression(u"model-registry-ui\\s+[0-3]/3\\s+3\\s+[0-3]\\s+\\d+s"_s)),
                                 10000);
        // The columns a real cluster prints, -o wide ones too; --sort-by reads the whole objects.
        r = kubectl(s, {u"get"_s, u"svc"_s, u"-n"_s, u"kubeflow"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE"_s))
                     && r.out.contains(QRegularExpression(u"model-registry-ui-service\\s+ClusterIP\\s+10\\.96\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP"_s)),
                 qPrintable(r.out));
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"wide"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"CONTAINERS\\s+IMAGES\\s+SELECTOR"_s)) && r.out.contains(u"app=model-registry-ui"_s), qPrintable(r.out));
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"pods"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"wide"_s})
                                     .out.contains(QRegularExpression(u"Running\\s+0\\s+\\S+\\s+10\\.244\\.\\d+\\.\\d+\\s+demo-node-\\d\\s+<none>\\s+<none>"_s)),
                                 10000);
        r = kubectl(s, {u"get"_s, u"pods"_s, u"-n"_s, u"kubeflow"_s, u"--sort-by=.status.podIP"_s});
        QVERIFY2(r.code == 0 && r.out.count(u"model-registry-ui-"_s) == 3, qPrintable(r.out + r.err));
        // Nodes, and the Service's endpoints kept from its ready pods.
        r = kubectl(s, {u"get"_s, u"nodes"_s});
        QCOMPARE(r.out.count(QRegularExpression(u"demo-node-\\d\\s+Ready\\s+worker"_s)), 3);
        QTRY_COMPARE_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"endpoints"_s, u"model-registry-ui-service"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s,
                                              u"jsonpath={.subsets[0].addresses[*].ip}"_s}).out.split(u' ', Qt::SkipEmptyParts).size(),
                                  3, 10000);
        r = kubectl(s, {u"get"_s, u"endpointslices"_s, u"-n"_s, u"kubeflow"_s, u"-l"_s, u"kubernetes.io/service-name=model-registry-ui-service"_s,
                        u"-o"_s, u"jsonpath={.items[0].ports[0].port}"_s});
        QCOMPARE(r.out, u"8080"_s);
        r = kubectl(s, {u"get"_s, u"svc"_s, u"model-registry-ui-service"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"yaml"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(u"targetPort: http"_s));
        QVERIFY(r.out.contains(u"resourceVersion:"_s));
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s, u"-l"_s, u"app=nothing"_s});
        QVERIFY(QString(r.out + r.err).contains(u"No resources found"_s));
        r = kubectl(s, {u"delete"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(u"deleted"_s));
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"NotFound"_s) || r.err.contains(u"not found"_s), qPrintable(r.err));
    }

    void authWhoamiAndCanI()
    {
        const Server s = start({u"--user"_s, u"alice@example.com"_s, u"--deny"_s, u"delete:deployments:kubeflow"_s});
        Run r = kubectl(s, {u"auth"_s, u"whoami"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(u"alice@example.com"_s));
        r = kubectl(s, {u"auth"_s, u"can-i"_s, u"create"_s, u"deployments"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), u"yes"_s);
        r = kubectl(s, {u"auth"_s, u"can-i"_s, u"delete"_s, u"deployments"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.startsWith(u"no"_s));
        // The denial is enforced, not only reported.
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s},
                         generate(Project{}, Target{Platform::Kubeflow, Environment::Development, Preset::ModelRegistryUi}).yaml(true).toUtf8()).code, 0);
        r = kubectl(s, {u"delete"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"forbidden"_s), qPrintable(r.err));
        // can-i --list: the rules left, per resource (delete is gone for deployments in kubeflow only).
        r = kubectl(s, {u"auth"_s, u"can-i"_s, u"--list"_s, u"-n"_s, u"kubeflow"_s});
        QVERIFY2(r.code == 0 && r.out.contains(QRegularExpression(u"deployments\\.apps\\s+\\[\\]\\s+\\[\\]\\s+\\[create get list patch update watch\\]"_s)),
                 qPrintable(r.out + r.err));
        r = kubectl(s, {u"auth"_s, u"can-i"_s, u"--list"_s, u"-n"_s, u"default"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"deployments\\.apps\\s+\\[\\]\\s+\\[\\]\\s+\\[create delete get list patch update watch\\]"_s)),
                 qPrintable(r.out));
        // Impersonation: whoami answers as the impersonated user and groups.
        r = kubectl(s, {u"auth"_s, u"whoami"_s, u"--as"_s, u"bob@example.com"_s, u"--as-group"_s, u"model-registry-users"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"bob@example.com"_s) && r.out.contains(u"model-registry-users"_s), qPrintable(r.out + r.err));
    }

    // Impersonation is authorized like any other request.
    void impersonationNeedsPermission()
    {
        const Server s = start({u"--deny"_s, u"impersonate:users"_s});
        const Run r = kubectl(s, {u"get"_s, u"ns"_s, u"--as"_s, u"bob@example.com"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"cannot impersonate resource \"users\""_s), qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"ns"_s}).code, 0);
    }

    void fieldManagerConflicts()
    {
        const Server s = start();
        const QByteArray cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  a: \"1\"\n";
        QByteArray other = cm;
        other.replace("\"1\"", "\"2\"");
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, cm).code, 0);
        Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"someone-else"_s, u"-f"_s, u"-"_s}, other);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"conflict with \"kubectl\""_s), qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"c"_s, u"-n"_s, u"default"_s, u"-o"_s, u"jsonpath={.data.a}"_s}).out, u"1"_s);
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"someone-else"_s, u"--force-conflicts"_s, u"-f"_s, u"-"_s}, other);
        QCOMPARE(r.code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"c"_s, u"-n"_s, u"default"_s, u"-o"_s, u"jsonpath={.data.a}"_s}).out, u"2"_s);
        // Removing a field from the applied configuration removes it from the object.
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"someone-else"_s, u"-f"_s, u"-"_s},
                         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  b: \"x\"\n").code, 0);
        r = kubectl(s, {u"get"_s, u"cm"_s, u"c"_s, u"-n"_s, u"default"_s, u"-o"_s, u"json"_s});
        const QJsonObject data = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"data"_s).toObject();
        QVERIFY(!data.contains(u"a"_s));
        QCOMPARE(data.value(u"b"_s).toString(), u"x"_s);
    }

    void strictFieldValidation()
    {
        const Server s = start();
        const QByteArray bad = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: default\nspec:\n  sepc: 1\n"
                               "  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: x:1}]}}\n";
        const Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, bad);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"unknown field \"sepc\""_s), qPrintable(r.err));
    }

    void missingCrdsAreMissing()
    {
        const Server s = start({u"--without"_s, u"networking.istio.io,security.istio.io"_s});
        Run r = kubectl(s, {u"api-resources"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(!r.out.contains(u"virtualservices"_s) && !r.out.contains(u"authorizationpolicies"_s));
        QVERIFY(r.out.contains(u"servicemonitors"_s));
        // The CRDs are objects: listed, Established, and the left-out ones are not there.
        r = kubectl(s, {u"get"_s, u"crd"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+CREATED AT"_s)) && r.out.contains(u"servicemonitors.monitoring.coreos.com"_s)
                     && !r.out.contains(u"virtualservices"_s) && !r.out.contains(u"authorizationpolicies"_s),
                 qPrintable(r.out));
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for"_s, u"condition=established"_s, u"crd/modelregistries.modelregistry.opendatahub.io"_s, u"--timeout=5s"_s}).code, 0);
        // kubectl validates as usual and reports the missing kind as on a real cluster.
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"no matches for kind \"VirtualService\" in version \"networking.istio.io/v1\""_s)
                     && r.err.contains(u"ensure CRDs are installed first"_s),
                 qPrintable(r.err));
        // A CRD a user applies is served at once, and its objects go with it.
        const QByteArray crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
                               "spec:\n  group: example.com\n  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget, shortNames: [wd]}\n"
                               "  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n"
                               "    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, crd).code, 0);
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for"_s, u"condition=established"_s, u"crd/widgets.example.com"_s, u"--timeout=5s"_s}).code, 0);
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: 3}\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"wd"_s, u"w1"_s, u"-o"_s, u"jsonpath={.spec.size}"_s}).out, u"3"_s);
        QCOMPARE(kubectl(s, {u"delete"_s, u"crd"_s, u"widgets.example.com"_s}).code, 0);
        r = kubectl(s, {u"get"_s, u"--raw"_s, u"/apis/example.com/v1/namespaces/default/widgets"_s});
        QVERIFY(r.code != 0);
    }

    void rolloutStatus()
    {
        const Server s = start({u"--ready-after"_s, u"0.3"_s});
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8()).code, 0);
        Run r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--timeout=30s"_s});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(u"of 3 updated replicas are available"_s));
        QVERIFY(r.out.contains(u"deployment \"model-registry-ui\" successfully rolled out"_s));
        QVERIFY(kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s}).out.contains(QRegularExpression(u"model-registry-ui\\s+3/3\\s+3\\s+3"_s)));
        // rollout restart is a new revision.
        QCOMPARE(kubectl(s, {u"rollout"_s, u"restart"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 0);
        r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--timeout=30s"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s,
                             u"jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"_s}).out, u"2"_s);
        // An image tagged :fail never becomes ready: the progress deadline is exceeded.
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deploy/model-registry-ui"_s, u"model-registry-ui=ghcr.io/kubeflow/model-registry/ui:fail"_s, u"-n"_s, u"kubeflow"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"patch"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--type"_s, u"merge"_s, u"-p"_s, u"{\"spec\":{\"progressDeadlineSeconds\":1}}"_s}).code, 0);
        r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--timeout=30s"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"exceeded its progress deadline"_s), qPrintable(r.err));
    }

    void replicaSetsPodsAndUndo()
    {
        const Server s = start({u"--ready-after"_s, u"0.2"_s});
        const Bundle b = generate(Project{}, Target{Platform::Odh, Environment::Staging, Preset::ModelRegistryUi});
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8()).code, 0);
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"opendatahub"_s, u"--timeout=30s"_s}).code, 0);
        Run r = kubectl(s, {u"get"_s, u"pods"_s, u"-n"_s, u"opendatahub"_s, u"-l"_s, u"app=model-registry-ui"_s});
        QCOMPARE(r.code, 0);
        // Pods are named as a ReplicaSet names them: <replicaset>-<5 random characters>.
        QCOMPARE(r.out.count(QRegularExpression(u"model-registry-ui-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}\\s+1/1\\s+Running"_s)), 2);
        r = kubectl(s, {u"get"_s, u"rs"_s, u"-n"_s, u"opendatahub"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"model-registry-ui-\\w+\\s+2\\s+2\\s+2"_s)), qPrintable(r.out));
        // A broken image, then back to the previous revision.
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deploy/model-registry-ui"_s, u"model-registry-ui=quay.io/opendatahub/odh-mod-arch-modular-architecture:fail"_s,
                             u"-n"_s, u"opendatahub"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"pods"_s, u"-n"_s, u"opendatahub"_s}).out.contains(QRegularExpression(u"0/1\\s+Running"_s)), 10000);
        r = kubectl(s, {u"rollout"_s, u"undo"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"opendatahub"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"opendatahub"_s, u"--timeout=30s"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"opendatahub"_s, u"-o"_s,
                             u"jsonpath={.spec.template.spec.containers[0].image}"_s}).out,
                 u"quay.io/opendatahub/odh-mod-arch-modular-architecture:odh-stable"_s);
        // The rolled-back template is revision 3, served by its old ReplicaSet (no third one).
        const QString revisions = kubectl(s, {u"get"_s, u"rs"_s, u"-n"_s, u"opendatahub"_s, u"--sort-by=.metadata.name"_s, u"-o"_s,
                                              u"jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}:{.spec.replicas} {end}"_s}).out;
        QCOMPARE(revisions.split(u' ', Qt::SkipEmptyParts).size(), 2);
        QVERIFY2(revisions.contains(u"3:2"_s) && revisions.contains(u"2:0"_s), qPrintable(revisions));
        // Deleting the Deployment takes its ReplicaSets and pods with it.
        QCOMPARE(kubectl(s, {u"delete"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"opendatahub"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(QString(kubectl(s, {u"get"_s, u"rs,pods"_s, u"-n"_s, u"opendatahub"_s}).out + kubectl(s, {u"get"_s, u"rs,pods"_s, u"-n"_s, u"opendatahub"_s}).err)
                                     .contains(u"No resources found"_s), 10000);
    }

    // kubectl's typed create commands send protobuf: what the server stores must be what the
    // same command builds locally (--dry-run=client -o json).
    void typedCreateCommands_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QStringList>("fields");
        QTest::addRow("namespace") << QStringList{u"create"_s, u"namespace"_s, u"team-a"_s} << u"ns/team-a"_s << QStringList{u"spec"_s};
        QTest::addRow("configmap") << QStringList{u"create"_s, u"configmap"_s, u"cfg"_s, u"--from-literal=a=b"_s, u"--from-literal=url=http://x/y?z=1"_s}
                                   << u"cm/cfg"_s << QStringList{u"data"_s};
        QTest::addRow("secret") << QStringList{u"create"_s, u"secret"_s, u"generic"_s, u"sec"_s, u"--from-literal=password=s3cr3t"_s, u"--type=Opaque"_s}
                                << u"secret/sec"_s << QStringList{u"data"_s, u"type"_s};
        QTest::addRow("serviceaccount") << QStringList{u"create"_s, u"serviceaccount"_s, u"robot"_s} << u"sa/robot"_s << QStringList{u"metadata.name"_s};
        QTest::addRow("deployment") << QStringList{u"create"_s, u"deployment"_s, u"web"_s, u"--image=nginx:1.27"_s, u"--image=busybox:1.36"_s,
                                                   u"--replicas=2"_s, u"--port=8080"_s}
                                    << u"deploy/web"_s << QStringList{u"spec"_s, u"metadata.labels"_s};
        QTest::addRow("deployment-zero-replicas") << QStringList{u"create"_s, u"deployment"_s, u"idle"_s, u"--image=nginx"_s, u"--replicas=0"_s}
                                                  << u"deploy/idle"_s << QStringList{u"spec.replicas"_s};
    }

    void typedCreateCommands()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, resource);
        QFETCH(QStringList, fields);
        if (!m_shared.port)
            m_shared = start();
        const Server &s = m_shared;
        const Run local = kubectl(s, command + QStringList{u"--dry-run=client"_s, u"-o"_s, u"json"_s});
        QCOMPARE(local.code, 0);
        const Run created = kubectl(s, command);
        QVERIFY2(created.code == 0, qPrintable(created.err));
        const Run stored = kubectl(s, {u"get"_s, resource, u"-o"_s, u"json"_s});
        QCOMPARE(stored.code, 0);
        // null is "not set" in both forms (the client prints creationTimestamp: null).
        std::function<QJsonValue(const QJsonValue &)> clean = [&](const QJsonValue &v) -> QJsonValue {
            if (!v.isObject())
                return v;
            QJsonObject o;
            const QJsonObject in = v.toObject();
            for (auto it = in.begin(); it != in.end(); ++it)
                if (!it->isNull())
                    o.insert(it.key(), clean(*it));
            return o;
        };
        auto at = [&](const QJsonObject &o, const QString &path) {
            QJsonValue v = o;
            for (const QString &part : path.split(u'.'))
                v = v.toObject().value(part);
            return clean(v);
        };
        const QJsonObject want = QJsonDocument::fromJson(local.out.toUtf8()).object();
        const QJsonObject got = QJsonDocument::fromJson(stored.out.toUtf8()).object();
        for (const QString &field : fields) {
            QVERIFY2(!at(want, field).isUndefined(), qPrintable(field));
            QCOMPARE(QJsonDocument(QJsonObject{{field, at(got, field)}}).toJson(QJsonDocument::Compact),
                     QJsonDocument(QJsonObject{{field, at(want, field)}}).toJson(QJsonDocument::Compact));
        }
    }

    void watchStreamsChanges()
    {
        const Server s = start();
        // A sentinel that exists before the watch: once kubectl prints it, its list is done and it
        // watches from that list's resourceVersion, so every later change reaches it.
        QCOMPARE(kubectl(s, {u"create"_s, u"configmap"_s, u"sentinel"_s, u"-n"_s, u"default"_s}).code, 0);
        QProcess watcher;
        watcher.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, s.kubeconfig, u"--cache-dir"_s, m_dir.filePath(u"cache-watch"_s),
                                                      u"get"_s, u"configmaps"_s, u"-n"_s, u"default"_s, u"--watch"_s, u"-o"_s, u"name"_s});
        QVERIFY(watcher.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += watcher.readAllStandardOutput()).contains("configmap/sentinel"), 15000);
        QVERIFY(!seen.contains("configmap/watched"));
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, namespace: default}\n").code, 0);
        QTRY_VERIFY_WITH_TIMEOUT((seen += watcher.readAllStandardOutput()).contains("configmap/watched"), 15000);
        watcher.terminate();
        watcher.waitForFinished(5000);
    }

    // A write that changes nothing is no write: resourceVersion and generation stay, kubectl says
    // "unchanged", and `kubectl diff` of the applied bundle finds nothing (exit 0).
    void unchangedWritesChangeNothing()
    {
        const Server s = start({u"--ready-after"_s, u"0.05"_s});
        const QByteArray yaml = generate(Project{}, Target{Platform::Kubeflow, Environment::Staging, Preset::ModelRegistryUi}).yaml(true).toUtf8();
        Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, yaml);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--timeout=30s"_s}).code, 0);
        const QStringList versions = {u"get"_s, u"svc,sa,deploy"_s, u"-n"_s, u"kubeflow"_s, u"-l"_s, u"app.kubernetes.io/name=model-registry-ui"_s,
                                      u"-o"_s, u"jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}/{.metadata.generation} {end}"_s};
        const QString before = kubectl(s, versions).out;
        QVERIFY2(before.contains(u"Deployment/"_s), qPrintable(before));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, yaml);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, versions).out, before);
        r = kubectl(s, {u"diff"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, yaml);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        // Client-side apply, twice: the second time everything is unchanged.
        const QByteArray cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice, namespace: default}\ndata: {a: b}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, cm).code, 0);
        const QString rv = kubectl(s, {u"get"_s, u"cm"_s, u"twice"_s, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s}).out;
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, cm);
        QVERIFY2(r.out.contains(u"configmap/twice unchanged"_s), qPrintable(r.out));
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"twice"_s, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s}).out, rv);
        QCOMPARE(kubectl(s, {u"diff"_s, u"-f"_s, u"-"_s}, cm).code, 0);
        // A real change is one: new resourceVersion, diff exits 1.
        const QByteArray changed = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice, namespace: default}\ndata: {a: c}\n";
        QCOMPARE(kubectl(s, {u"diff"_s, u"-f"_s, u"-"_s}, changed).code, 1);
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, changed).code, 0);
        QVERIFY(kubectl(s, {u"get"_s, u"cm"_s, u"twice"_s, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s}).out != rv);
    }

    // Object names are checked by each kind's rule, with the API server's wording.
    void objectNamesFollowTheirKindsRules_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("message");
        QTest::addRow("configmap-uppercase") << QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad, namespace: default}\n") << false
                                             << u"a lowercase RFC 1123 subdomain"_s;
        QTest::addRow("configmap-dots") << QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a.b-c, namespace: default}\n") << true << QString();
        QTest::addRow("namespace-dot") << QByteArray("apiVersion: v1\nkind: Namespace\nmetadata: {name: a.b}\n") << false << u"RFC 1123 label"_s;
        QTest::addRow("service-digit-first") << QByteArray("apiVersion: v1\nkind: Service\nmetadata: {name: 1web, namespace: default}\nspec: {ports: [{port: 80}]}\n")
                                             << false << u"DNS-1035 label"_s;
        QTest::addRow("role-colon") << QByteArray("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:demo'}\nrules: []\n")
                                    << true << QString();
    }

    void objectNamesFollowTheirKindsRules()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(bool, accepted);
        QFETCH(QString, message);
        if (!m_shared.port)
            m_shared = start();
        for (const QStringList &mode : {QStringList{u"create"_s, u"-f"_s, u"-"_s}, QStringList{u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}}) {
            const Run r = kubectl(m_shared, mode + QStringList{u"--dry-run=server"_s}, yaml);
            QCOMPARE(r.code == 0, accepted);
            if (!accepted)
                QVERIFY2(r.err.contains(u"metadata.name: Invalid value"_s) && r.err.contains(message), qPrintable(r.err));
        }
    }

    // Every write path checks the result: patches too, --validate=false still refuses wrong values,
    // and a ConfigMap holds at most 1 MiB.
    void everyWriteIsChecked()
    {
        if (!m_shared.port)
            m_shared = start();
        const Server &s = m_shared;
        const QByteArray deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checked, namespace: default}\nspec:\n  replicas: 1\n"
                                      "  selector: {matchLabels: {app: checked}}\n  template:\n    metadata: {labels: {app: checked}}\n"
                                      "    spec: {containers: [{name: c, image: 'c:1'}]}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, deployment).code, 0);
        for (const QString &type : {u"merge"_s, u"strategic"_s}) {
            const Run r = kubectl(s, {u"patch"_s, u"deploy/checked"_s, u"--type"_s, type, u"-p"_s, u"{\"spec\":{\"replicas\":\"three\"}}"_s});
            QVERIFY2(r.code != 0 && r.err.contains(u"is invalid"_s), qPrintable(type + u": "_s + r.err));
        }
        Run r = kubectl(s, {u"patch"_s, u"deploy/checked"_s, u"--type"_s, u"json"_s, u"-p"_s, u"[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":\"three\"}]"_s});
        QVERIFY2(r.code != 0 && r.err.contains(u"is invalid"_s), qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"checked"_s, u"-o"_s, u"jsonpath={.spec.replicas}"_s}).out, u"1"_s);
        // --validate=false sends fieldValidation=Ignore: unknown fields are dropped, wrong values still refused.
        QByteArray wrong = deployment;
        wrong.replace("replicas: 1", "replicas: three");
        r = kubectl(s, {u"apply"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, wrong);
        QVERIFY2(r.code != 0 && r.err.contains(u"is invalid"_s), qPrintable(r.err));
        // Unknown fields: Strict refuses them, Warn drops them with a warning kubectl prints, Ignore
        // drops them silently; none is stored.
        QByteArray typo = deployment;
        typo.replace("  replicas: 1\n", "  replicas: 1\n  replicaz: 2\n");
        typo.replace("image: 'c:1'", "image: 'c:1', imagePullPolicyy: Always");
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, typo);
        QVERIFY2(r.code != 0 && r.err.contains(u"strict decoding error"_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--validate=warn"_s, u"-f"_s, u"-"_s}, typo);
        QVERIFY2(r.code == 0 && r.err.contains(u"Warning: unknown field \"spec.replicaz\""_s)
                     && r.err.contains(u"Warning: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\""_s),
                 qPrintable(r.err));
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"checked"_s, u"-o"_s, u"json"_s});
        QVERIFY(!r.out.contains(u"replicaz"_s) && !r.out.contains(u"imagePullPolicyy"_s));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, typo);
        QVERIFY2(r.code == 0 && !r.err.contains(u"Warning"_s), qPrintable(r.err));
        QVERIFY(!kubectl(s, {u"get"_s, u"deploy"_s, u"checked"_s, u"-o"_s, u"json"_s}).out.contains(u"replicaz"_s));
        // 1 MiB of ConfigMap data at most.
        const QByteArray big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  a: " + QByteArray(1024 * 1024 + 10, 'x') + "\n";
        r = kubectl(s, {u"create"_s, u"-f"_s, u"-"_s}, big);
        QVERIFY2(r.code != 0 && r.err.contains(u"Too long: must have at most 1048576 bytes"_s), qPrintable(r.err.left(300)));
    }

    // A watcher that does not read its events gets its connection closed once the unsent backlog
    // passes --watch-backlog, as a real API server closes unresponsive watchers; the server's
    // memory stays bounded and it keeps serving everyone else.
    void slowWatcherIsClosed()
    {
        const Server s = start({u"--watch-backlog"_s, u"65536"_s});
        QTcpSocket watcher;
        watcher.setReadBufferSize(4096); // Qt stops reading; the kernel buffers fill, then the server's
        watcher.connectToHost(u"127.0.0.1"_s, s.port);
        QVERIFY(watcher.waitForConnected(5000));
        watcher.write("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(watcher.waitForBytesWritten(5000));
        const QByteArray big(400 * 1024, 'x');
        QTcpSocket writer;
        writer.connectToHost(u"127.0.0.1"_s, s.port);
        QVERIFY(writer.waitForConnected(5000));
        // 60 updates of 400 KiB: 24 MiB of events, far more than socket buffers and the backlog hold.
        for (int i = 0; i < 60; ++i) {
            const QByteArray body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\",\"namespace\":\"default\"},\"data\":{\"v\":\""
                + QByteArray::number(i) + big + "\"}}";
            const QByteArray method = i == 0 ? "POST /api/v1/namespaces/default/configmaps" : "PUT /api/v1/namespaces/default/configmaps/big";
            writer.write(method + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QByteArray reply;
            while (!reply.contains("\r\n\r\n") && writer.waitForReadyRead(10000))
                reply += writer.readAll();
            QVERIFY2(reply.startsWith("HTTP/1.1 20"), reply.left(300).constData());
            // Let the reply's body arrive too before the next request.
            const qsizetype headerEnd = reply.indexOf("\r\n\r\n");
            static const QRegularExpression len(u"Content-Length: (\\d+)"_s, QRegularExpression::CaseInsensitiveOption);
            const qsizetype want = headerEnd + 4 + len.match(QString::fromLatin1(reply.left(headerEnd))).captured(1).toLongLong();
            while (reply.size() < want && writer.waitForReadyRead(10000))
                reply += writer.readAll();
        }
        // Reading now drains what the kernel still holds; a closed watch then ends, an open one would not.
        qint64 received = 0;
        watcher.setReadBufferSize(0);
        bool ended = false;
        connect(&watcher, &QTcpSocket::disconnected, this, [&ended] { ended = true; });
        connect(&watcher, &QTcpSocket::errorOccurred, this, [&ended] { ended = true; });
        QTRY_VERIFY_WITH_TIMEOUT((received += watcher.readAll().size(), ended || watcher.state() == QAbstractSocket::UnconnectedState), 30000);
        QVERIFY2(received < 60 * qint64(big.size()), qPrintable(QString::number(received)));
        // The server still answers.
        QVERIFY(raw(s.port, "GET /version HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    void watchFromExpiredVersion()
    {
        const Server s = start({u"--watch-history"_s, u"3"_s});
        for (int i = 0; i < 6; ++i)
        {
            const Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s},
                                  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + QByteArray::number(i) + ", namespace: default}\n");
            QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        }
        const QByteArray reply = raw(s.port, "GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion=101&timeoutSeconds=2 HTTP/1.1\r\n\r\n");
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
        QVERIFY2(reply.contains("\"type\":\"ERROR\"") && reply.contains("\"code\":410") && reply.contains("\"reason\":\"Expired\""), reply.constData());
        // A recent resourceVersion resumes with the events after it.
        const Run list = kubectl(s, {u"get"_s, u"--raw"_s, u"/api/v1/namespaces/default/configmaps"_s});
        const QString rv = QJsonDocument::fromJson(list.out.toUtf8()).object().value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
        // --wait=false: waiting would watch with this server's deliberately tiny history.
        const Run deleted = kubectl(s, {u"delete"_s, u"configmap"_s, u"c5"_s, u"-n"_s, u"default"_s, u"--wait=false"_s});
        QVERIFY2(deleted.code == 0, qPrintable(deleted.out + deleted.err));
        const QByteArray resumed = raw(s.port, "GET /api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv.toLatin1() + " HTTP/1.1\r\n\r\n");
        QVERIFY2(resumed.contains("\"type\":\"DELETED\"") && resumed.contains("\"name\":\"c5\""), resumed.constData());
        QVERIFY(!resumed.contains("\"name\":\"c4\""));
    }

    // A real Prometheus (Debian's) scrapes /metrics with the config demo-cluster writes, and
    // answers rate() queries over the simulated load.
    void prometheusScrapesMetrics_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addRow("http") << QStringList();
        QTest::addRow("https-with-token") << QStringList{u"--tls"_s, u"--token"_s, u"scrape-token"_s};
    }

    void prometheusScrapesMetrics()
    {
        QFETCH(QStringList, options);
        const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
        QVERIFY2(!prometheus.isEmpty(), "prometheus is needed (scripts/setup.sh installs Debian's)");
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QString config = m_dir.filePath(u"prometheus-%1.yml"_s.arg(tag));
        const Server s = start(QStringList{u"--ready-after"_s, u"0.2"_s, u"--prometheus-config-out"_s, config} + options);
        QVERIFY(s.port);
        QVERIFY(QFile::exists(config));
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8()).code, 0);
        const QString text = kubectl(s, {u"get"_s, u"--raw"_s, u"/metrics"_s}).out;
        QVERIFY2(text.contains(u"# TYPE requests_total counter"_s) && text.contains(u"# TYPE istio_request_duration_milliseconds histogram"_s), qPrintable(text));

        QTcpServer probe; // a free loopback port for Prometheus
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(prometheus, {u"--config.file="_s + config, u"--storage.tsdb.path="_s + m_dir.filePath(u"tsdb-"_s + tag),
                             u"--web.listen-address=127.0.0.1:%1"_s.arg(port)});
        QVERIFY(p.waitForStarted(10000));
        auto query = [&](const QByteArray &promql) {
            const QByteArray reply = raw(port, "GET /api/v1/query?query=" + QUrl::toPercentEncoding(QString::fromLatin1(promql)) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            const QJsonArray result = QJsonDocument::fromJson(reply.mid(reply.indexOf("\r\n\r\n") + 4)).object()
                                          .value(u"data"_s).toObject().value(u"result"_s).toArray();
            return result.isEmpty() ? -1.0 : result.first().toObject().value(u"value"_s).toArray().at(1).toString().toDouble();
        };
        QTRY_VERIFY_WITH_TIMEOUT(query("sum(rate(requests_total{module=\"model-registry-ui\"}[10s]))") > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(query("sum(rate(istio_requests_total{destination_workload=\"model-registry-ui\"}[10s]))") > 0, 30000);
        const double p95 = query("histogram_quantile(0.95, sum by (le) (rate(request_duration_seconds_bucket[10s])))");
        QVERIFY2(p95 > 0 && p95 < 1, qPrintable(QString::number(p95)));
        p.terminate();
        QVERIFY(p.waitForFinished(20000));
    }

    void badOptionsSaySo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("token-without-tls") << QStringList{u"--token"_s, u"x"_s} << u"--token needs --tls"_s;
        QTest::addRow("ca-out-without-tls") << QStringList{u"--ca-out"_s, u"/dev/null"_s} << u"--ca-out needs --tls"_s;
        QTest::addRow("bad-port") << QStringList{u"--port"_s, u"70000"_s} << u"--port must be 0..65535"_s;
        QTest::addRow("bad-deny") << QStringList{u"--deny"_s, u"get"_s} << u"expected verb:resource[:namespace]"_s;
    }

    void badOptionsSaySo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QProcess p;
        p.start(QStringLiteral(DEMO_CLUSTER_PATH), args);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    void tlsAndBearerToken()
    {
        const QString ca = m_dir.filePath(u"tls-ca.crt"_s);
        const Server s = start({u"--tls"_s, u"--token"_s, u"t0ken"_s, u"--ca-out"_s, ca});
        QVERIFY(s.url.startsWith(u"https://"_s));
        QVERIFY(QFile(ca).size() > 0);
        Run r = kubectl(s, {u"version"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"Server Version: v1.32"_s), qPrintable(r.out + r.err));
        r = kubectl(s, {u"auth"_s, u"whoami"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"demo-admin"_s), qPrintable(r.out + r.err));
        const Bundle b = generate(Project{}, Target{Platform::Standalone, Environment::Development, Preset::ModelRegistryUi});
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // A wrong token is refused; a client that does not trust the CA does not connect.
        r = kubectl(s, {u"--token"_s, u"wrong"_s, u"get"_s, u"ns"_s});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(u"Unauthorized"_s) || r.err.contains(u"must be logged in"_s), qPrintable(r.err));
        // Without credentials: anonymous, which may read the version and health, nothing else.
        const auto anonymous = [&](const QString &path) {
            QNetworkAccessManager nam;
            QNetworkRequest request(QUrl(s.url + path));
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates(QSslCertificate::fromPath(ca));
            request.setSslConfiguration(tls);
            QNetworkReply *reply = nam.get(request);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            const auto result = std::pair{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QString::fromUtf8(reply->readAll())};
            reply->deleteLater();
            return result;
        };
        auto [code, text] = anonymous(u"/version"_s);
        QVERIFY2(code == 200 && text.contains(u"v1.32"_s), qPrintable(text));
        std::tie(code, text) = anonymous(u"/readyz"_s);
        QCOMPARE(code, 200);
        std::tie(code, text) = anonymous(u"/api/v1/namespaces"_s);
        QCOMPARE(code, 403);
        QVERIFY2(text.contains(u"system:anonymous"_s), qPrintable(text));
        QProcess p;
        p.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, u"/dev/null"_s, u"--server"_s, s.url, u"--token"_s, u"t0ken"_s,
                                              u"--cache-dir"_s, m_dir.filePath(u"cache-untrusted"_s), u"get"_s, u"ns"_s});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY2(p.readAllStandardError().contains("certificate signed by unknown authority"), "kubectl must not trust an unknown CA");
        // Plain HTTP to the TLS port gets nowhere, and the server keeps serving.
        QVERIFY(!raw(s.port, "GET /version HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));
        QCOMPARE(kubectl(s, {u"get"_s, u"ns"_s, u"default"_s}).code, 0);
    }

    void stateSurvivesRestart()
    {
        const QString dir = m_dir.filePath(u"state"_s);
        {
            Server s = start({u"--state"_s, dir, u"--tls"_s, u"--ready-after"_s, u"0.2"_s});
            QVERIFY(s.port);
            const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Staging, Preset::ModelRegistryUi});
            QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, b.yaml(true).toUtf8()).code, 0);
            QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--timeout=30s"_s}).code, 0);
            QCOMPARE(kubectl(s, {u"create"_s, u"-f"_s, u"-"_s},
                             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: default\ndata:\n  a: b\n").code, 0);
            s.process->terminate();
            QVERIFY(s.process->waitForFinished(10000));
            QCOMPARE(s.process->exitCode(), 0);
        }
        QVERIFY(QFile::exists(dir + u"/state.json"_s));
        QVERIFY(QFile::exists(dir + u"/ca.crt"_s));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const char *secret : {"ca.key", "token", "state.json"})
            QCOMPARE(QFile::permissions(dir + u'/' + QString::fromLatin1(secret)) & others, QFileDevice::Permissions());
        // Restarted from the folder: same objects, same CA and token, ready pods stay ready.
        const QByteArray ca = dctest::readAll(dir + u"/ca.crt"_s);
        const QByteArray token = dctest::readAll(dir + u"/token"_s);
        QVERIFY(token.size() >= 32);
        Server s = start({u"--state"_s, dir, u"--tls"_s, u"--ready-after"_s, u"0.2"_s});
        QVERIFY(s.port);
        QCOMPARE(dctest::readAll(dir + u"/ca.crt"_s), ca);
        QVERIFY(dctest::readAll(s.kubeconfig).contains(QByteArray("token: " + token.trimmed())));
        Run r = kubectl(s, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"model-registry-ui\\s+2/2"_s)), qPrintable(r.out + r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"kept"_s, u"-o"_s, u"jsonpath={.data.a}"_s}).out, u"b"_s);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s,
                             u"jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"_s}).out, u"1"_s);
        // Server-side apply still knows who owns what.
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"other"_s, u"-f"_s, u"-"_s},
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: default\ndata:\n  a: c\n");
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"kept"_s, u"-o"_s, u"jsonpath={.data.a}"_s}).out, u"c"_s);
        s.process->terminate();
        QVERIFY(s.process->waitForFinished(10000));

        // A damaged state file is reported with its path and left as it is.
        const QString broken = m_dir.filePath(u"broken-state"_s);
        QVERIFY(QDir().mkpath(broken));
        QFile f(broken + u"/state.json"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"kind\": \"DemoClusterState\", ");
        f.close();
        QProcess p;
        p.start(QStringLiteral(DEMO_CLUSTER_PATH), {u"--state"_s, broken});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains(QString(broken + u"/state.json"_s).toUtf8()));
        QCOMPARE(QFile(broken + u"/state.json"_s).size(), qint64(29));
    }

    void eventsAndCrashingPods()
    {
        // The kubelet's back-off (10 s, doubling) 20 times faster.
        const Server s = start({u"--ready-after"_s, u"0.2"_s, u"--speed"_s, u"20"_s});
        const QByteArray deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: crashy, namespace: default}\nspec:\n  replicas: 2\n"
                                      "  progressDeadlineSeconds: 2\n  selector: {matchLabels: {app: crashy}}\n  template:\n    metadata: {labels: {app: crashy}}\n"
                                      "    spec: {containers: [{name: web, image: 'example.com/web:crash'}]}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, deployment).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"app=crashy"_s}).out.contains(
                                     QRegularExpression(u"crashy-\\w+-\\w{5}\\s+0/1\\s+CrashLoopBackOff\\s+[1-9]"_s)), 15000);
        Run r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/crashy"_s, u"--timeout=30s"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"exceeded its progress deadline"_s), qPrintable(r.err));
        // Events: what kubectl describe shows, selected by field as it asks for them.
        r = kubectl(s, {u"get"_s, u"events"_s, u"--field-selector"_s, u"involvedObject.kind=Pod,reason=BackOff"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"Back-off restarting failed container web"_s), qPrintable(r.out + r.err));
        QVERIFY(!r.out.contains(u"ScalingReplicaSet"_s));
        r = kubectl(s, {u"describe"_s, u"deploy"_s, u"crashy"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"ScalingReplicaSet\\s+.*Scaled up replica set crashy-\\w+ to 2"_s)), qPrintable(r.out));
        r = kubectl(s, {u"describe"_s, u"pod"_s, u"-l"_s, u"app=crashy"_s});
        QVERIFY2(r.out.contains(u"Successfully assigned default/crashy-"_s) && r.out.contains(QRegularExpression(u"BackOff .*\\(x\\d+ over"_s)),
                 qPrintable(r.out));
        // Scaling down records the deletions.
        QCOMPARE(kubectl(s, {u"scale"_s, u"deploy/crashy"_s, u"--replicas=1"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"events"_s}).out.contains(u"Deleted pod: crashy-"_s), 10000);
    }

    // A rolling update as Kubernetes runs it: within maxSurge and maxUnavailable, old pods kept
    // while the new ones are not available, status counted over every ReplicaSet.
    void rollingUpdateKeepsServing()
    {
        const Server s = start({u"--ready-after"_s, u"0.1"_s});
        const QByteArray deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n"
                                      "  annotations: {kubernetes.io/change-cause: first release}\nspec:\n  replicas: 3\n"
                                      "  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n"
                                      "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                                      "    spec: {containers: [{name: web, image: 'example.com/web:1'}]}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, deployment).code, 0);
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/web"_s, u"--timeout=30s"_s}).code, 0);
        // Pods run on a node, with an IP and a start time.
        const QString placed = kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"app=web"_s, u"-o"_s,
                                           u"jsonpath={range .items[*]}{.spec.nodeName} {.status.podIP} {.status.startTime}{\"\\n\"}{end}"_s}).out;
        QCOMPARE(placed.count(QRegularExpression(u"demo-node-\\d 10\\.244\\.\\d+\\.\\d+ \\d{4}-\\d\\d-\\d\\dT"_s)), 3);
        // A broken release: one surge pod that never becomes ready; the three old pods keep serving.
        // (Annotated after the change: the controller copies the Deployment's annotations to its
        // current ReplicaSet, as Kubernetes does, so annotating first would relabel revision 1.)
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deploy/web"_s, u"web=example.com/web:fail"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"annotate"_s, u"deploy/web"_s, u"--overwrite"_s, u"kubernetes.io/change-cause=broken release"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s}).out.contains(QRegularExpression(u"web\\s+3/3\\s+1\\s+3"_s)), 10000);
        const QString st = kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s,
                                       u"jsonpath={.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas} {.status.unavailableReplicas}"_s}).out;
        QCOMPARE(st, u"4 1 3 3 1"_s);
        Run r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/web"_s, u"--timeout=2s"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"1 out of 3 new replicas have been updated"_s), qPrintable(r.out + r.err));
        // The change cause goes with each revision's ReplicaSet: rollout history shows it.
        r = kubectl(s, {u"rollout"_s, u"history"_s, u"deploy/web"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"1\\s+first release"_s)) && r.out.contains(QRegularExpression(u"2\\s+broken release"_s)),
                 qPrintable(r.out));
        // Back to revision 1: the failing pod goes; old ReplicaSets never grow back otherwise.
        QCOMPARE(kubectl(s, {u"rollout"_s, u"undo"_s, u"deploy/web"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/web"_s, u"--timeout=30s"_s}).code, 0);
        QTRY_COMPARE_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"app=web"_s, u"--no-headers"_s}).out.count(u"Running"_s), 3, 10000);
        // maxSurge and maxUnavailable as percentages, minReadySeconds: a new revision completes.
        QCOMPARE(kubectl(s, {u"patch"_s, u"deploy/web"_s, u"--type"_s, u"merge"_s, u"-p"_s,
                             u"{\"spec\":{\"minReadySeconds\":1,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"50%\",\"maxUnavailable\":\"34%\"}},"
                             u"\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"example.com/web:2\"}]}}}}"_s}).code, 0);
        r = kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/web"_s, u"--timeout=30s"_s});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(u"successfully rolled out"_s));
        // A deleted Deployment's series leave /metrics.
        QVERIFY(kubectl(s, {u"get"_s, u"--raw"_s, u"/metrics"_s}).out.contains(u"module=\"web\""_s));
        QCOMPARE(kubectl(s, {u"delete"_s, u"deploy"_s, u"web"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!kubectl(s, {u"get"_s, u"--raw"_s, u"/metrics"_s}).out.contains(u"module=\"web\""_s), 5000);
    }

    void strategicMergeScalePauseResume()
    {
        const Server s = start({u"--ready-after"_s, u"0.2"_s});
        const QByteArray deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: two, namespace: default}\nspec:\n  replicas: 1\n"
                                      "  selector: {matchLabels: {app: two}}\n  template:\n    metadata: {labels: {app: two}}\n    spec:\n      containers:\n"
                                      "      - {name: a, image: 'a:1', env: [{name: X, value: '1'}]}\n      - {name: b, image: 'b:1'}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, deployment).code, 0);
        // set image and set env are strategic merge patches: the other container and variables stay.
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deploy/two"_s, u"a=a:2"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"set"_s, u"env"_s, u"deploy/two"_s, u"-c"_s, u"a"_s, u"Y=2"_s}).code, 0);
        const QString containers = u"jsonpath={range .spec.template.spec.containers[*]}{.name}={.image}{range .env[*]},{.name}{end};{end}"_s;
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, containers}).out, u"a=a:2,X,Y;b=b:1;"_s);
        // kubectl scale goes through the scale subresource.
        Run r = kubectl(s, {u"scale"_s, u"deploy/two"_s, u"--replicas=3"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/two"_s, u"--timeout=30s"_s}).code, 0);
        QVERIFY(kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s}).out.contains(QRegularExpression(u"two\\s+3/3\\s+3\\s+3"_s)));
        // Paused: template changes wait for resume.
        const QString revision = u"jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"_s;
        const QString before = kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, revision}).out;
        QCOMPARE(kubectl(s, {u"rollout"_s, u"pause"_s, u"deploy/two"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deploy/two"_s, u"b=b:2"_s}).code, 0);
        QTRY_COMPARE_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, u"jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"_s}).out,
                                  u"DeploymentPaused"_s, 5000);
        // The controller has seen the new template (observedGeneration caught up) and still holds it.
        const auto observed = [&] {
            const QStringList g = kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, u"jsonpath={.metadata.generation}={.status.observedGeneration}"_s})
                                      .out.split(u'=');
            return g.size() == 2 && !g[0].isEmpty() && g[0] == g[1];
        };
        QTRY_VERIFY_WITH_TIMEOUT(observed(), 5000);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, revision}).out, before);
        QCOMPARE(kubectl(s, {u"rollout"_s, u"resume"_s, u"deploy/two"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/two"_s, u"--timeout=30s"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"two"_s, u"-o"_s, revision}).out, QString::number(before.toInt() + 1));
        QVERIFY(kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"app=two"_s, u"-o"_s, u"jsonpath={.items[*].spec.containers[1].image}"_s}).out.contains(u"b:2"_s));
        // Custom resources take no strategic merge patch, as on a real cluster.
        r = kubectl(s, {u"patch"_s, u"gateways.networking.istio.io/none"_s, u"--type"_s, u"strategic"_s, u"-p"_s, u"{}"_s});
        QVERIFY(r.code != 0);
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("expectedStatus");
        QTest::addColumn<QByteArray>("reason");
        const QByteArray post = "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n";
        QTest::addRow("bad-json") << QByteArray(post + "Content-Type: application/json\r\nContent-Length: 5\r\n\r\n{bad ") << QByteArray("400") << QByteArray("BadRequest");
        QTest::addRow("wrong-kind") << QByteArray(post + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"x\":1}")
                                    << QByteArray("400") << QByteArray("BadRequest");
        static const char protobufTail[] = "Content-Type: application/vnd.kubernetes.protobuf\r\nContent-Length: 4\r\n\r\nk8s\0";
        QTest::addRow("protobuf-body") << QByteArray(post + QByteArray(protobufTail, sizeof(protobufTail) - 1))
                                       << QByteArray("415") << QByteArray("UnsupportedMediaType");
        static const char brokenProtobuf[] = "Content-Type: application/vnd.kubernetes.protobuf\r\nContent-Length: 7\r\n\r\nk8s\0\x0a\xff\xff";
        QTest::addRow("protobuf-malformed") << QByteArray(post + QByteArray(brokenProtobuf, sizeof(brokenProtobuf) - 1))
                                            << QByteArray("400") << QByteArray("BadRequest");
        QTest::addRow("unknown-patch-type") << QByteArray("PATCH /api/v1/namespaces/default HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}")
                                            << QByteArray("415") << QByteArray("UnsupportedMediaType");
        QTest::addRow("huge-body") << QByteArray(post + "Content-Length: 999999999\r\n\r\n") << QByteArray("413") << QByteArray("RequestEntityTooLarge");
        QTest::addRow("unknown-resource") << QByteArray("GET /apis/apps/v1/namespaces/default/widgets HTTP/1.1\r\n\r\n") << QByteArray("404") << QByteArray("NotFound");
        QTest::addRow("unknown-group") << QByteArray("GET /apis/example.com/v1/widgets HTTP/1.1\r\n\r\n") << QByteArray("404") << QByteArray("NotFound");
        QTest::addRow("missing-object") << QByteArray("GET /api/v1/namespaces/default/configmaps/none HTTP/1.1\r\n\r\n") << QByteArray("404") << QByteArray("NotFound");
        QTest::addRow("garbage-request-line") << QByteArray("HELLO\r\n\r\n") << QByteArray("400") << QByteArray("");
        QTest::addRow("send-initial-events") << QByteArray("GET /api/v1/namespaces?watch=true&sendInitialEvents=true HTTP/1.1\r\n\r\n") << QByteArray("400") << QByteArray("BadRequest");
    }

    void malformedRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, expectedStatus);
        QFETCH(QByteArray, reason);
        if (!m_shared.port)
            m_shared = start();
        const Server &s = m_shared;
        QVERIFY(s.port);
        const QByteArray reply = raw(s.port, request);
        QVERIFY2(reply.startsWith(QByteArray("HTTP/1.1 " + expectedStatus)), reply.constData());
        if (!reason.isEmpty()) {
            const QJsonObject st = QJsonDocument::fromJson(reply.mid(reply.indexOf("\r\n\r\n") + 4)).object();
            QCOMPARE(st.value(u"kind"_s).toString(), u"Status"_s);
            QCOMPARE(st.value(u"reason"_s).toString().toUtf8(), reason);
        }
        // The server keeps serving.
        QVERIFY(raw(s.port, "GET /version HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    void sigtermStopsCleanly()
    {
        Server s = start();
        QVERIFY(s.port);
        s.process->terminate();
        QVERIFY(s.process->waitForFinished(10000));
        QCOMPARE(s.process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDemoCluster)
#include "tst_democluster.moc"
