// Deploying against demo-cluster: deployctl diff / apply / status as a user runs them, compared
// with kubectl on the same server (kubectl diff --server-side, kubectl rollout status line by
// line), and the applier in-process for the faults: a conflicting field manager, a shared
// ConfigMap changed during the merge, 403 and a dropped connection in the middle of an apply.
#include "deploy/applier.h"
#include "deploy/applyhistory.h"
#include "deploy/bundlediff.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "config/project.h"
#include "manifests/generator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTest>

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc::deploy;

namespace {

const QStringList Kubeflow{u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s};

// Lines without consecutive repeats.
QStringList squeezed(const QString &text)
{
    QStringList out;
    for (const QString &l : text.split(u'\n', Qt::SkipEmptyParts))
        if (out.isEmpty() || out.constLast() != l)
            out << l;
    return out;
}

} // namespace

class TestDeploy : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

    using DemoClusterHarness::deployctl;
    // deployctl against `s` (render needs no cluster).
    Run deployctl(const Server &s, const QStringList &args)
    {
        return deployctl(args.value(0) == u"render"_s ? args : args + QStringList{u"--kubeconfig"_s, s.kubeconfig});
    }

    static dc::kube::Kubeconfig::Resolved contextOf(const Server &s)
    {
        QString error;
        return *dc::kube::Kubeconfig::load({s.kubeconfig, {}, {}}).resolve({}, &error);
    }

    static dc::Bundle kubeflowBundle()
    {
        return dc::generate(dc::Project{}, dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi});
    }

