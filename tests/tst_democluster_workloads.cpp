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

// demo-cluster's controllers and what kubectl shows of them: rollouts, ReplicaSets, pods, events,
// tables, nodes, endpoints and the simulated /metrics a real Prometheus scrapes.
class TestDemoClusterWorkloads : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(KUBECTL_PATH)));
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
        r = kubectl(s, {u"get"_s, u"endpoints,endpointslices"_s, u"-n"_s, u"kubeflow"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"model-registry-ui-service\\s+10\\.244\\.\\d+\\.\\d+:8080,10\\.244"_s))
                     && r.out.contains(QRegularExpression(u"ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS"_s)) && r.out.contains(QRegularExpression(u"IPv4\\s+8080\\s+10\\.244"_s)),
                 qPrintable(r.out));
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
};

QTEST_GUILESS_MAIN(TestDemoClusterWorkloads)
#include "tst_democluster_workloads.moc"
