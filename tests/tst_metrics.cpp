// Metrics: the query answer's parser (NaN and ±Inf, errors, warnings, a reply too large), the
// step and the built-in charts; then the real Prometheus (Debian's) scraping demo-cluster after
// a rollout through deployctl apply: every built-in chart answered by deployctl metrics, range
// and step, a PromQL error, a missing metric explained, a capped reply, a canceled query,
// Prometheus' basic auth, the same Prometheus through another cluster's API server (service
// proxy, bearer token, discovery by labels, a choice between two, no right to list or to proxy),
// a slow path against a timeout, pod series that end and begin across a restart, and Prometheus
// gone.
#include "config/project.h"
#include "manifests/generator.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "metrics/chartmodel.h"
#include "metrics/charts.h"
#include "metrics/prometheusclient.h"
#include "metrics/promquery.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include "democlusterharness.h"

#include <cmath>

using namespace Qt::StringLiterals;
using namespace dc::metrics;

class TestMetrics : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

    Server m_cluster;
    QProcess m_prometheus;
    quint16 m_port = 0;

    QStringList kubeflow() const
    {
        return {u"metrics"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--prometheus"_s, u"http://127.0.0.1:%1"_s.arg(m_port)};
    }

private Q_SLOTS:
    void parseAnswers()
    {
        const QByteArray matrix = R"({"status":"success","warnings":["PromQL info: maybe"],"data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"up","job":"a"},"values":[[1700000000,"1"],[1700000015.5,"NaN"],[1700000030,"+Inf"],[1700000045,"-Inf"]]}]}})";
        QueryResult r = parseQueryReply(200, matrix);
        QVERIFY(r.ok);
        QCOMPARE(r.resultType, u"matrix"_s);
        QCOMPARE(r.warnings, QStringList{u"PromQL info: maybe"_s});
        QCOMPARE(r.series.size(), 1);
        QCOMPARE(r.series[0].name(), u"up{job=\"a\"}"_s);
        QCOMPARE(r.series[0].points.size(), 4);
        QCOMPARE(r.series[0].points[1].t, 1700000015500);
        QVERIFY(std::isnan(r.series[0].points[1].v));
        QVERIFY(std::isinf(r.series[0].points[2].v) && r.series[0].points[2].v > 0);
        QVERIFY(std::isinf(r.series[0].points[3].v) && r.series[0].points[3].v < 0);
        r = parseQueryReply(400, R"({"status":"error","errorType":"bad_data","error":"parse error: unexpected end of input"})");
        QVERIFY(!r.ok);
        QCOMPARE(r.errorType, u"bad_data"_s);
        QCOMPARE(r.error, u"parse error: unexpected end of input"_s);
        r = parseQueryReply(200, "<html>not prometheus</html>");
        QVERIFY(!r.ok && r.error.contains(u"not Prometheus' JSON"_s));
        r = parseQueryReply(200, QByteArray(2000, ' '), 1000);
        QVERIFY(r.truncated && r.error.contains(u"more than"_s));
        r = parseQueryReply(200, R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"0.5"]}]}})");
        QCOMPARE(r.series[0].points[0].v, 0.5);
    }

    void stepsAndCharts()
    {
        QCOMPARE(stepFor(3600), 15);       // an hour at 960 px: a point per 4 px
        QCOMPARE(stepFor(60), 1);
        QCOMPARE(stepFor(30 * 86400, 1000000), 236); // never more than 11,000 points
        QCOMPARE(rateWindow(15), u"60s"_s);
        QCOMPARE(rateWindow(60), u"240s"_s);
        QCOMPARE(metricNames(u"sum by (le) (rate(a_bucket{x=\"1\"}[1m])) / sum(b_total{y=\"z\"}) or vector(0)"_s), (QStringList{u"a_bucket"_s, u"b_total"_s}));
        QCOMPARE(legendOf(ChartQuery{u"{{code_class}}"_s, {}}, {{u"code_class"_s, u"5xx"_s}}), u"5xx"_s);
        auto ids = [](dc::Platform platform) {
            QStringList out;
            const auto bundle = dc::generate(dc::Project{}, dc::Target{platform, dc::Environment::Production, dc::Preset::ModelRegistryUi});
            for (const ChartDef &c : builtinCharts(chartContextOf(bundle)))
                out << c.id;
            return out;
        };
        // In the mesh on Kubeflow: the traffic charts; elsewhere the workload's only.
        QCOMPARE(ids(dc::Platform::Kubeflow), (QStringList{u"requests"_s, u"latency"_s, u"errors"_s, u"replicas"_s, u"restarts"_s, u"cpu"_s, u"memory"_s}));
        QCOMPARE(ids(dc::Platform::Standalone), (QStringList{u"replicas"_s, u"restarts"_s, u"cpu"_s, u"memory"_s}));
    }

    // A real Prometheus scraping demo-cluster, after a rollout through deployctl apply.
    void startPrometheus()
    {
        const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
        QVERIFY2(!prometheus.isEmpty(), "prometheus is needed (scripts/setup.sh installs Debian's)");
        const QString config = m_dir.filePath(u"prometheus.yml"_s);
        m_cluster = start({u"--ready-after"_s, u"0.2"_s, u"--prometheus-config-out"_s, config});
        QVERIFY(m_cluster.port);
        const Run applied = deployctl({u"apply"_s, u"--yes"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--kubeconfig"_s, m_cluster.kubeconfig});
        QVERIFY2(applied.code == 0, qPrintable(applied.err));
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
        probe.close();
        m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
        m_prometheus.start(prometheus, {u"--config.file="_s + config, u"--storage.tsdb.path="_s + m_dir.filePath(u"tsdb"_s),
                                        u"--web.listen-address=127.0.0.1:%1"_s.arg(m_port)});
        QVERIFY(m_prometheus.waitForStarted(10000));
        // Until Prometheus has scraped a few times: the requests chart has points.
        auto points = [this] {
            const Run r = deployctl(kubeflow() + QStringList{u"--chart"_s, u"requests"_s, u"--range"_s, u"2m"_s, u"--output"_s, u"json"_s});
            const QJsonArray series = QJsonDocument::fromJson(r.out.toUtf8()).object()[u"charts"_s][0][u"queries"_s][0][u"series"_s].toArray();
            return series.isEmpty() ? 0 : int(series[0][u"points"_s].toArray().size());
        };
        QTRY_VERIFY_WITH_TIMEOUT(points() >= 3, 90000);
    }

    void everyChartAnswers()
    {
        const Run r = deployctl(kubeflow() + QStringList{u"--range"_s, u"2m"_s, u"--step"_s, u"2s"_s, u"--output"_s, u"json"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out.left(2000)));
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(report[u"stepSeconds"_s].toInt(), 2);
        QMap<QString, double> last; // chart/legend -> last value
        for (const QJsonValue &chart : report[u"charts"_s].toArray()) {
            for (const QJsonValue &q : chart[u"queries"_s].toArray()) {
                QVERIFY2(q[u"ok"_s].toBool(), qPrintable(q[u"error"_s].toString()));
                const QJsonArray series = q[u"series"_s].toArray();
                QVERIFY2(!series.isEmpty(), qPrintable(chart[u"id"_s].toString() + u": "_s + q[u"promql"_s].toString()));
                const QJsonArray points = series[0][u"points"_s].toArray();
                // The step: consecutive points 2 s apart, all within the range.
                for (qsizetype i = 1; i < points.size(); ++i)
                    QCOMPARE(points[i][0].toDouble() - points[i - 1][0].toDouble(), 2.0);
                last.insert(chart[u"id"_s].toString() + u'/' + series[0][u"name"_s].toString(), points.last()[1].toDouble());
            }
        }
        QVERIFY(last.value(u"requests/2xx"_s) > 0);
        QVERIFY(last.value(u"latency/p50"_s) > 0 && last.value(u"latency/p50"_s) <= last.value(u"latency/p99"_s));
        QCOMPARE(last.value(u"errors/5xx"_s), 0.0);
        QCOMPARE(last.value(u"replicas/desired"_s), 3.0);
        QCOMPARE(last.value(u"replicas/available"_s), 3.0);
        QCOMPARE(last.value(u"restarts/restarts"_s), 0.0);
        QVERIFY(last.value(u"cpu/used"_s) > 0 && last.value(u"cpu/used"_s) < last.value(u"cpu/requests"_s));
        QCOMPARE(last.value(u"cpu/requests"_s), 1.5); // 3 × 500m, from the project's requests
        QCOMPARE(last.value(u"memory/limits"_s), 3.0 * 1024 * 1024 * 1024);
        // The CSV has a row per point.
        const Run csv = deployctl(kubeflow() + QStringList{u"--chart"_s, u"replicas"_s, u"--range"_s, u"1m"_s, u"--step"_s, u"5s"_s, u"--output"_s, u"csv"_s});
        QVERIFY(csv.out.startsWith(u"chart,series,time,value\nreplicas,\"desired\","_s));
    }

    void errorsSaidPlainly()
    {
        // PromQL Prometheus refuses: its error, exit 1.
        Run r = deployctl(kubeflow() + QStringList{u"--query"_s, u"sum(("_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"error: bad_data: "_s), qPrintable(r.out));
        // A metric nobody exports: which one, and what provides such metrics.
        r = deployctl(kubeflow() + QStringList{u"--query"_s, u"rate(kube_no_such_metric_total[1m])"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(u"no data: kube_no_such_metric_total is missing — it comes from kube-state-metrics"_s), qPrintable(r.out));
        // A reply over the cap is not read; a superseded query is canceled.
        PrometheusEndpoint endpoint;
        endpoint.url = QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
        PrometheusClient client(endpoint);
        client.setMaxBytes(2000);
        PromCall *big = client.queryRange(u"{__name__=~\".+\"}"_s, QDateTime::currentDateTimeUtc().addSecs(-60), QDateTime::currentDateTimeUtc(), 1);
        QSignalSpy bigDone(big, &PromCall::finished);
        QVERIFY(bigDone.wait(20000));
        QVERIFY2(big->result.truncated && big->result.error.contains(u"more than"_s), qPrintable(big->result.error));
        PromCall *old = client.query(u"up"_s);
        QSignalSpy oldDone(old, &PromCall::finished);
        old->abort();
        QVERIFY(oldDone.count() == 1 || oldDone.wait(5000));
        QCOMPARE(old->result.errorType, u"canceled"_s);
    }

    // Prometheus' own basic auth (--web.config.file, a bcrypt hash of "metrics-test-password"):
    // the user and password from $PROMETHEUS_PASSWORD are sent; a wrong one is refused plainly.
    void basicAuth()
    {
        const QString web = m_dir.filePath(u"web.yml"_s);
        QFile f(web);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("basic_auth_users:\n  admin: $2b$12$n35Ml9ilqlmEGTWj1PWpbuTvcEfajxDOFv96GnI/rs0MaC5/3B.HW\n");
        f.close();
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess guarded;
        guarded.start(QStandardPaths::findExecutable(u"prometheus"_s),
                      {u"--config.file="_s + m_dir.filePath(u"prometheus.yml"_s), u"--storage.tsdb.path="_s + m_dir.filePath(u"tsdb-auth"_s),
                       u"--web.listen-address=127.0.0.1:%1"_s.arg(port), u"--web.config.file="_s + web});
        QVERIFY(guarded.waitForStarted(10000));
        const QStringList args{u"metrics"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--prometheus"_s, u"http://127.0.0.1:%1"_s.arg(port),
                               u"--query"_s, u"up"_s, u"--range"_s, u"1m"_s, u"--basic-auth-user"_s, u"admin"_s};
        qputenv("PROMETHEUS_PASSWORD", "metrics-test-password");
        QTRY_VERIFY_WITH_TIMEOUT(deployctl(args).out.contains(u"up{instance="_s), 60000);
        qputenv("PROMETHEUS_PASSWORD", "wrong");
        const Run refused = deployctl(args);
        qunsetenv("PROMETHEUS_PASSWORD");
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.out.contains(u"refused the credentials (HTTP 401)"_s), qPrintable(refused.out));
        guarded.terminate();
        QVERIFY(guarded.waitForFinished(20000));
    }

    // The same Prometheus through another cluster's API server (HTTPS, a bearer token): a
    // Service without selector whose Endpoints point at it, found by its labels.
    QByteArray prometheusService(const QString &ns, const QString &name, const QString &labels) const
    {
        return u"apiVersion: v1\nkind: Namespace\nmetadata: {name: %1}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: %2, namespace: %1, labels: {%3}}\n"
               "spec:\n  ports: [{name: web, port: 9090, targetPort: web}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: %2, namespace: %1}\n"
               "subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{name: web, port: %4}]}]\n"_s.arg(ns, name, labels).arg(m_port).toUtf8();
    }

    void throughTheApiServer()
    {
        Server cluster = start({u"--tls"_s});
        QVERIFY(cluster.port);
        Run r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s}, prometheusService(u"monitoring"_s, u"prometheus-k8s"_s, u"app.kubernetes.io/name: prometheus"_s));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList base{u"metrics"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--chart"_s, u"replicas"_s, u"--range"_s, u"1m"_s,
                               u"--output"_s, u"json"_s};
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out.left(2000)));
        QVERIFY2(r.err.contains(u"Prometheus: monitoring/prometheus-k8s:9090 — Prometheus"_s), qPrintable(r.err));
        QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(report[u"prometheus"_s].toString().startsWith(u"/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy through the API server at https://"_s));
        QJsonArray points = report[u"charts"_s][0][u"queries"_s][0][u"series"_s][0][u"points"_s].toArray();
        QVERIFY(!points.isEmpty());
        QCOMPARE(points.last()[1].toDouble(), 3.0);

        // The token is what lets the request through the API server: a wrong one is refused there.
        QFile kc(cluster.kubeconfig);
        QVERIFY(kc.open(QIODevice::ReadOnly));
        QString wrong = QString::fromUtf8(kc.readAll());
        wrong.replace(QRegularExpression(u"token: .*"_s), u"token: not-the-token"_s);
        const QString wrongPath = m_dir.filePath(u"wrong-token"_s);
        QFile out(wrongPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(wrong.toUtf8());
        out.close();
        r = deployctl(base + QStringList{u"--kubeconfig"_s, wrongPath, u"--prometheus-service"_s, u"monitoring/prometheus-k8s:9090"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"the API server refused the service proxy request (HTTP 401 Unauthorized)"_s), qPrintable(r.out));

        // Two installs: a choice, each line a flag to copy; the chosen one answers.
        r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s}, prometheusService(u"istio-system"_s, u"prometheus"_s, u"app.kubernetes.io/name: prometheus, app.kubernetes.io/component: server"_s));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"Several Prometheus servers match"_s) && r.err.contains(u"--prometheus-service monitoring/prometheus-k8s:9090"_s)
                     && r.err.contains(u"--prometheus-service istio-system/prometheus:9090    (Istio's Prometheus addon)"_s),
                 qPrintable(r.err));
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig, u"--prometheus-service"_s, u"istio-system/prometheus:9090"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out.left(2000)));
        // What the API server says when the Service is not there, or its port is not.
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig, u"--prometheus-service"_s, u"monitoring/nope:9090"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"(HTTP 404 NotFound): services \\\"nope\\\" not found"_s), qPrintable(r.out));
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig, u"--prometheus-service"_s, u"monitoring/prometheus-k8s:9091"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"(HTTP 503 ServiceUnavailable): no service port 9091 found for service \\\"prometheus-k8s\\\""_s), qPrintable(r.out));
        // kubectl reaches the same path the same way.
        r = kubectl(cluster, {u"get"_s, u"--raw"_s, u"/api/v1/namespaces/monitoring/services/prometheus-k8s:web/proxy/api/v1/query?query=up"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"\"status\":\"success\""_s), qPrintable(r.err + r.out));
    }

    // OpenShift's ways in: the thanos-querier Route is preferred when discovery sees it (its host
    // is reached directly), and a URL with --kubeconfig-token carries the kubeconfig user's token
    // (here the URL is the API server's own proxy path, which refuses anyone else).
    void openShiftWays()
    {
        const QString ca = m_dir.filePath(u"openshift-ca.crt"_s);
        Server cluster = start({u"--tls"_s, u"--ca-out"_s, ca});
        QVERIFY(cluster.port);
        Run r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s}, prometheusService(u"openshift-monitoring"_s, u"thanos-querier"_s, u"app.kubernetes.io/name: thanos-query"_s));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s},
                    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: routes.route.openshift.io}\nspec:\n  group: route.openshift.io\n"
                    "  names: {kind: Route, plural: routes, singular: route, listKind: RouteList}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n"
                    "    storage: true\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = kubectl(cluster, {u"wait"_s, u"--for"_s, u"condition=established"_s, u"crd/routes.route.openshift.io"_s, u"--timeout=30s"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList base{u"metrics"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"production"_s, u"--chart"_s, u"replicas"_s, u"--range"_s, u"1m"_s};
        // Without the Route: the Service, with what to know about it.
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig});
        QVERIFY2(r.err.contains(u"Prometheus: https:openshift-monitoring/thanos-querier:9090 — Thanos querier; OpenShift's monitoring checks the caller's own token"_s), qPrintable(r.err));
        r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s},
                    "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: thanos-querier, namespace: openshift-monitoring}\n"
                    "spec: {host: thanos-querier-openshift-monitoring.apps.demo.invalid, port: {targetPort: web}, to: {kind: Service, name: thanos-querier}}\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = deployctl(base + QStringList{u"--kubeconfig"_s, cluster.kubeconfig});
        QCOMPARE(r.code, 1); // .invalid never resolves: nothing leaves this machine
        QVERIFY2(r.err.contains(u"Prometheus: https://thanos-querier-openshift-monitoring.apps.demo.invalid (route openshift-monitoring/thanos-querier) — OpenShift Thanos querier route"_s),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(u"cannot be reached"_s), qPrintable(r.out));
        // The kubeconfig user's token on a URL: the API server lets it through; without, it does not.
        const QStringList direct = base + QStringList{u"--prometheus"_s, cluster.url + u"/api/v1/namespaces/openshift-monitoring/services/thanos-querier:9090/proxy"_s,
                                                      u"--ca-file"_s, ca, u"--kubeconfig"_s, cluster.kubeconfig, u"--output"_s, u"json"_s};
        r = deployctl(direct + QStringList{u"--kubeconfig-token"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out.left(1500)));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()[u"charts"_s][0][u"queries"_s][0][u"ok"_s].toBool(), true);
        r = deployctl(direct);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"Prometheus refused the credentials (HTTP 403)"_s), qPrintable(r.out.left(1500)));
    }

    // Without the right to list Services everywhere, discovery looks in the usual namespaces
    // and says so; without services/proxy, the API server's refusal is shown as it is.
    void discoveryWithoutRights()
    {
        Server cluster = start({u"--tls"_s, u"--deny"_s, u"list:services:-"_s, u"--deny"_s, u"get:services/proxy:istio-system"_s});
        QVERIFY(cluster.port);
        Run r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s}, prometheusService(u"istio-system"_s, u"prometheus"_s, u"app.kubernetes.io/name: prometheus"_s));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = deployctl({u"metrics"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--chart"_s, u"replicas"_s, u"--kubeconfig"_s, cluster.kubeconfig});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"note: Listing Services in all namespaces is forbidden for this user, so only monitoring, prometheus, istio-system"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"Prometheus: istio-system/prometheus:9090"_s), qPrintable(r.err));
        QVERIFY2(r.out.contains(u"(HTTP 403 Forbidden): services \"prometheus:9090\" is forbidden: User \"demo-admin\" cannot get resource \"services/proxy\""_s), qPrintable(r.out));
    }

    // A slow path (the API server answering after 3 s) against a 1 s timeout: the query ends
    // with a plain timeout, and the event loop keeps running meanwhile.
    void slowPrometheus()
    {
        Server cluster = start({u"--latency"_s, u"3000"_s});
        QVERIFY(cluster.port);
        const Run r = kubectl(cluster, {u"apply"_s, u"-f"_s, u"-"_s}, prometheusService(u"monitoring"_s, u"prometheus-k8s"_s, u"app.kubernetes.io/name: prometheus"_s));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QString error;
        const auto resolved = dc::kube::Kubeconfig::load(dc::kube::Kubeconfig::fromEnvironment(cluster.kubeconfig)).resolve({}, &error);
        QVERIFY2(resolved, qPrintable(error));
        dc::kube::KubeClient kube(*resolved);
        PrometheusEndpoint endpoint;
        endpoint.cluster = &kube;
        endpoint.serviceProxyPath = servicePath(u"monitoring"_s, u"prometheus-k8s"_s, u"9090"_s);
        PrometheusClient client(endpoint);
        client.setTimeout(1000);
        PromCall *call = client.query(u"up"_s);
        QSignalSpy done(call, &PromCall::finished);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(50);
        QVERIFY(done.wait(10000));
        QCOMPARE(call->result.errorType, u"timeout"_s);
        QVERIFY2(call->result.error.contains(u"did not answer within 1 s"_s), qPrintable(call->result.error));
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks))); // the loop ran all along
        // Given time, the same path answers.
        client.setTimeout(20000);
        PromCall *slow = client.query(u"up"_s);
        QSignalSpy slowDone(slow, &PromCall::finished);
        QVERIFY(slowDone.wait(20000));
        QVERIFY2(slow->result.ok, qPrintable(slow->result.error));
    }

    // A rollout restart replaces the pods: their series end and new ones begin, and the chart
    // model holds each with a gap where it has no samples.
    void seriesComeAndGo()
    {
        const Run restarted = deployctl({u"restart"_s, u"--yes"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--kubeconfig"_s, m_cluster.kubeconfig});
        QVERIFY2(restarted.code == 0, qPrintable(restarted.err + restarted.out));
        PrometheusEndpoint endpoint;
        endpoint.url = QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
        PrometheusClient client(endpoint);
        const QString ns = chartContextOf(dc::generate(dc::Project{}, dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi})).ns;
        const ChartDef chart{u"pods"_s, u"Pods"_s, {}, {}, {{u"{{pod}}"_s, u"max by (pod) (kube_pod_container_resource_requests{namespace=\"%1\",resource=\"cpu\"})"_s.arg(ns)}}};
        ChartModel model;
        auto gone = [&] {
            const QDateTime end = QDateTime::currentDateTimeUtc();
            PromCall *call = client.queryRange(chart.queries[0].promql, end.addSecs(-120), end, 1);
            QSignalSpy done(call, &PromCall::finished);
            if (!done.wait(20000) || !call->result.ok)
                return false;
            model.setData(chart, {call->result}, end.addSecs(-120).toMSecsSinceEpoch(), end.toMSecsSinceEpoch(), 1);
            // Old pods: a value first, none at the end; new pods: none first, a value at the end.
            int ended = 0, begun = 0;
            const int last = model.rowCount() - 1;
            for (int c = 0; c < model.legends().size(); ++c) {
                int first = -1, lastSeen = -1;
                for (int row = 0; row <= last; ++row)
                    if (!std::isnan(model.valueAt(row, c))) {
                        if (first < 0)
                            first = row;
                        lastSeen = row;
                    }
                ended += first >= 0 && lastSeen < last - 5;
                begun += first > 0 && lastSeen >= last - 2;
            }
            return ended >= 3 && begun >= 3;
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 90000);
    }

    void prometheusGone()
    {
        m_prometheus.terminate();
        QVERIFY(m_prometheus.waitForFinished(20000));
        const Run r = deployctl(kubeflow() + QStringList{u"--chart"_s, u"replicas"_s});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"cannot be reached"_s), qPrintable(r.out));
    }

    void cleanupTestCase()
    {
        if (m_prometheus.state() != QProcess::NotRunning) {
            m_prometheus.terminate();
            m_prometheus.waitForFinished(20000);
        }
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
