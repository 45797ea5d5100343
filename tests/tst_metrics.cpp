// Metrics: the query answer's parser (NaN and ±Inf, errors, warnings, a reply too large), the
// step and the built-in charts; then the real Prometheus (Debian's) scraping demo-cluster after
// a rollout through deployctl apply: every built-in chart answered by deployctl metrics, range
// and step, a PromQL error, a missing metric explained, a capped reply, a canceled query, and
// Prometheus gone.
#include "config/project.h"
#include "manifests/generator.h"
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
