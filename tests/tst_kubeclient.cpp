// The one Kubernetes client against demo-cluster with TLS and tokens: identity, typed errors
// (wrong CA, 401, 403), exec credential plugins (working, failing, bad JSON, missing, hanging),
// a server that went away, and cancellation.
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kube/preflight.h"
#include "config/project.h"
#include "manifests/generator.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "democlusterharness.h"

using namespace Qt::StringLiterals;
using namespace dc::kube;

class TestKubeClient : public QObject, public dctest::DemoClusterHarness
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_shared = start({u"--tls"_s, u"--token"_s, u"s3cret-token-0123456789"_s, u"--deny"_s, u"list:secrets:default"_s});
        QVERIFY(m_shared.port);
        QString error;
        const Kubeconfig config = Kubeconfig::load({m_shared.kubeconfig, {}, {}});
        QVERIFY2(config.problems.isEmpty(), qPrintable(config.problems.value(0).message));
        const auto resolved = config.resolve({}, &error);
        QVERIFY2(resolved, qPrintable(error));
        m_context = *resolved;
    }

    void identityAndVersion()
    {
        KubeClient client(m_context);
        std::unique_ptr<KubeCall> version(client.get(u"/version"_s));
        QVERIFY(QSignalSpy(version.get(), &KubeCall::finished).wait(10000));
        QVERIFY2(version->error.ok(), qPrintable(version->error.message));
        QCOMPARE(version->json.value(u"gitVersion"_s).toString(), u"v1.32.0-demo"_s);
        std::unique_ptr<KubeCall> review(client.send("POST", u"/apis/authentication.k8s.io/v1/selfsubjectreviews"_s,
                                                     R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})"));
        QVERIFY(QSignalSpy(review.get(), &KubeCall::finished).wait(10000));
        QVERIFY2(review->error.ok(), qPrintable(review->error.message));
        QCOMPARE(review->json[u"status"_s][u"userInfo"_s][u"username"_s].toString(), u"demo-admin"_s);
    }

    // Discovery's REST mapping (asked once), a CRD that appears later, and a watch's events.
    void discoveryAndWatch()
    {
        KubeClient client(m_context);
        std::optional<ApiResource> found;
        KubeError error;
        bool answered = false;
        client.resourceFor(u"apps/v1"_s, u"Deployment"_s, [&](const std::optional<ApiResource> &r, const KubeError &e) {
            found = r;
            error = e;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        QVERIFY2(found, qPrintable(error.message));
        QCOMPARE(found->plural, u"deployments"_s);
        QVERIFY(found->namespaced);
        QVERIFY(found->verbs.contains(u"patch"_s));
        answered = false;
        client.resourceFor(u"networking.istio.io/v1"_s, u"VirtualService"_s, [&](const std::optional<ApiResource> &r, const KubeError &) {
            found = r;
            answered = true;
        });
        QVERIFY(answered); // from the cache, at once
        QCOMPARE(found->basePath(), u"/apis/networking.istio.io/v1"_s);
        answered = false;
        client.resourceFor(u"example.com/v1"_s, u"Gadget"_s, [&](const std::optional<ApiResource> &r, const KubeError &e) {
            found = r;
            error = e;
            answered = true;
        });
        QVERIFY(answered && !found);
        QVERIFY(error.message.contains(u"no matches for kind \"Gadget\""_s));
        // A watch: the events of a ConfigMap created meanwhile.
        std::unique_ptr<KubeCall> watch(client.watch(u"/api/v1/namespaces/default/configmaps?resourceVersion=0"_s));
        QStringList seen;
        connect(watch.get(), &KubeCall::event, watch.get(), [&seen](const QString &type, const QJsonObject &object) {
            seen << type + u' ' + object[u"metadata"_s][u"name"_s].toString();
        });
        QCOMPARE(kubectl(m_shared, {u"create"_s, u"configmap"_s, u"watched-by-client"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains(u"ADDED watched-by-client"_s), 10000);
        QCOMPARE(kubectl(m_shared, {u"delete"_s, u"configmap"_s, u"watched-by-client"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains(u"DELETED watched-by-client"_s), 10000);
        QSignalSpy finished(watch.get(), &KubeCall::finished);
        watch->abort();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
    }

    void typedErrors()
    {
        // 403 with the server's words.
        KubeClient client(m_context);
        std::unique_ptr<KubeCall> denied(client.get(u"/api/v1/namespaces/default/secrets"_s));
        QVERIFY(QSignalSpy(denied.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(denied->error.kind, KubeError::Kind::Forbidden);
        QVERIFY2(denied->error.message.contains(u"cannot list resource \"secrets\""_s), qPrintable(denied->error.message));
        // 404.
        std::unique_ptr<KubeCall> missing(client.get(u"/api/v1/namespaces/default/configmaps/nope"_s));
        QVERIFY(QSignalSpy(missing.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(missing->error.kind, KubeError::Kind::NotFound);
        // 401: a wrong token.
        Kubeconfig::Resolved wrongToken = m_context;
        wrongToken.user.token = u"wrong"_s;
        KubeClient unauthorized(wrongToken);
        std::unique_ptr<KubeCall> call(unauthorized.get(u"/api"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Unauthorized);
        // Another cluster's CA: the TLS handshake fails.
        const Server other = start({u"--tls"_s});
        const Kubeconfig otherConfig = Kubeconfig::load({other.kubeconfig, {}, {}});
        QString error;
        Kubeconfig::Resolved wrongCa = m_context;
        wrongCa.cluster.certificateAuthorityData = otherConfig.resolve({}, &error)->cluster.certificateAuthorityData;
        KubeClient untrusted(wrongCa);
        call.reset(untrusted.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Tls);
        // A CA file that is not one.
        Kubeconfig::Resolved badCa = m_context;
        badCa.cluster.certificateAuthorityData = "not a certificate";
        KubeClient unreadable(badCa);
        call.reset(unreadable.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Tls);
        QVERIFY(call->error.message.contains(u"cannot be read"_s));
    }

    void execPlugins_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        const QByteArray credential = "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                                      "\"status\":{\"token\":\"s3cret-token-0123456789\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}'\n";
        QTest::addRow("works") << credential << int(KubeError::Kind::None) << QString();
        QTest::addRow("fails") << QByteArray("echo 'login expired, run my-login' >&2\nexit 4\n") << int(KubeError::Kind::Credentials)
                               << u"failed (exit code 4): login expired, run my-login"_s;
        QTest::addRow("bad-json") << QByteArray("echo '{not json'\n") << int(KubeError::Kind::Credentials) << u"printed no ExecCredential"_s;
        QTest::addRow("hangs") << QByteArray("sleep 30\n") << int(KubeError::Kind::Credentials) << u"did not answer within 1 s"_s;
        QTest::addRow("missing") << QByteArray() << int(KubeError::Kind::Credentials) << u"install my-login from example.com"_s;
    }

    void execPlugins()
    {
        QFETCH(QByteArray, script);
        QFETCH(int, kind);
        QFETCH(QString, says);
        const QString path = m_dir.filePath(u"plugin-%1.sh"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
        if (!script.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!/bin/sh\n" + script);
            f.close();
            QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        }
        Kubeconfig::Resolved viaExec = m_context;
        viaExec.user = User{};
        viaExec.user.name = u"exec-user"_s;
        viaExec.user.exec = ExecPlugin{u"client.authentication.k8s.io/v1"_s, path, {}, {}, u"install my-login from example.com"_s, true, u"Never"_s};
        KubeClient client(viaExec);
        client.setTimeout(1000);
        std::unique_ptr<KubeCall> call(client.get(u"/api"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(int(call->error.kind), kind);
        QVERIFY2(call->error.message.contains(says), qPrintable(call->error.message));
        if (kind == int(KubeError::Kind::None)) {
            QCOMPARE(client.execExpiry(), QDateTime(QDate(2099, 1, 1), QTime(0, 0), Qt::UTC));
            // The credential is kept: the plugin is gone, the next call still works.
            QVERIFY(QFile::remove(path));
            call.reset(client.get(u"/version"_s));
            QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
            QVERIFY2(call->error.ok(), qPrintable(call->error.message));
        }
    }

    // The less common settings: tls-server-name, an exec plugin asked again after a 401, one
    // that needs a terminal, a client certificate that cannot be read.
    void moreSettings()
    {
        Kubeconfig::Resolved otherName = m_context;
        otherName.cluster.tlsServerName = u"not-the-server.example"_s;
        KubeClient misnamed(otherName);
        std::unique_ptr<KubeCall> call(misnamed.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Tls);

        // The first credential is refused (revoked): the client asks the plugin again, once.
        const QString script = m_dir.filePath(u"rotating.sh"_s);
        for (const auto &[name, token] : {std::pair{u"revoked.json"_s, u"revoked"_s}, std::pair{u"right.json"_s, u"s3cret-token-0123456789"_s}}) {
            QFile credential(m_dir.filePath(name));
            QVERIFY(credential.open(QIODevice::WriteOnly));
            credential.write(QJsonDocument(QJsonObject{{u"apiVersion"_s, u"client.authentication.k8s.io/v1"_s}, {u"kind"_s, u"ExecCredential"_s},
                                                       {u"status"_s, QJsonObject{{u"token"_s, token}}}})
                                 .toJson());
        }
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QString(u"#!/bin/sh\nif [ -f \"$0.ran\" ]; then cat '%1'; else touch \"$0.ran\"; cat '%2'; fi\n"_s)
                    .arg(m_dir.filePath(u"right.json"_s), m_dir.filePath(u"revoked.json"_s))
                    .toUtf8());
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        Kubeconfig::Resolved rotating = m_context;
        rotating.user = User{};
        rotating.user.name = u"rotating"_s;
        rotating.user.exec = ExecPlugin{u"client.authentication.k8s.io/v1"_s, script, {}, {}, {}, false, {}};
        KubeClient client(rotating);
        call.reset(client.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QVERIFY2(call->error.ok(), qPrintable(call->error.message));
        QCOMPARE(client.execToken(), u"s3cret-token-0123456789"_s);
        QVERIFY(QFile::exists(script + u".ran"_s));

        Kubeconfig::Resolved interactive = rotating;
        interactive.user.exec->interactiveMode = u"Always"_s;
        KubeClient needsTerminal(interactive);
        call.reset(needsTerminal.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Credentials);
        QVERIFY(call->error.message.contains(u"needs a terminal"_s));

        Kubeconfig::Resolved badCertificate = m_context;
        badCertificate.user.clientCertificate = m_dir.filePath(u"no-such.crt"_s);
        badCertificate.user.clientKey = m_dir.filePath(u"no-such.key"_s);
        KubeClient unreadable(badCertificate);
        call.reset(unreadable.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Credentials);
        QVERIFY(call->error.message.contains(u"no-such.crt"_s));
    }

    void serverGoneAndCancel()
    {
        Server gone = start({u"--tls"_s});
        const Kubeconfig config = Kubeconfig::load({gone.kubeconfig, {}, {}});
        QString error;
        const Kubeconfig::Resolved context = *config.resolve({}, &error);
        gone.process->kill();
        gone.process->waitForFinished();
        KubeClient client(context);
        std::unique_ptr<KubeCall> call(client.get(u"/version"_s));
        QVERIFY(QSignalSpy(call.get(), &KubeCall::finished).wait(10000));
        QCOMPARE(call->error.kind, KubeError::Kind::Network);
        // A watch that would stay open, canceled.
        KubeClient live(m_context);
        call.reset(live.get(u"/api/v1/namespaces/default/configmaps?watch=true"_s));
        QSignalSpy finished(call.get(), &KubeCall::finished);
        QCOMPARE(finished.count(), 0);
        call->abort();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QCOMPARE(call->error.kind, KubeError::Kind::Canceled);
    }

    // deployctl doctor: signed in as kubectl auth whoami says; a wrong token, a missing exec
    // plugin, a missing context and an unreadable kubeconfig each with their exit code.
    void doctor()
    {
        auto doctor = [this](const QStringList &args, const QString &kubeconfig) {
            QProcess p;
            p.start(QStringLiteral(DEPLOYCTL_PATH), QStringList{u"doctor"_s, u"--kubeconfig"_s, kubeconfig, u"--output"_s, u"json"_s} + args);
            p.waitForFinished(60000);
            return std::pair{p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object()};
        };
        auto [code, report] = doctor({}, m_shared.kubeconfig);
        QVERIFY2(code == 0, QJsonDocument(report).toJson().constData());
        const Run whoami = kubectl(m_shared, {u"auth"_s, u"whoami"_s, u"-o"_s, u"json"_s});
        const QJsonObject kubectlSays = QJsonDocument::fromJson(whoami.out.toUtf8()).object()[u"status"_s][u"userInfo"_s].toObject();
        QCOMPARE(report[u"identity"_s][u"user"_s].toString(), kubectlSays.value(u"username"_s).toString());
        QCOMPARE(report[u"identity"_s][u"groups"_s].toArray(), kubectlSays.value(u"groups"_s).toArray());
        QStringList names;
        for (const QJsonValue &c : report[u"checks"_s].toArray()) {
            names << c[u"name"_s].toString();
            QCOMPARE(c[u"status"_s].toString(), u"ok"_s);
        }
        QCOMPARE(names, (QStringList{u"kubeconfig"_s, u"address"_s, u"tls"_s, u"server"_s, u"identity"_s}));

        auto variant = [this](const QByteArray &from, const QByteArray &to, const QString &name) {
            QFile in(m_shared.kubeconfig);
            in.open(QIODevice::ReadOnly);
            QByteArray text = in.readAll();
            text.replace(from, to);
            const QString path = m_dir.filePath(name);
            QFile out(path);
            out.open(QIODevice::WriteOnly);
            out.write(text);
            return path;
        };
        std::tie(code, report) = doctor({}, variant("s3cret-token-0123456789", "wrong-token", u"kc-wrong-token"_s));
        QCOMPARE(code, 1);
        QVERIFY2(QJsonDocument(report).toJson().contains("does not accept the credentials (401)"), QJsonDocument(report).toJson().constData());
        std::tie(code, report) = doctor({}, variant("token: s3cret-token-0123456789",
                                                    "exec: {apiVersion: client.authentication.k8s.io/v1, command: no-such-login-plugin, "
                                                    "installHint: 'install no-such-login-plugin from example.com'}",
                                                    u"kc-exec"_s));
        QCOMPARE(code, 1);
        QVERIFY2(QJsonDocument(report).toJson().contains("install no-such-login-plugin from example.com"), QJsonDocument(report).toJson().constData());
        std::tie(code, report) = doctor({u"--context"_s, u"elsewhere"_s}, m_shared.kubeconfig);
        QCOMPARE(code, 1);
        std::tie(code, report) = doctor({}, m_dir.filePath(u"no-such-kubeconfig"_s));
        QCOMPARE(code, 3);
    }

    // deployctl check: the whole checklist against clusters that pass it and fail it.
    void preflight()
    {
        auto check = [](const QString &kubeconfig, const QStringList &target) {
            QProcess p;
            p.start(QStringLiteral(DEPLOYCTL_PATH), QStringList{u"check"_s, u"--kubeconfig"_s, kubeconfig, u"--output"_s, u"json"_s} + target);
            p.waitForFinished(120000);
            return std::pair{p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object()};
        };
        auto statuses = [](const QJsonObject &report) {
            QMap<QString, QStringList> by;
            for (const QJsonValue &c : report[u"checks"_s].toArray())
                by[c[u"name"_s].toString()] << c[u"status"_s].toString();
            return by;
        };
        const QStringList kubeflow{u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s};
        // The demo cluster has Kubeflow's shared objects: everything passes, nothing changes.
        auto [code, report] = check(m_shared.kubeconfig, kubeflow);
        QVERIFY2(code == 0, QJsonDocument(report).toJson().constData());
        QCOMPARE(statuses(report).keys(), (QStringList{u"access"_s, u"address"_s, u"crds"_s, u"dry-run"_s, u"identity"_s, u"kubeconfig"_s,
                                                       u"namespaces"_s, u"server"_s, u"shared-objects"_s, u"tls"_s, u"version"_s}));
        QCOMPARE(statuses(report).value(u"dry-run"_s), QStringList(13, u"ok"_s));
        for (const QJsonValue &a : report[u"access"_s].toArray())
            QVERIFY(a[u"allowed"_s].toBool());
        QCOMPARE(kubectl(m_shared, {u"get"_s, u"deploy"_s, u"-n"_s, u"kubeflow"_s, u"-o"_s, u"name"_s}).out, QString()); // a dry run only

        // Denied permissions, a missing CRD group: named, with what to do; the dry run says why.
        const Server limited = start({u"--tls"_s, u"--deny"_s, u"patch:deployments:kubeflow"_s, u"--without"_s, u"security.istio.io"_s});
        std::tie(code, report) = check(limited.kubeconfig, kubeflow);
        QCOMPARE(code, 1);
        const QString text = QString::fromUtf8(QJsonDocument(report).toJson());
        QVERIFY2(text.contains(u"patch deployments.apps in kubeflow (for Deployment/model-registry-ui)"_s), qPrintable(text));
        QVERIFY2(text.contains(u"not served: AuthorizationPolicy (security.istio.io/v1)"_s), qPrintable(text));
        bool deploymentFailed = false;
        for (const QJsonValue &c : report[u"checks"_s].toArray()) {
            if (c[u"document"_s].toString() == u"Deployment/model-registry-ui"_s) {
                deploymentFailed = c[u"status"_s].toString() == u"fail"_s && c[u"line"_s].toInt() > 0 && c[u"message"_s].toString().contains(u"forbidden"_s);
            }
            if (c[u"document"_s].toString() == u"AuthorizationPolicy/model-registry-ui"_s)
                QCOMPARE(c[u"status"_s].toString(), u"skipped"_s);
        }
        QVERIFY2(deploymentFailed, qPrintable(text));
        // Each answer of the access table is kubectl auth can-i's.
        for (const QJsonValue &a : report[u"access"_s].toArray()) {
            if (a[u"verb"_s].toString() != u"patch"_s && a[u"resource"_s].toString() != u"deployments"_s)
                continue;
            QStringList args{u"auth"_s, u"can-i"_s, a[u"verb"_s].toString(),
                             a[u"resource"_s].toString() + (a[u"group"_s].toString().isEmpty() ? QString() : u'.' + a[u"group"_s].toString())};
            if (!a[u"namespace"_s].toString().isEmpty())
                args << u"-n"_s << a[u"namespace"_s].toString();
            const Run canI = kubectl(limited, args);
            QCOMPARE(canI.out.trimmed().section(u' ', 0, 0), a[u"allowed"_s].toBool() ? u"yes"_s : u"no"_s); // "no - <reason>"
        }
        // Another platform's shared objects are missing on a cluster without its CRDs.
        const Server plain = start({u"--tls"_s, u"--without"_s, u"datasciencecluster.opendatahub.io"_s});
        std::tie(code, report) = check(plain.kubeconfig, {u"--platform"_s, u"odh"_s, u"--env"_s, u"staging"_s});
        QCOMPARE(code, 1);
        QVERIFY2(statuses(report).value(u"shared-objects"_s) == QStringList{u"fail"_s}, QJsonDocument(report).toJson().constData());
        // Unreadable input.
        std::tie(code, report) = check(m_dir.filePath(u"no-such-kubeconfig"_s), kubeflow);
        QCOMPARE(code, 3);
    }

    // The server goes away in the middle of the checklist: the run ends, failed, naming it.
    void serverStoppedMidCheck()
    {
        Server slow = start({u"--tls"_s, u"--latency"_s, u"1500"_s});
        Preflight run(Kubeconfig::load({slow.kubeconfig, {}, {}}), {},
                      dc::generate(dc::Project{}, dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi}));
        QStringList names;
        connect(&run, &Preflight::checkFinished, &run, [&](const PreflightCheck &c) {
            names << c.check.name;
            if (c.check.name == u"tls"_s) // the next answer is 1.5 s away: stop the server now
                slow.process->kill();
        });
        QSignalSpy finished(&run, &Preflight::finished);
        run.start();
        QVERIFY(finished.wait(20000));
        QVERIFY(!run.passed());
        const PreflightCheck last = run.checks().constLast();
        QCOMPARE(last.check.status, DoctorCheck::Status::Fail);
        QVERIFY2(last.check.name == u"server"_s || last.check.name == u"identity"_s, qPrintable(last.check.name + u": "_s + last.check.message));
    }

private:
    Kubeconfig::Resolved m_context;
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
