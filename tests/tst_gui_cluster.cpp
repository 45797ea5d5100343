// The console's cluster side, driven offscreen against demo-cluster as a user would: the cluster
// dialog (context picker, pre-flight, cancel, a typed token) and the deploy window (differences,
// apply, the rollout as it happens, the history, an action on the Deployment).
#include "clusterdialog.h"
#include "config/project.h"
#include "deploy/deploywindow.h"
#include "deploy/rolloutview.h"
#include "deploy/rolloutmodel.h"
#include "deploy/rolloutactions.h"
#include "kube/kubeclient.h"
#include "manifests/generator.h"
#include "mainwindow.h"
#include "guiutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>

#include <cmath>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace dc;
using dctest::typeInto;

class TestGuiCluster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;


private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        dctest::useOwnFolders(m_home);
    }

    // The cluster dialog against a demo cluster: the context picker, a pre-flight shown check by
    // check with the permissions table, the indicator, and a cancel.
    void clusterDialogChecksTheBundle()
    {
        const QString kubeconfig = m_home.filePath(u"cluster-kubeconfig"_s);
        // Starts a demo cluster that writes `kubeconfig`; true once it listens.
        auto startCluster = [&kubeconfig](QProcess &process, const QStringList &options) {
            process.start(QStringLiteral(DEMO_CLUSTER_PATH), QStringList{u"--tls"_s, u"--kubeconfig-out"_s, kubeconfig} + options);
            QByteArray line;
            while (!line.contains('\n') && process.waitForReadyRead(10000))
                line += process.readAllStandardOutput();
            return line.contains("listening on https://");
        };
        QProcess server;
        QVERIFY(startCluster(server, {}));
        qputenv("KUBECONFIG", QFile::encodeName(kubeconfig));
        MainWindow w;
        Project p;
        p.target = Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};
        w.showProject(p, QString());
        w.show();
        // The target bar's picker: offline until a context is picked; picking one checks the sign-in.
        auto *picker = w.findChild<QComboBox *>(u"clusterContext"_s);
        QCOMPARE(picker->currentText(), u"Offline"_s);
        QTRY_COMPARE_WITH_TIMEOUT(picker->findData(u"demo"_s), 1, 5000); // read once the window is up
        QCOMPARE(picker->itemText(1), u"demo · default"_s);
        picker->setCurrentIndex(1);
        Q_EMIT picker->activated(1);
        auto *state = w.findChild<QLabel *>(u"clusterState"_s);
        QTRY_VERIFY_WITH_TIMEOUT(state->toolTip().startsWith(u"signed in as demo-admin"_s), 20000);
        w.findChild<QAction *>(u"actionCheckCluster"_s)->trigger();
        auto *dialog = w.findChild<ClusterDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->findChild<QComboBox *>(u"contextCombo"_s)->currentText(), u"demo"_s);
        QSignalSpy done(dialog, &ClusterDialog::runFinished);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"runPreflight"_s), Qt::LeftButton);
        QVERIFY(done.wait(30000));
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        auto *results = dialog->findChild<QTreeWidget *>(u"results"_s);
        QStringList names;
        for (int i = 0; i < results->topLevelItemCount(); ++i) {
            names << results->topLevelItem(i)->text(1);
            QCOMPARE(results->topLevelItem(i)->text(0), u"ok"_s);
        }
        QVERIFY(names.contains(u"identity"_s) && names.contains(u"access"_s) && names.count(u"dry-run"_s) == 13);
        QCOMPARE(dialog->findChild<QTableWidget *>(u"accessTable"_s)->rowCount(), 29);
        QVERIFY(dialog->findChild<QLabel *>(u"connectionIndicator"_s)->text().contains(u"signed in as demo-admin"_s));
        // Canceled at once: the run ends, saying so, and the buttons come back.
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"runPreflight"_s), Qt::LeftButton);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"cancelRun"_s), Qt::LeftButton);
        QVERIFY(done.count() == 1 || done.wait(10000));
        QCOMPARE(done.takeFirst().at(0).toBool(), false);
        QVERIFY(!results->findItems(u"canceled"_s, Qt::MatchExactly, 1).isEmpty());
        QVERIFY(dialog->findChild<QPushButton *>(u"runPreflight"_s)->isEnabled());
        server.terminate();
        server.waitForFinished(10000);

        // A slow server (every answer 3 s late): the window keeps handling events while the
        // checklist waits, and Cancel ends the run at once.
        QProcess slow;
        QVERIFY(startCluster(slow, {u"--latency"_s, u"3000"_s}));
        dialog->reloadKubeconfig();
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"runPreflight"_s), Qt::LeftButton);
        int ticks = 0;
        QTimer heartbeat;
        connect(&heartbeat, &QTimer::timeout, [&ticks] { ++ticks; });
        heartbeat.start(20);
        // The sign-in's TCP and TLS checks pass quickly; the first API answer is 3 s away.
        QTRY_VERIFY_WITH_TIMEOUT(!results->findItems(u"tls"_s, Qt::MatchExactly, 1).isEmpty(), 10000);
        const int before = ticks;
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= before + 10, 2000); // the event loop is not blocked
        QVERIFY(results->findItems(u"identity"_s, Qt::MatchExactly, 1).isEmpty());
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"cancelRun"_s), Qt::LeftButton);
        QVERIFY(done.count() == 1 || done.wait(1000));
        QCOMPARE(done.takeFirst().at(0).toBool(), false);
        QVERIFY(!results->findItems(u"canceled"_s, Qt::MatchExactly, 1).isEmpty());
        slow.terminate();
        slow.waitForFinished(10000);

        // A context whose user has no credentials: the token typed here signs in, and is written
        // to no file (this run has no keyring, and does not ask to remember it).
        QProcess guarded;
        QVERIFY(startCluster(guarded, {u"--token"_s, u"gui-typed-token-0123456789"_s}));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray text = file.readAll();
        file.close();
        text.replace("\n    token: gui-typed-token-0123456789", " {}");
        QVERIFY(!text.contains("gui-typed-token"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        file.close();
        dialog->reloadKubeconfig();
        auto *token = dialog->findChild<QLineEdit *>(u"tokenEdit"_s);
        QVERIFY(token->isVisible());
        dialog->findChild<QCheckBox *>(u"rememberToken"_s)->setChecked(false);
        typeInto(token, u"gui-typed-token-0123456789"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"useToken"_s), Qt::LeftButton);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"checkSignIn"_s), Qt::LeftButton);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        for (QDirIterator it(m_home.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("gui-typed-token"), qPrintable(f.fileName()));
        }
        qunsetenv("KUBECONFIG");
        guarded.terminate();
        guarded.waitForFinished(10000);
    }

    // The deploy window against a demo cluster: the differences (13 new objects and the merge
    // step), Apply, the progress, the rollout with the three pods ready, the history's record,
    // an action (scale) reflected in the view, and the differences again (none).
    void deployWindowAppliesAndWatches()
    {
        const QString kubeconfig = m_home.filePath(u"deploy-kubeconfig"_s);
        QProcess server;
        server.start(QStringLiteral(DEMO_CLUSTER_PATH), {u"--ready-after"_s, u"0.3"_s, u"--kubeconfig-out"_s, kubeconfig});
        QByteArray line;
        while (!line.contains('\n') && server.waitForReadyRead(10000))
            line += server.readAllStandardOutput();
        QVERIFY(line.contains("listening on"));
        QString error;
        const auto context = kube::Kubeconfig::load({kubeconfig, {}, {}}).resolve({}, &error);
        QVERIFY2(context, qPrintable(error));
        const Target target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};
        DeployWindow window(*context, generate(Project{}, target), target, QString());
        window.show();
        QSignalSpy checked(&window, &DeployWindow::differencesChecked);
        window.checkDifferences();
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.takeFirst().at(0).toBool(), true);
        auto *objects = window.findChild<QListWidget *>(u"deployObjects"_s);
        QCOMPARE(objects->count(), 14);
        QVERIFY(objects->item(8)->text().startsWith(u"new"_s) && objects->item(8)->text().endsWith(u"Deployment/model-registry-ui"_s));
        QVERIFY(objects->item(13)->text().startsWith(u"step"_s));
        objects->setCurrentRow(8);
        QVERIFY(window.findChild<QPlainTextEdit *>(u"deployUnified"_s)->toPlainText().contains(u"+kind: Deployment"_s));

        QSignalSpy applied(&window, &DeployWindow::applyFinished);
        window.apply(true);
        QVERIFY(applied.wait(60000));
        QVERIFY2(applied.constFirst().at(0).toBool(), qPrintable(applied.constFirst().at(1).toString()));
        QCOMPARE(window.findChild<QTreeWidget *>(u"deploySteps"_s)->topLevelItemCount(), 14);
        QVERIFY(window.findChild<QLabel *>(u"deploySummary"_s)->text().startsWith(u"Applied: 14 of 14 steps done"_s));
        // The rollout view follows the pods until the three are ready; the revision names its apply.
        RolloutView *rollout = window.rolloutView();
        QVERIFY(rollout->isVisible());
        auto *pods = rollout->findChild<QTableView *>(u"rolloutPods"_s);
        auto readyPods = [pods] {
            int ready = 0;
            for (int r = 0; r < pods->model()->rowCount(); ++r)
                ready += pods->model()->index(r, 3).data().toString() == u"1/1"_s ? 1 : 0;
            return ready;
        };
        QTRY_COMPARE_WITH_TIMEOUT(readyPods(), 3, 20000);
        auto *deployments = rollout->findChild<QListWidget *>(u"rolloutDeployments"_s);
        QTRY_VERIFY_WITH_TIMEOUT(deployments->item(0)->text().contains(u"successfully rolled out"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(deployments->item(0)->text().contains(u"revision 1 (apply #"_s), 20000);
        QVERIFY(rollout->findChild<QTreeWidget *>(u"rolloutEvents"_s)->topLevelItemCount() > 0);
        // The history tab has the apply.
        auto *history = window.findChild<QTreeWidget *>(u"deployHistory"_s);
        QTRY_COMPARE_WITH_TIMEOUT(history->topLevelItemCount(), 1, 10000);
        QCOMPARE(history->topLevelItem(0)->text(2), u"demo-admin"_s);
        QCOMPARE(history->topLevelItem(0)->text(4), u"model-registry-ui → 1"_s);
        // Scale down (the action the Scale button runs once confirmed): the view shows one pod.
        kube::KubeClient client(*context);
        bool scaled = false;
        deploy::actions::scale(&client, u"kubeflow"_s, u"model-registry-ui"_s, 1, this, [&scaled](const QString &e, const QString &) { scaled = e.isEmpty(); });
        QTRY_VERIFY_WITH_TIMEOUT(scaled, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(pods->model()->rowCount(), 1, 20000);
        // Scaled by hand, the replicas now belong to that change: checking again shows the
        // conflict with its manager and field; with Force conflicts it is a change to apply.
        auto deploymentRow = [objects] { return objects->findItems(u"Deployment/model-registry-ui"_s, Qt::MatchEndsWith).value(0); };
        window.checkDifferences();
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.takeFirst().at(0).toBool(), false);
        QVERIFY(deploymentRow()->text().startsWith(u"error"_s));
        QVERIFY2(deploymentRow()->toolTip().contains(u"conflict with \"deploy-console\""_s) && deploymentRow()->toolTip().contains(u".spec.replicas"_s),
                 qPrintable(deploymentRow()->toolTip()));
        QVERIFY(window.findChild<QLabel *>(u"deployStatus"_s)->text().contains(u"Force conflicts"_s));
        window.findChild<QCheckBox *>(u"forceConflicts"_s)->setChecked(true);
        window.checkDifferences();
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.takeFirst().at(0).toBool(), true);
        QVERIFY(deploymentRow()->text().startsWith(u"changed"_s));
        QCOMPARE(objects->findItems(u"unchanged"_s, Qt::MatchStartsWith).size(), 12);
        server.terminate();
        server.waitForFinished(10000);
    }
};

QTEST_MAIN(TestGuiCluster)
#include "tst_gui_cluster.moc"