private Q_SLOTS:
    // diff (new, then nothing, then a changed setting) agrees with kubectl diff --server-side;
    // apply asks first, applies with --yes and records the apply with the Deployment's revision.
    void diffApplyAndHistory()
    {
        const Server s = start({u"--ready-after"_s, u"0.5"_s});
        QVERIFY(s.port);
        // Nothing there yet: status says what kubectl rollout status says.
        Run r = deployctl(s, QStringList{u"status"_s} + Kubeflow);
        const Run missing = kubectl(s, {u"rollout"_s, u"status"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s});
        QCOMPARE(r.code, missing.code);
        QCOMPARE(r.err.trimmed(), missing.err.trimmed());
        r = deployctl(s, QStringList{u"diff"_s} + Kubeflow);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"+++ merged/apps.v1.Deployment.kubeflow.model-registry-ui"_s), qPrintable(r.out));
        // Without a terminal and without --yes nothing is applied.
        r = deployctl(s, QStringList{u"apply"_s} + Kubeflow);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"add --yes"_s));
        QCOMPARE(kubectl(s, {u"get"_s, u"deployment"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 1);
        // A server-side dry run changes nothing either.
        r = deployctl(s, QStringList{u"apply"_s, u"--dry-run=server"_s} + Kubeflow);
        QCOMPARE(r.code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deployment"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 1);

        r = deployctl(s, QStringList{u"apply"_s, u"--yes"_s, u"--output"_s, u"json"_s} + Kubeflow);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QStringList results;
        for (const QJsonValue &step : result[u"apply"_s][u"steps"_s].toArray())
            results << step[u"result"_s].toString();
        QCOMPARE(results.count(u"created"_s), 13);
        QCOMPARE(results.constLast(), u"configured"_s); // the dashboard link merged
        QCOMPARE(result[u"deployments"_s][u"kubeflow/model-registry-ui"_s][u"revision"_s].toInt(), 1);
        // The field manager is ours; kubectl sees no difference, nor do we.
        const Run managers = kubectl(s, {u"get"_s, u"deployment"_s, u"model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--show-managed-fields"_s, u"-o"_s,
                                         u"jsonpath={.metadata.managedFields[*].manager}"_s});
        QVERIFY2(managers.out.split(u' ').contains(u"deploy-console"_s), qPrintable(managers.out));
        const Run rendered = deployctl(s, QStringList{u"render"_s} + Kubeflow);
        QVERIFY(rendered.out.contains(u"kind: Deployment"_s));
        QCOMPARE(kubectl(s, {u"diff"_s, u"--server-side"_s, u"--field-manager"_s, u"deploy-console"_s, u"-f"_s, u"-"_s}, rendered.out.toUtf8()).code, 0);
        QCOMPARE(deployctl(s, QStringList{u"diff"_s} + Kubeflow).code, 0);
        // A changed setting: both see the difference.
        const QStringList changed = Kubeflow + QStringList{u"--set"_s, u"replicas=4"_s};
        r = deployctl(s, QStringList{u"diff"_s} + changed);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"-  replicas: 3\n+  replicas: 4"_s), qPrintable(r.out));
        const Run renderedChanged = deployctl(s, QStringList{u"render"_s} + changed);
        QCOMPARE(kubectl(s, {u"diff"_s, u"--server-side"_s, u"--field-manager"_s, u"deploy-console"_s, u"-f"_s, u"-"_s}, renderedChanged.out.toUtf8()).code, 1);

        // The history has the apply: context, user, target, digest, revision.
        ApplyHistory history(m_dir.filePath(u"data/deploy-console/history.db"_s));
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        const QList<ApplyRecord> records = history.records();
        QCOMPARE(records.size(), 1); // the dry run and the refused apply are not applies
        QCOMPARE(records[0].context, u"demo"_s);
        QCOMPARE(records[0].user, u"demo-admin"_s);
        QCOMPARE(records[0].target, u"kubeflow-production-model-registry-ui"_s);
        QCOMPARE(records[0].digest.size(), 64);
        QVERIFY(records[0].succeeded);
        QCOMPARE(records[0].deployments[u"kubeflow/model-registry-ui"_s][u"revision"_s].toInt(), 1);
    }

    // `deployctl status` says what `kubectl rollout status` says, line by line, with its exit
    // code: a rollout that succeeds, one that misses its progress deadline, a paused one.
    void statusLikeKubectl_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addRow("succeeds") << u"succeeds"_s;
        QTest::addRow("progress deadline") << u"deadline"_s;
        QTest::addRow("paused") << u"paused"_s;
    }

    void statusLikeKubectl()
    {
        QFETCH(QString, scenario);
        const Server s = start({u"--ready-after"_s, u"1"_s});
        QVERIFY(s.port);
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + Kubeflow).code, 0);
        const QStringList deployment{u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s};
        QStringList timeout;
        if (scenario == u"deadline"_s) {
            QCOMPARE(kubectl(s, QStringList{u"patch"_s} + deployment + QStringList{u"--type"_s, u"merge"_s, u"-p"_s, u"{\"spec\":{\"progressDeadlineSeconds\":2}}"_s}).code, 0);
            QCOMPARE(kubectl(s, QStringList{u"set"_s, u"image"_s} + deployment + QStringList{u"model-registry-ui=ghcr.io/kubeflow/model-registry/ui:fail"_s}).code, 0);
        } else if (scenario == u"paused"_s) {
            QCOMPARE(kubectl(s, QStringList{u"rollout"_s, u"status"_s} + deployment).code, 0);
            QCOMPARE(kubectl(s, QStringList{u"rollout"_s, u"pause"_s} + deployment).code, 0);
            QCOMPARE(kubectl(s, QStringList{u"set"_s, u"image"_s} + deployment + QStringList{u"model-registry-ui=ghcr.io/kubeflow/model-registry/ui:v2"_s}).code, 0);
            timeout = {u"--timeout"_s, u"3s"_s};
        }
        // Both at once, on the same rollout.
        QProcess ours, theirs;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        ours.setProcessEnvironment(env);
        ours.start(QStringLiteral(DEPLOYCTL_PATH), QStringList{u"status"_s, u"--watch"_s, u"--kubeconfig"_s, s.kubeconfig} + Kubeflow + timeout);
        theirs.start(QStringLiteral(KUBECTL_PATH), QStringList{u"--kubeconfig"_s, s.kubeconfig, u"rollout"_s, u"status"_s} + deployment
                                                       + (timeout.isEmpty() ? QStringList() : QStringList{u"--timeout=3s"_s}));
        QVERIFY(ours.waitForFinished(60000));
        QVERIFY(theirs.waitForFinished(60000));
        const QStringList ourLines = squeezed(QString::fromUtf8(ours.readAllStandardOutput()));
        const QStringList kubectlLines = squeezed(QString::fromUtf8(theirs.readAllStandardOutput()));
        const QString ourError = QString::fromUtf8(ours.readAllStandardError()).trimmed();
        const QString kubectlError = QString::fromUtf8(theirs.readAllStandardError()).trimmed();
        const QString both = u"deployctl:\n"_s + ourLines.join(u'\n') + u'\n' + ourError + u"\nkubectl:\n"_s + kubectlLines.join(u'\n') + u'\n' + kubectlError;
        QCOMPARE(ours.exitCode(), theirs.exitCode());
        QVERIFY2(ourError == kubectlError, qPrintable(both));
        // The one that started a moment later may have missed the first state; from there on
        // the lines are the same.
        const QStringList &longer = ourLines.size() >= kubectlLines.size() ? ourLines : kubectlLines;
        const QStringList &shorter = ourLines.size() >= kubectlLines.size() ? kubectlLines : ourLines;
        QVERIFY2(!shorter.isEmpty() && longer.mid(longer.size() - shorter.size()) == shorter && longer.size() - shorter.size() <= 1, qPrintable(both));
        if (scenario == u"succeeds"_s) {
            QCOMPARE(ours.exitCode(), 0);
            QCOMPARE(ourLines.constLast(), u"deployment \"model-registry-ui\" successfully rolled out"_s);
        } else if (scenario == u"deadline"_s) {
            QCOMPARE(ours.exitCode(), 1);
            QCOMPARE(ourError, u"error: deployment \"model-registry-ui\" exceeded its progress deadline"_s);
        } else {
            QCOMPARE(ours.exitCode(), 1);
            QCOMPARE(ourError, u"error: timed out waiting for the condition"_s);
        }
    }

    // Two applies make two revisions; history names the apply of each; rollback goes back as
    // kubectl rollout undo does, with kubectl's words when it cannot.
    void historyAndRollback()
    {
        const Server s = start({u"--ready-after"_s, u"0.2"_s});
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + Kubeflow).code, 0);
        const QStringList newer = Kubeflow + QStringList{u"--set"_s, u"image.tag=v0.4.0"_s};
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + newer).code, 0);
        Run r = deployctl(s, QStringList{u"history"_s, u"--output"_s, u"json"_s} + Kubeflow);
        QCOMPARE(r.code, 0);
        const QJsonArray revisions = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"revisions"_s).toArray();
        QCOMPARE(revisions.size(), 2);
        QCOMPARE(revisions[0][u"images"_s][0].toString(), u"ghcr.io/kubeflow/model-registry/ui:v0.3.8"_s);
        // Each revision names the apply that made it (the history holds this test's other applies too).
        const int first = revisions[0][u"applied"_s].toString().section(u' ', 0, 0).mid(1).toInt();
        const int second = revisions[1][u"applied"_s].toString().section(u' ', 0, 0).mid(1).toInt();
        QVERIFY2(first > 0 && second == first + 1 && revisions[1][u"applied"_s].toString().endsWith(u"by demo-admin"_s), qPrintable(r.out));
        QVERIFY(revisions[1][u"current"_s].toBool());
        const QStringList deployment{u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s};
        QCOMPARE(kubectl(s, QStringList{u"rollout"_s, u"history"_s} + deployment).out.count(u"<none>"_s), 2);

        // Not there: the same words as kubectl.
        r = deployctl(s, QStringList{u"rollback"_s, u"--yes"_s, u"--to-revision"_s, u"9"_s} + Kubeflow);
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.trimmed(), kubectl(s, QStringList{u"rollout"_s, u"undo"_s, u"--to-revision=9"_s} + deployment).err.trimmed());
        // Without --yes and a terminal: nothing happens.
        QCOMPARE(deployctl(s, QStringList{u"rollback"_s} + Kubeflow).code, 2);
        r = deployctl(s, QStringList{u"rollback"_s, u"--yes"_s} + Kubeflow);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), u"deployment.apps/model-registry-ui rolled back"_s);
        QCOMPARE(kubectl(s, QStringList{u"get"_s} + deployment + QStringList{u"-o"_s, u"jsonpath={.spec.template.spec.containers[0].image}"_s}).out,
                 u"ghcr.io/kubeflow/model-registry/ui:v0.3.8"_s);
        QCOMPARE(deployctl(s, QStringList{u"status"_s, u"--watch"_s, u"--timeout"_s, u"60s"_s} + Kubeflow).code, 0);
        // Paused: refused as kubectl refuses it (naming our resume instead of kubectl's).
        QCOMPARE(deployctl(s, QStringList{u"pause"_s, u"--yes"_s} + Kubeflow).code, 0);
        r = deployctl(s, QStringList{u"rollback"_s, u"--yes"_s} + Kubeflow);
        QCOMPARE(r.code, 1);
        const QString refusal = u"error: you cannot rollback a paused deployment; resume it first"_s;
        QVERIFY2(r.err.startsWith(refusal) && r.err.contains(u"deployctl resume"_s), qPrintable(r.err));
        QVERIFY(kubectl(s, QStringList{u"rollout"_s, u"undo"_s} + deployment).err.startsWith(refusal));
        QCOMPARE(deployctl(s, QStringList{u"resume"_s, u"--yes"_s} + Kubeflow).code, 0);
        QCOMPARE(deployctl(s, QStringList{u"scale"_s, u"--yes"_s, u"--replicas"_s, u"2"_s} + Kubeflow).code, 0);
        QCOMPARE(kubectl(s, QStringList{u"get"_s} + deployment + QStringList{u"-o"_s, u"jsonpath={.spec.replicas}"_s}).out, u"2"_s);
        r = deployctl(s, QStringList{u"restart"_s, u"--yes"_s} + Kubeflow);
        QCOMPARE(r.code, 0);
        QVERIFY(!kubectl(s, QStringList{u"get"_s} + deployment + QStringList{u"-o"_s, u"jsonpath={.spec.template.metadata.annotations}"_s}).out.isEmpty());
    }

    // Another field manager owns spec.replicas (kubectl scale): the apply stops there, naming
    // the manager and the field; --force-conflicts takes it over.
    void conflictingManager()
    {
        const Server s = start();
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + Kubeflow).code, 0);
        QCOMPARE(kubectl(s, {u"scale"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"--replicas=5"_s}).code, 0);
        const QStringList changed = Kubeflow + QStringList{u"--set"_s, u"replicas=4"_s};
        Run r = deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + changed);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(u"conflict with \"kubectl"_s) && r.err.contains(u".spec.replicas"_s) && r.err.contains(u"--force-conflicts"_s), qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"jsonpath={.spec.replicas}"_s}).out, u"5"_s);
        r = deployctl(s, QStringList{u"apply"_s, u"--yes"_s, u"--force-conflicts"_s} + changed);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"deployment/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"jsonpath={.spec.replicas}"_s}).out, u"4"_s);
    }

    // Another team changes the dashboard's links between our read and our write: the write is
    // refused (resourceVersion), read again and merged again; both entries stay.
    void mergeRetriedOnConcurrentChange()
    {
        const Server s = start();
        dc::kube::KubeClient client(contextOf(s));
        Applier applier(&client, kubeflowBundle(), {});
        bool interfered = false;
        connect(&applier, &Applier::mergeRead, this, [&](int, int attempt) {
            if (attempt != 1)
                return;
            const Run get = kubectl(s, {u"get"_s, u"configmap/centraldashboard-config"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"jsonpath={.data.links}"_s});
            QJsonObject links = QJsonDocument::fromJson(get.out.toUtf8()).object();
            QJsonArray menu = links.value(u"menuLinks"_s).toArray();
            menu.append(QJsonObject{{u"type"_s, u"item"_s}, {u"link"_s, u"/other-team/"_s}, {u"text"_s, u"Other team"_s}, {u"icon"_s, u"book"_s}});
            links.insert(u"menuLinks"_s, menu);
            const QJsonObject patch{{u"data"_s, QJsonObject{{u"links"_s, QString::fromUtf8(QJsonDocument(links).toJson(QJsonDocument::Compact))}}}};
            interfered = kubectl(s, {u"patch"_s, u"configmap/centraldashboard-config"_s, u"-n"_s, u"kubeflow"_s, u"--type"_s, u"merge"_s, u"-p"_s,
                                     QString::fromUtf8(QJsonDocument(patch).toJson(QJsonDocument::Compact))})
                             .code
                == 0;
        });
        QSignalSpy finished(&applier, &Applier::finished);
        applier.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(interfered);
        QVERIFY2(applier.succeeded(), qPrintable(applier.summary()));
        QCOMPARE(applier.steps().constLast().retries, 1);
        const Run get = kubectl(s, {u"get"_s, u"configmap/centraldashboard-config"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"jsonpath={.data.links}"_s});
        QStringList linkTargets;
        for (const QJsonValue &l : QJsonDocument::fromJson(get.out.toUtf8()).object().value(u"menuLinks"_s).toArray())
            linkTargets << l[u"link"_s].toString();
        QVERIFY2(linkTargets.contains(u"/other-team/"_s) && linkTargets.contains(u"/model-registry/"_s), qPrintable(get.out));
    }

    // 403 in the middle: the steps before it are applied, the summary says exactly that.
    void forbiddenMidway()
    {
        const Server s = start({u"--deny"_s, u"patch:deployments:kubeflow"_s});
        dc::kube::KubeClient client(contextOf(s));
        Applier applier(&client, kubeflowBundle(), {});
        QSignalSpy finished(&applier, &Applier::finished);
        applier.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(!applier.succeeded());
        const QString summary = applier.summary();
        QVERIFY2(summary.startsWith(u"8 of 14 steps done; created: ServiceAccount/model-registry-ui, "_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"; failed: Deployment/model-registry-ui; not attempted: PodDisruptionBudget/model-registry-ui, "_s), qPrintable(summary));
        QVERIFY(applier.steps().at(8).message.contains(u"cannot patch resource \"deployments\""_s));
        QCOMPARE(kubectl(s, {u"get"_s, u"service/model-registry-ui-service"_s, u"-n"_s, u"kubeflow"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"poddisruptionbudget/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 1);
    }

    // An object the bundle no longer has (the PodDisruptionBudget, turned off): listed by diff,
    // kept by apply, deleted by apply --prune.
    void prune()
    {
        const Server s = start();
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + Kubeflow).code, 0);
        const QStringList withoutPdb = Kubeflow + QStringList{u"--set"_s, u"pdb.enabled=false"_s};
        Run r = deployctl(s, QStringList{u"diff"_s, u"--output"_s, u"json"_s} + withoutPdb);
        const QJsonArray candidates = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"pruneCandidates"_s).toArray();
        QVERIFY2(candidates.size() == 1 && candidates[0][u"kind"_s].toString() == u"PodDisruptionBudget"_s, qPrintable(r.out.left(3000)));
        QCOMPARE(deployctl(s, QStringList{u"apply"_s, u"--yes"_s} + withoutPdb).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"poddisruptionbudget/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 0);
        r = deployctl(s, QStringList{u"apply"_s, u"--yes"_s, u"--prune"_s} + withoutPdb);
        QVERIFY2(r.code == 0 && r.out.contains(u"deleted     delete PodDisruptionBudget/model-registry-ui in kubeflow"_s), qPrintable(r.out + r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"poddisruptionbudget/model-registry-ui"_s, u"-n"_s, u"kubeflow"_s}).code, 1);
    }

    // The token is revoked half-way (the user's tokenFile changes, read per request): 401 at the
    // next step, and the summary says what was applied before.
    void unauthorizedMidway()
    {
        const Server s = start({u"--tls"_s, u"--token"_s, u"first-token-0123456789"_s});
        dc::kube::Kubeconfig::Resolved context = contextOf(s);
        const QString tokenFile = m_dir.filePath(u"token"_s);
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("first-token-0123456789\n");
        f.close();
        context.user.token.clear();
        context.user.tokenFile = tokenFile;
        dc::kube::KubeClient client(context);
        Applier applier(&client, kubeflowBundle(), {});
        connect(&applier, &Applier::stepFinished, this, [&](int index) {
            if (index == 1) {
                QFile rotated(tokenFile);
                QVERIFY(rotated.open(QIODevice::WriteOnly | QIODevice::Truncate));
                rotated.write("revoked\n");
            }
        });
        QSignalSpy finished(&applier, &Applier::finished);
        applier.start();
        QVERIFY(finished.wait(60000));
        QCOMPARE(applier.steps().at(2).result, ApplyStep::Result::Failed);
        QVERIFY2(applier.summary().startsWith(u"2 of 14 steps done; created: ServiceAccount/model-registry-ui, ClusterRole/model-registry-ui-services-reader; failed: "_s),
                 qPrintable(applier.summary()));
        QVERIFY2(applier.steps().at(2).message.contains(u"Unauthorized"_s), qPrintable(applier.steps().at(2).message));
    }

    // A slow server (every answer 400 ms late): steps come one by one, and cancel stops the run
    // at once, the rest not attempted.
    void slowServerCancel()
    {
        const Server s = start({u"--latency"_s, u"400"_s});
        dc::kube::KubeClient client(contextOf(s));
        Applier applier(&client, kubeflowBundle(), {});
        QSignalSpy finished(&applier, &Applier::finished);
        connect(&applier, &Applier::stepFinished, &applier, [&applier](int index) {
            if (index == 0)
                applier.cancel();
        });
        applier.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(applier.steps().at(0).result, ApplyStep::Result::Created);
        QCOMPARE(applier.steps().at(1).result, ApplyStep::Result::NotAttempted);
        QVERIFY2(applier.summary().startsWith(u"1 of 14 steps done; created: ServiceAccount/model-registry-ui; not attempted: "_s), qPrintable(applier.summary()));
        QCOMPARE(kubectl(s, {u"get"_s, u"clusterrole/model-registry-ui-services-reader"_s}).code, 1);
    }

    // The server goes away after the fourth step: the summary names what was applied.
    void connectionDroppedMidway()
    {
        Server s = start();
        dc::kube::KubeClient client(contextOf(s));
        client.setTimeout(5000);
        Applier applier(&client, kubeflowBundle(), {});
        connect(&applier, &Applier::stepFinished, this, [&](int index) {
            if (index == 3) {
                s.process->kill();
                s.process->waitForFinished();
            }
        });
        QSignalSpy finished(&applier, &Applier::finished);
        applier.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(!applier.succeeded());
        QCOMPARE(applier.steps().at(3).result, ApplyStep::Result::Created);
        QCOMPARE(applier.steps().at(4).result, ApplyStep::Result::Failed);
        QVERIFY2(applier.summary().startsWith(u"4 of 14 steps done; created: ServiceAccount/model-registry-ui, ClusterRole/model-registry-ui-services-reader, "
                                              "ClusterRole/model-registry-ui-retrieve-clusterrolebindings, ClusterRole/model-registry-ui-create-sars; failed: "
                                              "ClusterRoleBinding/model-registry-ui-services-reader; not attempted: "_s),
                 qPrintable(applier.summary()));
    }
};

QTEST_GUILESS_MAIN(TestDeploy)
#include "tst_deploy.moc"
