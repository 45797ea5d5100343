// demo-cluster as kubectl sees the rest of the API: field ownership (managedFields of every
// write, client-side to server-side apply), and the API areas that came after the first suites.
#include "manifests/generator.h"
#include "config/project.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc;

namespace {

QJsonObject jsonOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// manager/operation[/subresource] of each managedFields entry.
QStringList managersOf(const QJsonObject &object)
{
    QStringList out;
    for (const QJsonValue &v : object.value(u"metadata"_s).toObject().value(u"managedFields"_s).toArray()) {
        const QJsonObject e = v.toObject();
        QString text = e.value(u"manager"_s).toString() + u'/' + e.value(u"operation"_s).toString();
        if (e.contains(u"subresource"_s))
            text += u'/' + e.value(u"subresource"_s).toString();
        out << text;
    }
    return out;
}

const QByteArray Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n"
                              "  labels: {app: web, tier: front}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
                              "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
                              "      - name: web\n        image: nginx:1.27\n        ports: [{containerPort: 80}]\n";

} // namespace

class TestDemoClusterApi : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(KUBECTL_PATH)));
        m_shared = start({u"--ready-after"_s, u"0.2"_s});
        QVERIFY(m_shared.port);
        // A CronJob due every minute: the last test looks at what it started meanwhile.
        QCOMPARE(kubectl(m_shared, {u"create"_s, u"cronjob"_s, u"every-minute"_s, u"--image=busybox"_s, u"--schedule=* * * * *"_s,
                                    u"--"_s, u"sleep"_s, u"1"_s}).code, 0);
    }

    // Every write records its field manager as a real API server does.
    void managedFieldsOfUpdates()
    {
        const Server &s = m_shared;
        QCOMPARE(kubectl(s, {u"create"_s, u"configmap"_s, u"owned"_s, u"--from-literal=a=1"_s}).code, 0);
        Run r = kubectl(s, {u"get"_s, u"cm"_s, u"owned"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        QCOMPARE(managersOf(jsonOf(r.out)), QStringList{u"kubectl-create/Update"_s});
        const QJsonObject fields = jsonOf(r.out)[u"metadata"_s][u"managedFields"_s][0][u"fieldsV1"_s].toObject();
        QVERIFY2(fields[u"f:data"_s].toObject().contains(u"f:a"_s), qPrintable(r.out));
        // kubectl label takes only the label; an unchanged patch records nothing.
        QCOMPARE(kubectl(s, {u"label"_s, u"cm"_s, u"owned"_s, u"team=ml"_s}).code, 0);
        r = kubectl(s, {u"get"_s, u"cm"_s, u"owned"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        const QJsonObject labelled = jsonOf(r.out);
        QCOMPARE(managersOf(labelled), (QStringList{u"kubectl-create/Update"_s, u"kubectl-label/Update"_s}));
        QCOMPARE(labelled[u"metadata"_s][u"managedFields"_s][1][u"fieldsV1"_s].toObject(),
                 QJsonObject({{u"f:metadata"_s, QJsonObject{{u"f:labels"_s, QJsonObject{{u"f:team"_s, QJsonObject()}}}}}}));
        QCOMPARE(kubectl(s, {u"patch"_s, u"cm"_s, u"owned"_s, u"-p"_s, u"{\"data\":{\"a\":\"1\"}}"_s}).out.trimmed(), u"configmap/owned patched (no change)"_s);
        // kubectl edit with the file unchanged in between (an editor that only saves).
        r = kubectl(s, {u"get"_s, u"cm"_s, u"owned"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        QCOMPARE(jsonOf(r.out)[u"metadata"_s][u"resourceVersion"_s], labelled[u"metadata"_s][u"resourceVersion"_s]);
        // Without --show-managed-fields kubectl hides them, as it does on a real cluster.
        QVERIFY(!kubectl(s, {u"get"_s, u"cm"_s, u"owned"_s, u"-o"_s, u"yaml"_s}).out.contains(u"managedFields"_s));
    }

    // kubectl apply, then kubectl apply --server-side: kubectl moves the ownership of its
    // client-side apply to the server-side manager; no conflict, no warning, and a field left out
    // of the configuration afterwards is removed.
    void clientSideToServerSideApply()
    {
        const Server &s = m_shared;
        Run r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, Deployment);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err, QString());
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        QVERIFY2(managersOf(jsonOf(r.out)).contains(u"kubectl-client-side-apply/Update"_s), qPrintable(r.out));
        QByteArray changed = Deployment;
        changed.replace("replicas: 2", "replicas: 3").replace("nginx:1.27", "nginx:1.28");
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, changed);
        QVERIFY2(r.code == 0 && r.err.isEmpty(), qPrintable(r.out + r.err));
        QCOMPARE(r.out.trimmed(), u"deployment.apps/web serverside-applied"_s);
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        QJsonObject live = jsonOf(r.out);
        QVERIFY2(managersOf(live).contains(u"kubectl/Apply"_s) && !managersOf(live).contains(u"kubectl-client-side-apply/Update"_s),
                 qPrintable(managersOf(live).join(u", "_s)));
        QCOMPARE(live[u"spec"_s][u"replicas"_s].toInt(), 3);
        // The server keeps kubectl's annotation in step, so client-side apply still works after.
        QVERIFY(live[u"metadata"_s][u"annotations"_s][u"kubectl.kubernetes.io/last-applied-configuration"_s].toString().contains(u"nginx:1.28"_s));
        // The "tier" label was client-side applied; left out now, it goes.
        changed.replace(", tier: front", "");
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, changed).code, 0);
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"jsonpath={.metadata.labels}"_s});
        QCOMPARE(jsonOf(r.out), QJsonObject({{u"app"_s, u"web"_s}}));
        // Applying the same again changes nothing (once the controller is done with the rollout).
        QCOMPARE(kubectl(s, {u"rollout"_s, u"status"_s, u"deploy/web"_s, u"--timeout=30s"_s}).code, 0);
        const QString rv = kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s}).out;
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, changed).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s}).out, rv);
        QCOMPARE(kubectl(s, {u"diff"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, changed).code, 0);
    }

    // A second field manager applying only spec.replicas: a conflict while kubectl owns the
    // field with another value, taken over with --force-conflicts; kubectl's next apply without
    // replicas leaves them to the new owner.
    void secondManagerTakesReplicas()
    {
        const Server &s = m_shared;
        const QByteArray base = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shared, namespace: default}\nspec:\n"
                                "  replicas: 1\n  selector: {matchLabels: {app: shared}}\n  template:\n    metadata: {labels: {app: shared}}\n"
                                "    spec: {containers: [{name: c, image: nginx:1.27}]}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, base).code, 0);
        const QByteArray scaler = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shared, namespace: default}\nspec: {replicas: 4}\n";
        Run r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"autoscaler"_s, u"-f"_s, u"-"_s}, scaler);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(u"conflict with \"kubectl\": .spec.replicas"_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"--field-manager"_s, u"autoscaler"_s, u"--force-conflicts"_s, u"-f"_s, u"-"_s}, scaler);
        QCOMPARE(r.code, 0);
        QByteArray withoutReplicas = base;
        withoutReplicas.replace("  replicas: 1\n", "");
        QCOMPARE(kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, withoutReplicas).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"deploy"_s, u"shared"_s, u"-o"_s, u"jsonpath={.spec.replicas}"_s}).out, u"4"_s);
        // kubectl scale writes through the scale subresource, and is recorded as such.
        QCOMPARE(kubectl(s, {u"scale"_s, u"deploy/shared"_s, u"--replicas=2"_s}).code, 0);
        r = kubectl(s, {u"get"_s, u"deploy"_s, u"shared"_s, u"-o"_s, u"json"_s, u"--show-managed-fields"_s});
        QVERIFY2(managersOf(jsonOf(r.out)).filter(u"/Update/scale"_s).size() == 1, qPrintable(managersOf(jsonOf(r.out)).join(u", "_s)));
    }

    // Jobs run their pods to completion: kubectl create job, kubectl wait --for=condition=complete,
    // the pod's Completed status and the Job's columns.
    void jobRunsToCompletion()
    {
        const Server &s = m_shared;
        QCOMPARE(kubectl(s, {u"create"_s, u"job"_s, u"once"_s, u"--image=busybox"_s, u"--"_s, u"sleep"_s, u"1"_s}).code, 0);
        Run r = kubectl(s, {u"wait"_s, u"--for=condition=complete"_s, u"job/once"_s, u"--timeout=30s"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = kubectl(s, {u"get"_s, u"job"_s, u"once"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE"_s))
                     && r.out.contains(QRegularExpression(u"once\\s+Complete\\s+1/1\\s+\\d+s\\s+\\d+s"_s)),
                 qPrintable(r.out));
        r = kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"batch.kubernetes.io/job-name=once"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"once-\\w{5}\\s+0/1\\s+Completed\\s+0"_s)), qPrintable(r.out));
        // A bare pod that runs to completion (kubectl run --restart=Never), and one that keeps running.
        QCOMPARE(kubectl(s, {u"run"_s, u"one-shot"_s, u"--image=busybox"_s, u"--restart=Never"_s, u"--"_s, u"sleep"_s, u"1"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"run"_s, u"server"_s, u"--image=nginx"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for=jsonpath={.status.phase}=Succeeded"_s, u"pod/one-shot"_s, u"--timeout=30s"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for=condition=Ready"_s, u"pod/server"_s, u"--timeout=30s"_s}).code, 0);
        // Deleting the Job takes its pods with it.
        QCOMPARE(kubectl(s, {u"delete"_s, u"job"_s, u"once"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"batch.kubernetes.io/job-name=once"_s, u"-o"_s, u"name"_s}).out.isEmpty(), 10000);
    }

    // A Job whose pods fail stops at its backoffLimit, Failed; an invalid Job or CronJob is refused.
    void jobFailsAtBackoffLimit()
    {
        const Server &s = m_shared;
        const QByteArray job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: broken, namespace: default}\nspec:\n  backoffLimit: 0\n"
                               "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: 'example/tool:crash'}]\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, job).code, 0);
        Run r = kubectl(s, {u"wait"_s, u"--for=condition=failed"_s, u"job/broken"_s, u"--timeout=30s"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kubectl(s, {u"get"_s, u"job"_s, u"broken"_s, u"-o"_s, u"jsonpath={.status.failed} {.status.conditions[?(@.type==\"Failed\")].reason}"_s}).out,
                 u"1 BackoffLimitExceeded"_s);
        QVERIFY(kubectl(s, {u"get"_s, u"pods"_s, u"-l"_s, u"job-name=broken"_s}).out.contains(QRegularExpression(u"broken-\\w{5}\\s+0/1\\s+Error"_s)));
        QVERIFY(kubectl(s, {u"get"_s, u"events"_s, u"--field-selector"_s, u"involvedObject.name=broken"_s}).out.contains(u"BackoffLimitExceeded"_s));
        QByteArray always = job;
        always.replace("restartPolicy: Never", "restartPolicy: Always").replace("name: broken", "name: always");
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, always);
        QVERIFY2(r.code != 0 && r.err.contains(u"spec.template.spec.restartPolicy: Unsupported value: \"Always\""_s), qPrintable(r.err));
        r = kubectl(s, {u"create"_s, u"cronjob"_s, u"bad"_s, u"--image=busybox"_s, u"--schedule=61 * * * *"_s});
        QVERIFY2(r.code != 0 && r.err.contains(u"spec.schedule: Invalid value: \"61 * * * *\""_s), qPrintable(r.err));
    }

    // kubectl logs: start-up, readiness and request lines of a serving pod, --tail, --timestamps,
    // -c, -f until a pod that runs to completion ends; the crash of a ":crash" image, --previous.
    void logsFollowWhatPodsDo()
    {
        const Server &s = m_shared;
        const QByteArray pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: talker, namespace: default}\nspec:\n  containers:\n"
                               "  - {name: app, image: 'example/app:1', ports: [{containerPort: 8080}]}\n"
                               "  - {name: sidecar, image: 'example/proxy:1'}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, pod).code, 0);
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for=condition=Ready"_s, u"pod/talker"_s, u"--timeout=30s"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"logs"_s, u"talker"_s, u"-c"_s, u"app"_s}).out.contains(u"msg=\"request\""_s), 10000);
        Run r = kubectl(s, {u"logs"_s, u"talker"_s, u"-c"_s, u"app"_s});
        QVERIFY2(r.out.startsWith(u"time="_s) && r.out.contains(u"msg=\"starting\" container=app image=example/app:1"_s)
                     && r.out.contains(u"msg=\"listening\" address=:8080"_s) && r.out.contains(u"msg=\"ready\""_s),
                 qPrintable(r.out));
        r = kubectl(s, {u"logs"_s, u"talker"_s, u"-c"_s, u"app"_s, u"--tail=1"_s, u"--timestamps"_s});
        QCOMPARE(r.out.count(u'\n'), 1);
        QVERIFY2(r.out.contains(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z time="_s)), qPrintable(r.out));
        // Two containers: kubectl picks the first and says so; a wrong name is refused.
        r = kubectl(s, {u"logs"_s, u"talker"_s});
        QVERIFY2(r.code == 0 && r.err.contains(u"Defaulted container \"app\""_s), qPrintable(r.err));
        r = kubectl(s, {u"logs"_s, u"talker"_s, u"-c"_s, u"nope"_s});
        QVERIFY2(r.code != 0 && r.err.contains(u"container nope is not valid for pod talker"_s), qPrintable(r.err));
        // exec and port-forward are refused with the reason.
        r = kubectl(s, {u"exec"_s, u"talker"_s, u"--"_s, u"true"_s});
        QVERIFY2(r.code != 0 && r.err.contains(u"demo-cluster simulates its containers"_s), qPrintable(r.err));
        // -f follows a Job's pod until it finishes, then kubectl exits by itself.
        QCOMPARE(kubectl(s, {u"create"_s, u"job"_s, u"followed"_s, u"--image=busybox"_s, u"--"_s, u"sleep"_s, u"2"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"logs"_s, u"job/followed"_s}).code == 0, 10000);
        r = kubectl(s, {u"logs"_s, u"-f"_s, u"job/followed"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"msg=\"finished\" duration=2s"_s), qPrintable(r.out + r.err));
    }

    void logsOfACrashLoop()
    {
        const Server s = start({u"--ready-after"_s, u"0.2"_s, u"--speed"_s, u"20"_s});
        QCOMPARE(kubectl(s, {u"run"_s, u"crashy"_s, u"--image=example/app:crash"_s}).code, 0);
        Run r = kubectl(s, {u"logs"_s, u"crashy"_s, u"--previous"_s});
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"logs"_s, u"crashy"_s}).code == 0, 10000);
        QVERIFY2(r.code != 0
                     && (r.err.contains(u"previous terminated container \"crashy\" in pod \"crashy\" not found"_s)
                         || r.err.contains(u"is waiting to start"_s)),
                 qPrintable(r.err));
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"logs"_s, u"crashy"_s, u"--previous"_s}).code == 0, 10000);
        r = kubectl(s, {u"logs"_s, u"crashy"_s, u"--previous"_s});
        QVERIFY2(r.out.contains(u"simulated crash (image tag :crash)"_s), qPrintable(r.out));
        QVERIFY(kubectl(s, {u"logs"_s, u"crashy"_s}).out.contains(u"msg=\"starting\" container=crashy"_s));
    }

    // kubectl get -w keeps its columns: every watch event is a Table when kubectl asks for one.
    void watchKeepsColumns()
    {
        const Server &s = m_shared;
        QCOMPARE(kubectl(s, {u"create"_s, u"deployment"_s, u"watched"_s, u"--image=nginx"_s}).code, 0);
        QProcess watch;
        watch.start(QStringLiteral(KUBECTL_PATH), {u"--kubeconfig"_s, s.kubeconfig, u"--cache-dir"_s, m_dir.filePath(u"cache-watch"_s), u"get"_s,
                                                  u"deploy"_s, u"watched"_s, u"-w"_s, u"-o"_s, u"wide"_s});
        QVERIFY(watch.waitForStarted());
        QByteArray out;
        auto seen = [&](const QString &pattern) {
            watch.waitForReadyRead(100);
            out += watch.readAllStandardOutput();
            return QString::fromUtf8(out).contains(QRegularExpression(pattern));
        };
        // The first row comes from the list; the watch is open once it is printed.
        QTRY_VERIFY_WITH_TIMEOUT(seen(u"watched\\s+\\d/1\\s"_s), 15000);
        // Later rows come from watch events, with the same columns (-o wide ones too).
        QCOMPARE(kubectl(s, {u"scale"_s, u"deploy/watched"_s, u"--replicas=2"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(seen(u"watched\\s+2/2\\s+2\\s+2\\s+\\d+s\\s+nginx\\s+nginx\\s+app=watched"_s), 15000);
        QVERIFY2(out.startsWith("NAME") && out.count("NAME ") == 1, out.constData());
        watch.kill();
        watch.waitForFinished();
    }

    // kubectl explain reads /openapi/v3: built-in kinds, the cluster's CRD kinds and a CRD a user
    // applies; that CRD's objects are checked against its openAPIV3Schema.
    void explainAndCrdSchemas()
    {
        const Server &s = m_shared;
        Run r = kubectl(s, {u"explain"_s, u"deployment.spec.replicas"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"KIND:       Deployment"_s) && r.out.contains(u"FIELD: replicas <integer>"_s)
                     && r.out.contains(u"Number of desired pods"_s),
                 qPrintable(r.out + r.err));
        r = kubectl(s, {u"explain"_s, u"pod.spec.containers.image"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"FIELD: image <string>"_s), qPrintable(r.out + r.err));
        r = kubectl(s, {u"explain"_s, u"cronjob.spec"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"schedule\t<string> -required-"_s), qPrintable(r.out + r.err));
        r = kubectl(s, {u"explain"_s, u"virtualservice.spec.hosts"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"GROUP:      networking.istio.io"_s) && r.out.contains(u"FIELD: hosts <[]string>"_s),
                 qPrintable(r.out + r.err));
        const QByteArray crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
                               "spec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget}\n"
                               "  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n"
                               "        type: object\n        properties:\n          spec:\n            type: object\n"
                               "            description: What the widget should be.\n            required: [size]\n            properties:\n"
                               "              size: {type: integer, minimum: 1, description: How big the widget is.}\n"
                               "              color: {type: string, enum: [red, blue]}\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, crd).code, 0);
        QCOMPARE(kubectl(s, {u"wait"_s, u"--for"_s, u"condition=established"_s, u"crd/widgets.example.com"_s}).code, 0);
        r = kubectl(s, {u"explain"_s, u"widget.spec"_s});
        QVERIFY2(r.code == 0 && r.out.contains(u"What the widget should be."_s) && r.out.contains(u"size\t<integer> -required-"_s),
                 qPrintable(r.out + r.err));
        auto widget = [](const char *spec) -> QByteArray {
            return QByteArray("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: ") + spec + "\n";
        };
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, widget("{size: big}"));
        QVERIFY2(r.code != 0 && r.err.contains(u"spec.size: wrong type"_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, widget("{size: 1, colour: red}"));
        QVERIFY2(r.code != 0 && r.err.contains(u"strict decoding error: unknown field \"spec.colour\""_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"--server-side"_s, u"-f"_s, u"-"_s}, widget("{color: red}"));
        QVERIFY2(r.code != 0 && r.err.contains(u"missing required field \"size\""_s), qPrintable(r.err));
        r = kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, widget("{size: 2, color: blue}"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    // HorizontalPodAutoscalers in autoscaling/v1 and v2: stored once, each version reads its own
    // fields (targetCPUUtilizationPercentage, metrics), kubectl autoscale and the HPA columns.
    void autoscalersInBothVersions()
    {
        const Server &s = m_shared;
        QCOMPARE(kubectl(s, {u"create"_s, u"deployment"_s, u"scaled"_s, u"--image=nginx"_s}).code, 0);
        const QByteArray v1 = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: scaled-v1, namespace: default}\n"
                              "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scaled}\n  maxReplicas: 4\n"
                              "  targetCPUUtilizationPercentage: 60\n";
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, v1).code, 0);
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s}, v1).out.trimmed(), u"horizontalpodautoscaler.autoscaling/scaled-v1 unchanged"_s);
        QCOMPARE(kubectl(s, {u"diff"_s, u"-f"_s, u"-"_s}, v1).code, 0);
        QCOMPARE(kubectl(s, {u"autoscale"_s, u"deployment"_s, u"scaled"_s, u"--name=scaled-auto"_s, u"--cpu-percent=70"_s, u"--min=2"_s, u"--max=5"_s}).code, 0);
        // v2 (kubectl's preferred version) shows metrics; v1 shows the CPU target.
        QCOMPARE(kubectl(s, {u"get"_s, u"hpa"_s, u"scaled-v1"_s, u"-o"_s, u"jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}"_s}).out,
                 u"autoscaling/v2 60"_s);
        const QJsonObject asV1 = jsonOf(kubectl(s, {u"get"_s, u"--raw"_s, u"/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/scaled-auto"_s}).out);
        QCOMPARE(asV1[u"apiVersion"_s].toString(), u"autoscaling/v1"_s);
        QCOMPARE(asV1[u"spec"_s][u"targetCPUUtilizationPercentage"_s].toInt(), 70);
        QVERIFY(!asV1[u"spec"_s].toObject().contains(u"metrics"_s));
        const Run r = kubectl(s, {u"get"_s, u"hpa"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE"_s))
                     && r.out.contains(QRegularExpression(u"scaled-auto\\s+Deployment/scaled\\s+cpu: <unknown>/70%\\s+2\\s+5\\s+"_s))
                     && r.out.contains(QRegularExpression(u"scaled-v1\\s+Deployment/scaled\\s+cpu: <unknown>/60%\\s+1\\s+4\\s+"_s)),
                 qPrintable(r.out));
        // A v2 HPA without metrics gets the API server's default target, 80% CPU.
        QCOMPARE(kubectl(s, {u"apply"_s, u"-f"_s, u"-"_s},
                         "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: scaled-default, namespace: default}\n"
                         "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scaled}, maxReplicas: 3}\n").code, 0);
        QVERIFY(kubectl(s, {u"get"_s, u"hpa"_s, u"scaled-default"_s}).out.contains(u"cpu: <unknown>/80%"_s));
    }

    // Last: the CronJob made in initTestCase has started a Job at a minute boundary by now (or
    // within the next minute), which ran to completion; its columns show it.
    void cronJobStartsJobs()
    {
        const Server &s = m_shared;
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(s, {u"get"_s, u"jobs"_s, u"-o"_s, u"name"_s}).out.contains(QRegularExpression(u"job.batch/every-minute-\\d+"_s)),
                                 75000);
        QTRY_VERIFY_WITH_TIMEOUT(!kubectl(s, {u"get"_s, u"cronjob"_s, u"every-minute"_s, u"-o"_s, u"jsonpath={.status.lastSuccessfulTime}"_s}).out.isEmpty(),
                                 30000);
        const Run r = kubectl(s, {u"get"_s, u"cronjob"_s, u"every-minute"_s});
        QVERIFY2(r.out.contains(QRegularExpression(u"NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE"_s))
                     && r.out.contains(QRegularExpression(u"every-minute\\s+\\* \\* \\* \\* \\*\\s+<none>\\s+False\\s+[01]\\s+\\d+s"_s)),
                 qPrintable(r.out));
        // kubectl create job --from=cronjob makes a Job the CronJob owns.
        QCOMPARE(kubectl(s, {u"create"_s, u"job"_s, u"by-hand"_s, u"--from=cronjob/every-minute"_s}).code, 0);
        QCOMPARE(kubectl(s, {u"get"_s, u"job"_s, u"by-hand"_s, u"-o"_s, u"jsonpath={.metadata.ownerReferences[0].name}"_s}).out, u"every-minute"_s);
    }
};

QTEST_GUILESS_MAIN(TestDemoClusterApi)
#include "tst_democluster_api.moc"
