// The metrics window, driven offscreen against the real Prometheus scraping demo-cluster after
// an apply: the charts and their series, a marker for the apply, a custom range, Prometheus
// found in the cluster and reached through its API server, Test Connection (the version, or
// which step failed), basic auth typed in Connection… (the password never in the settings),
// and the local Prometheus the console starts for the demo cluster.
#include "config/project.h"
#include "kube/kubeconfig.h"
#include "manifests/generator.h"
#include "metrics/chartcard.h"
#include "metrics/chartmodel.h"
#include "metrics/connectiondialog.h"
#include "metrics/metricswindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace dc;

class TestGuiMetrics : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    const Target m_target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};

    // A demo cluster writing `kubeconfig` (and a scrape configuration to `config` when given); true once it listens.
    static bool startCluster(QProcess &server, const QString &kubeconfig, const QStringList &options)
    {
        server.start(QStringLiteral(DEMO_CLUSTER_PATH), QStringList{u"--ready-after"_s, u"0.2"_s, u"--kubeconfig-out"_s, kubeconfig} + options);
        QByteArray line;
        while (!line.contains('\n') && server.waitForReadyRead(10000))
            line += server.readAllStandardOutput();
        return line.contains("listening on");
    }
    static bool deployctlApply(const QString &kubeconfig)
    {
        QProcess apply;
        apply.start(QStringLiteral(DEPLOYCTL_PATH), {u"apply"_s, u"--yes"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--kubeconfig"_s, kubeconfig});
        return apply.waitForFinished(120000) && apply.exitCode() == 0;
    }
    static quint16 freePort()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return 0;
        return probe.serverPort();
    }
    bool startPrometheus(QProcess &prometheus, const QString &config, quint16 port, const QString &storage, const QStringList &extra = {})
    {
        prometheus.start(QStandardPaths::findExecutable(u"prometheus"_s), QStringList{u"--config.file="_s + config, u"--storage.tsdb.path="_s + m_home.filePath(storage),
                                                                                     u"--web.listen-address=127.0.0.1:%1"_s.arg(port)} + extra);
        return prometheus.waitForStarted(10000);
    }
    static std::optional<kube::Kubeconfig::Resolved> contextOf(const QString &kubeconfig)
    {
        QString error;
        return kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment(kubeconfig)).resolve({}, &error);
    }
    static ChartCard *card(const MetricsWindow &window, const QString &id)
    {
        for (ChartCard *c : window.cards())
            if (c->chart().id == id)
                return c;
        return nullptr;
    }
    static double lastValue(const MetricsWindow &window, const QString &id, int series)
    {
        metrics::ChartModel *m = card(window, id)->model();
        for (int r = m->rowCount() - 1; r >= 0; --r)
            if (std::isfinite(m->valueAt(r, series)))
                return m->valueAt(r, series);
        return std::numeric_limits<double>::quiet_NaN();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(u"prometheus"_s).isEmpty(), "prometheus is needed (scripts/setup.sh installs Debian's)");
        // Settings, the apply history and the local Prometheus' storage stay in this test's folders.
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(u"config"_s)));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(u"data"_s)));
        QCoreApplication::setOrganizationName(u"modarch"_s);
        QCoreApplication::setApplicationName(u"Deploy Console"_s);
    }

    void chartsFromPrometheus()
    {
        const QString kubeconfig = m_home.filePath(u"kubeconfig"_s), config = m_home.filePath(u"prometheus.yml"_s);
        QProcess server;
        QVERIFY(startCluster(server, kubeconfig, {u"--prometheus-config-out"_s, config}));
        QVERIFY(deployctlApply(kubeconfig));
        const quint16 port = freePort();
        QProcess prometheus;
        QVERIFY(startPrometheus(prometheus, config, port, u"tsdb"_s));

        MetricsWindow window(generate(Project{}, m_target), m_target, contextOf(kubeconfig));
        QSignalSpy demo(&window, &MetricsWindow::demoClusterRecognised);
        window.resize(1024, 700);
        window.show();
        QVERIFY(demo.wait(10000));
        QVERIFY(window.findChild<QPushButton *>(u"startLocalPrometheus"_s)->isVisible());
        window.setPrometheusUrl(u"http://127.0.0.1:%1"_s.arg(port));
        QSignalSpy refreshed(&window, &MetricsWindow::refreshed);
        QCOMPARE(window.cards().size(), 7);
        // Until Prometheus has scraped the traffic for a while.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     window.refresh();
                                     return refreshed.wait(20000) && lastValue(window, u"requests"_s, 0) > 0;
                                 }()),
                                 90000);
        QCOMPARE(card(window, u"requests"_s)->model()->legends(), QStringList{u"2xx"_s});
        QCOMPARE(lastValue(window, u"replicas"_s, 0), 3.0);
        QCOMPARE(card(window, u"latency"_s)->model()->legends(), (QStringList{u"p50"_s, u"p95"_s, u"p99"_s}));
        QVERIFY(lastValue(window, u"memory"_s, 0) > 0);
        // The apply deployctl made is marked on every chart.
        for (ChartCard *c : window.cards()) {
            QCOMPARE(c->markers().size(), 1);
            QVERIFY2(c->markers().first().text.startsWith(u"apply #1 by demo-admin — "_s), qPrintable(c->markers().first().text));
        }
        // The CSV export holds the chart's table.
        QString error;
        QVERIFY(card(window, u"replicas"_s)->exportCsv(m_home.filePath(u"replicas.csv"_s), &error));
        QFile csv(m_home.filePath(u"replicas.csv"_s));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().startsWith("time,\"desired\",\"available\""));
        // An edited query Prometheus refuses: its message on the chart.
        auto *promql = window.findChild<QLineEdit *>(u"promql:restarts"_s);
        promql->setText(u"sum(("_s);
        Q_EMIT promql->returnPressed();
        QVERIFY(refreshed.wait(20000));
        QVERIFY2(window.findChild<QLabel *>(u"message:restarts"_s)->text().startsWith(u"bad_data: "_s), qPrintable(window.findChild<QLabel *>(u"message:restarts"_s)->text()));
        // A custom range: the points lie in it, and the apply (just now) is not marked.
        const QDateTime end = QDateTime::currentDateTime().addSecs(-600), start = end.addSecs(-1200);
        window.setCustomRange(start, end);
        QVERIFY(refreshed.wait(20000));
        metrics::ChartModel *replicas = card(window, u"replicas"_s)->model();
        QVERIFY(replicas->rowCount() > 0);
        QVERIFY(replicas->timeAt(0) >= start.toMSecsSinceEpoch() && replicas->timeAt(replicas->rowCount() - 1) <= end.toMSecsSinceEpoch());
        QVERIFY(card(window, u"replicas"_s)->markers().isEmpty());
        QCOMPARE(window.findChild<QComboBox *>(u"metricsRange"_s)->currentText(), u"%1 – %2"_s.arg(start.toString(u"MM-dd HH:mm"_s), end.toString(start.date() == end.date() ? u"HH:mm"_s : u"MM-dd HH:mm"_s)));
        window.findChild<QComboBox *>(u"metricsRange"_s)->setCurrentIndex(0);

        // Prometheus as a Service of the cluster, found by its labels, reached through the API server.
        QProcess kubectl;
        kubectl.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, kubeconfig, u"apply"_s, u"-f"_s, u"-"_s});
        kubectl.write(u"apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: prometheus-k8s, namespace: monitoring, "
                      "labels: {app.kubernetes.io/name: prometheus}}\nspec:\n  ports: [{name: web, port: 9090}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: prometheus-k8s, "
                      "namespace: monitoring}\nsubsets: [{addresses: [{ip: 127.0.0.1}], ports: [{name: web, port: %1}]}]\n"_s.arg(port).toUtf8());
        kubectl.closeWriteChannel();
        QVERIFY(kubectl.waitForFinished(60000) && kubectl.exitCode() == 0);
        auto *source = window.findChild<QComboBox *>(u"prometheusSource"_s);
        source->setCurrentIndex(1);
        Q_EMIT source->activated(1);
        QSignalSpy found(&window, &MetricsWindow::discovered);
        QTest::mouseClick(window.findChild<QPushButton *>(u"findPrometheus"_s), Qt::LeftButton);
        QVERIFY(found.count() == 1 || found.wait(20000));
        QCOMPARE(found.constFirst().at(0).toStringList(), QStringList{u"monitoring/prometheus-k8s:9090"_s});
        QVERIFY(refreshed.wait(20000)); // the one found is charted at once
        QCOMPARE(window.settings().service, u"monitoring/prometheus-k8s:9090"_s);
        QVERIFY2(lastValue(window, u"replicas"_s, 0) == 3.0,
                 qPrintable(u"%1 rows; %2; %3"_s.arg(card(window, u"replicas"_s)->model()->rowCount())
                                .arg(window.findChild<QLabel *>(u"message:replicas"_s)->text(), window.findChild<QLabel *>(u"metricsStatus"_s)->text())));
        QVERIFY2(window.findChild<QLabel *>(u"metricsStatus"_s)->text().contains(u"through the API server at http://127.0.0.1:"_s),
                 qPrintable(window.findChild<QLabel *>(u"metricsStatus"_s)->text()));
        QSignalSpy tested(&window, &MetricsWindow::connectionTested);
        window.testConnection();
        QVERIFY(tested.wait(20000));
        QVERIFY2(tested.constFirst().at(0).toBool() && tested.constFirst().at(1).toString().contains(u": Prometheus 2."_s), qPrintable(tested.constFirst().at(1).toString()));
        // Prometheus stopped: the API server cannot reach it, and the window says it is that step.
        prometheus.terminate();
        QVERIFY(prometheus.waitForFinished(20000));
        window.testConnection();
        QVERIFY(tested.wait(20000));
        QCOMPARE(tested.at(1).at(0).toBool(), false);
        QVERIFY2(tested.at(1).at(1).toString().contains(u"the API server refused the service proxy request (HTTP 503 ServiceUnavailable): error trying to reach service"_s),
                 qPrintable(tested.at(1).at(1).toString()));
        // And at its URL: not reachable.
        window.setPrometheusUrl(u"http://127.0.0.1:%1"_s.arg(port));
        window.testConnection();
        QVERIFY(tested.wait(20000));
        QVERIFY2(tested.at(2).at(1).toString().contains(u"cannot be reached"_s), qPrintable(tested.at(2).at(1).toString()));
        server.terminate();
        server.waitForFinished(10000);
    }

    // Prometheus' own basic auth: refused without it, answered once Connection… has the user and
    // password; the password goes to the keychain (here: this session only), never to the settings.
    void basicAuthFromConnection()
    {
        const QString web = m_home.filePath(u"web.yml"_s);
        QFile f(web);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("basic_auth_users:\n  admin: $2b$12$n35Ml9ilqlmEGTWj1PWpbuTvcEfajxDOFv96GnI/rs0MaC5/3B.HW\n"); // metrics-test-password
        f.close();
        const quint16 port = freePort();
        QProcess prometheus;
        QVERIFY(startPrometheus(prometheus, m_home.filePath(u"prometheus.yml"_s), port, u"tsdb-auth"_s, {u"--web.config.file="_s + web}));
        MetricsWindow window(generate(Project{}, m_target), m_target, std::nullopt);
        window.show();
        window.setPrometheusUrl(u"http://127.0.0.1:%1"_s.arg(port));
        QSignalSpy tested(&window, &MetricsWindow::connectionTested);
        // Until Prometheus listens: then it refuses, and says why.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     window.testConnection();
                                     return tested.wait(10000) && tested.last().at(1).toString().contains(u"HTTP 401"_s);
                                 }()),
                                 60000);
        QVERIFY2(tested.last().at(1).toString().contains(u"Prometheus refused the credentials (HTTP 401)"_s), qPrintable(tested.last().at(1).toString()));
        // Without a keyring the console asks whether to keep the password for this session: yes.
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes) ? box->button(QMessageBox::Yes)->click() : box->reject();
        });
        answer.start(20);
        QTimer::singleShot(0, this, [&window] {
            auto *dialog = window.findChild<PrometheusConnectionDialog *>();
            QVERIFY(dialog);
            auto *auth = dialog->findChild<QComboBox *>(u"prometheusAuth"_s);
            auth->setCurrentIndex(auth->findData(int(metrics::PrometheusEndpoint::Auth::Basic)));
            QVERIFY(dialog->findChild<QLineEdit *>(u"prometheusPassword"_s)->isEnabled());
            QVERIFY(!dialog->findChild<QLineEdit *>(u"prometheusToken"_s)->isEnabled());
            dialog->findChild<QLineEdit *>(u"prometheusUser"_s)->setText(u"admin"_s);
            dialog->findChild<QLineEdit *>(u"prometheusPassword"_s)->setText(u"metrics-test-password"_s);
            // A header line that is not one is refused where it is typed.
            dialog->findChild<QPlainTextEdit *>(u"prometheusHeaders"_s)->setPlainText(u"not a header"_s);
            dialog->accept();
            QVERIFY(dialog->isVisible());
            dialog->findChild<QPlainTextEdit *>(u"prometheusHeaders"_s)->setPlainText(u"X-Scope-OrgID: team-a"_s);
            dialog->accept();
        });
        window.findChild<QPushButton *>(u"prometheusConnectionButton"_s)->click();
        QCOMPARE(window.settings().auth, metrics::PrometheusEndpoint::Auth::Basic);
        QCOMPARE(window.settings().headers, u"X-Scope-OrgID: team-a"_s);
        window.testConnection();
        QVERIFY(tested.wait(20000));
        QVERIFY2(tested.last().at(0).toBool() && tested.last().at(1).toString().contains(u"Prometheus 2."_s), qPrintable(tested.last().at(1).toString()));
        // Nothing on disk holds the password.
        QDirIterator files(m_home.filePath(u"config"_s), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile settings(files.next());
            QVERIFY(settings.open(QIODevice::ReadOnly));
            QVERIFY2(!settings.readAll().contains("metrics-test-password"), qPrintable(settings.fileName()));
        }
        prometheus.terminate();
        QVERIFY(prometheus.waitForFinished(20000));
    }

    // For the demo cluster the console runs Prometheus itself (HTTPS and the token of the
    // kubeconfig) and charts from it; it stops with the window.
    void localPrometheusForTheDemoCluster()
    {
        const QString kubeconfig = m_home.filePath(u"tls-kubeconfig"_s);
        QProcess server;
        QVERIFY(startCluster(server, kubeconfig, {u"--tls"_s}));
        QVERIFY(deployctlApply(kubeconfig));
        QString url;
        {
            MetricsWindow window(generate(Project{}, m_target), m_target, contextOf(kubeconfig));
            QSignalSpy demo(&window, &MetricsWindow::demoClusterRecognised);
            QSignalSpy ready(&window, &MetricsWindow::localPrometheusReady);
            QSignalSpy refreshed(&window, &MetricsWindow::refreshed);
            window.show();
            QVERIFY(demo.wait(10000));
            window.findChild<QPushButton *>(u"startLocalPrometheus"_s)->click();
            QVERIFY2(ready.wait(60000), qPrintable(window.findChild<QLabel *>(u"metricsStatus"_s)->text()));
            url = ready.constFirst().at(0).toString();
            QVERIFY(url.startsWith(u"http://127.0.0.1:"_s));
            QCOMPARE(window.settings().url, url);
            QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                         window.refresh();
                                         return refreshed.wait(20000) && lastValue(window, u"replicas"_s, 0) == 3.0;
                                     }()),
                                     60000);
            QVERIFY(!window.findChild<QPushButton *>(u"startLocalPrometheus"_s)->isEnabled());
        }
        // The window is gone, and its Prometheus with it.
        QTcpServer again;
        QVERIFY(again.listen(QHostAddress::LocalHost, quint16(QUrl(url).port())));
        server.terminate();
        server.waitForFinished(10000);
    }
};

QTEST_MAIN(TestGuiMetrics)
#include "tst_gui_metrics.moc"
