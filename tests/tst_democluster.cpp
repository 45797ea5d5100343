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

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc;
using dctest::appliedIsIn;

// demo-cluster against the real, unmodified kubectl (each test with a fresh kubeconfig and
// discovery cache), plus raw malformed requests: the API, its writes, watches, auth and state.
class TestDemoCluster : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

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
        QVERIFY2(r.err.contains(u"strict decoding error: unknown field \"spec.sepc\""_s), qPrintable(r.err));
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
        QVERIFY(QFile::exists(dir + u"/state.db"_s));
        QVERIFY(QFile::exists(dir + u"/ca.crt"_s));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const char *secret : {"ca.key", "token", "state.db"})
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
        // Server-side apply still knows who owns what: kubectl create's field is a conflict until forced.
        const QByteArray other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: default\ndata:\n  a: c\n";
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"other"_s, u"-f"_s, u"-"_s}, other);
        QVERIFY2(r.code != 0 && r.err.contains(u"conflict with \"kubectl-create\" using v1: .data.a"_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"other"_s, u"--force-conflicts"_s, u"-f"_s, u"-"_s}, other);
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"kept"_s, u"-o"_s, u"jsonpath={.data.a}"_s}).out, u"c"_s);
        s.process->terminate();
        QVERIFY(s.process->waitForFinished(10000));

        // A damaged state is reported with its path and left as it is: a broken database, and a
        // broken JSON snapshot of an earlier version (which a new database would take over).
        for (const char *file : {"state.db", "state.json"}) {
            const QString broken = m_dir.filePath(u"broken-state-"_s + QString::fromLatin1(file));
            QVERIFY(QDir().mkpath(broken));
            QFile f(broken + u'/' + QString::fromLatin1(file));
            QVERIFY(f.open(QIODevice::WriteOnly));
            const qint64 written = f.write("{\"kind\": \"DemoClusterState\", this is no database");
            f.close();
            QProcess p;
            p.start(QStringLiteral(DEMO_CLUSTER_PATH), {u"--state"_s, broken});
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitCode(), 2);
            const QByteArray err = p.readAllStandardError();
            QVERIFY2(err.contains(QString(broken + u'/' + QString::fromLatin1(file)).toUtf8()), err.constData());
            QCOMPARE(QFile(broken + u'/' + QString::fromLatin1(file)).size(), written);
        }
    }

    // A write is on disk when it is acknowledged: kill -9 right after it loses nothing.
    void acknowledgedWritesSurviveKill()
    {
        const QString dir = m_dir.filePath(u"killed"_s);
        {
            Server s = start({u"--state"_s, dir});
            QVERIFY(s.port);
            QCOMPARE(kubectl(s, {u"create"_s, u"configmap"_s, u"last-words"_s, u"--from-literal=said=yes"_s}).code, 0);
            QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s},
                             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {a: b}\n").code, 0);
            s.process->kill(); // SIGKILL: no chance to save anything
            QVERIFY(s.process->waitForFinished(10000));
        }
        Server s = start({u"--state"_s, dir});
        QVERIFY(s.port);
        QCOMPARE(kubectl(s, {u"get"_s, u"cm"_s, u"last-words"_s, u"-o"_s, u"jsonpath={.data.said}"_s}).out, u"yes"_s);
        // The field owners came through too: another manager conflicts with kubectl's field.
        const Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"other"_s, u"-f"_s, u"-"_s},
                              "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {a: c}\n");
        QVERIFY2(r.code != 0 && r.err.contains(u"conflict"_s, Qt::CaseInsensitive), qPrintable(r.err));
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
