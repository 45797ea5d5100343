// Following a rollout against demo-cluster: the Reflector through an expired resourceVersion
// (410: listed again) and the rollout monitor through a server that stops and comes back with
// its state (the model ends with the right pods), plus the model's pod states.
#include "config/project.h"
#include "deploy/rolloutmonitor.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kube/paths.h"
#include "kube/reflector.h"
#include "manifests/generator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc::deploy;

class TestRollout : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

    static dc::kube::Kubeconfig::Resolved contextOf(const Server &s)
    {
        QString error;
        return *dc::kube::Kubeconfig::load({s.kubeconfig, {}, {}}).resolve({}, &error);
    }

    static dc::Bundle bundle()
    {
        return dc::generate(dc::Project{}, dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi});
    }

    int apply(const Server &s)
    {
        return deployctl({u"apply"_s, u"--yes"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--kubeconfig"_s, s.kubeconfig}).code;
    }

    static int readyPods(RolloutModel *model)
    {
        const QList<DeploymentState> d = model->deployments();
        if (d.isEmpty())
            return -1;
        int ready = 0;
        for (const PodState &p : model->podsOf(d[0].uid))
            ready += p.ready == p.containers && p.containers > 0 && !p.terminating ? 1 : 0;
        return ready;
    }

private Q_SLOTS:
    // Changes made between the list and the watch push its resourceVersion out of the server's
    // short history: the watch gets 410 Expired and the reflector lists again, seeing them.
    void expiredResourceVersion()
    {
        const Server s = start({u"--watch-history"_s, u"2"_s});
        QVERIFY(s.port);
        dc::kube::KubeClient client(contextOf(s));
        dc::kube::Reflector reflector(&client, dc::kube::collectionPath(u"v1"_s, u"ConfigMap"_s, u"default"_s));
        QStringList names;
        int lists = 0;
        connect(&reflector, &dc::kube::Reflector::listed, this, [&](const QList<QJsonObject> &items) {
            names.clear();
            for (const QJsonObject &o : items)
                names << o[u"metadata"_s][u"name"_s].toString();
            if (++lists == 1) // before the watch starts
                for (int i = 0; i < 4; ++i)
                    QCOMPARE(kubectl(s, {u"create"_s, u"configmap"_s, u"between-%1"_s.arg(i)}).code, 0);
        });
        connect(&reflector, &dc::kube::Reflector::event, this, [&](const QString &type, const QJsonObject &o) {
            if (type == u"ADDED"_s)
                names << o[u"metadata"_s][u"name"_s].toString();
        });
        reflector.start();
        QTRY_VERIFY_WITH_TIMEOUT(names.contains(u"between-3"_s), 15000);
        QCOMPARE(reflector.relists(), 1);
        QVERIFY(lists >= 2);
        // And it keeps watching.
        QCOMPARE(kubectl(s, {u"create"_s, u"configmap"_s, u"after"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(names.contains(u"after"_s), 15000);
    }

    // The API server stops in the middle of the watch and comes back (same port, same state):
    // the monitor says the connection is lost, then back, and its model has the pods the
    // cluster has after a change made meanwhile.
    void serverRestartedMidWatch()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            port = probe.serverPort();
        }
        const QString state = m_dir.filePath(u"state"_s);
        const QStringList options{u"--port"_s, QString::number(port), u"--state"_s, state, u"--ready-after"_s, u"0.2"_s};
        Server s = start(options);
        QVERIFY(s.port);
        QCOMPARE(apply(s), 0);
        dc::kube::KubeClient client(contextOf(s));
        client.setTimeout(3000);
        RolloutMonitor monitor(&client, bundle());
        QSignalSpy connection(&monitor, &RolloutMonitor::connectionChanged);
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(readyPods(monitor.model()), 3, 20000);

        s.process->kill();
        s.process->waitForFinished();
        QTRY_VERIFY_WITH_TIMEOUT(!connection.isEmpty() && !connection.constLast().at(0).toBool(), 20000);
        Server again = start(options);
        QCOMPARE(again.port, port);
        QCOMPARE(kubectl(again, {u"scale"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--replicas=1"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(connection.constLast().at(0).toBool(), 40000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.model()->podsOf(monitor.model()->deployments().value(0).uid).size(), 1, 40000);
        const DeploymentState d = monitor.model()->deployments().value(0);
        QCOMPARE(d.replicas, 1);
        QCOMPARE(d.revision, 1);
        QVERIFY(!monitor.model()->replicaSetsOf(d.uid).isEmpty());
        QVERIFY(!monitor.model()->events().isEmpty()); // ScalingReplicaSet and the pods' events
    }

    // A crash-looping image: the pods say CrashLoopBackOff with their restarts.
    void podStates()
    {
        const Server s = start({u"--ready-after"_s, u"0.2"_s, u"--speed"_s, u"50"_s});
        QCOMPARE(apply(s), 0);
        dc::kube::KubeClient client(contextOf(s));
        RolloutMonitor monitor(&client, bundle());
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(readyPods(monitor.model()), 3, 20000);
        QCOMPARE(kubectl(s, {u"set"_s, u"image"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"model-registry-ui=ghcr.io/kubeflow/model-registry/ui:crash"_s})
                     .code,
                 0);
        auto crashing = [&monitor] {
            const QList<DeploymentState> d = monitor.model()->deployments();
            for (const PodState &p : monitor.model()->podsOf(d.value(0).uid))
                if (p.reason == u"CrashLoopBackOff"_s && p.restarts > 0 && monitor.model()->revisionOfPod(p) == 2)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(crashing(), 30000);
        QCOMPARE(monitor.model()->deployments().value(0).revision, 2);
        QCOMPARE(readyPods(monitor.model()), 3); // maxUnavailable 0: the old pods keep serving
    }
};

QTEST_GUILESS_MAIN(TestRollout)
#include "tst_rollout.moc"
