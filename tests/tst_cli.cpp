#include "manifests/yaml.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// deployctl as a whole process: exit codes, output formats, nothing written on bad input.
class TestCli : public QObject
{
    Q_OBJECT

    struct Result
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result run(const QStringList &args, const QString &workDir = QString())
    {
        QProcess p;
        if (!workDir.isEmpty())
            p.setWorkingDirectory(workDir);
        p.start(QStringLiteral(DEPLOYCTL_PATH), args);
        Result r;
        if (!p.waitForFinished(60000))
            return r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void versionAndHelp()
    {
        Result r = run({u"--version"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("deployctl "));
        r = run({u"--help"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("render"));
        for (const char *cmd : {"render", "export", "validate", "profiles", "init"}) {
            r = run({QString::fromLatin1(cmd), u"--help"_s});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("--output"), cmd);
        }
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("no-command") << QStringList{} << QByteArray("Usage:");
        QTest::addRow("unknown-command") << QStringList{u"deploy"_s} << QByteArray("unknown command");
        QTest::addRow("no-platform") << QStringList{u"render"_s, u"--env"_s, u"staging"_s} << QByteArray("Choose a platform");
        QTest::addRow("bad-platform") << QStringList{u"render"_s, u"--platform"_s, u"aws"_s, u"--env"_s, u"staging"_s} << QByteArray("use one of kubeflow, odh, standalone");
        QTest::addRow("bad-output") << QStringList{u"profiles"_s, u"--output"_s, u"xml"_s} << QByteArray("text or json");
        QTest::addRow("unknown-option") << QStringList{u"render"_s, u"--platfrom"_s, u"odh"_s} << QByteArray("Unknown option");
        QTest::addRow("export-no-dir") << QStringList{u"export"_s, u"--platform"_s, u"odh"_s} << QByteArray("--dir");
        QTest::addRow("metrics-no-prometheus") << QStringList{u"metrics"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"staging"_s} << QByteArray("--prometheus URL");
        QTest::addRow("metrics-bad-service") << QStringList{u"metrics"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"staging"_s, u"--prometheus-service"_s, u"prometheus"_s}
                                             << QByteArray("is not [https:]NAMESPACE/NAME[:PORT]");
        QTest::addRow("metrics-bad-output") << QStringList{u"metrics"_s, u"--output"_s, u"xml"_s} << QByteArray("--output must be text, table, json or csv");
        QTest::addRow("apply-no-target") << QStringList{u"apply"_s} << QByteArray("Choose a platform");
        QTest::addRow("apply-dry-run-client") << QStringList{u"apply"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"staging"_s, u"--dry-run=client"_s} << QByteArray("--dry-run=server");
        QTest::addRow("status-bad-timeout") << QStringList{u"status"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"staging"_s, u"--timeout"_s, u"soon"_s} << QByteArray("is no duration");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    void renderPrintsValidYaml()
    {
        const Result r = run({u"render"_s, u"--platform"_s, u"odh"_s, u"--env"_s, u"production"_s});
        QCOMPARE(r.code, 0);
        const dc::ParsedYaml parsed = dc::parseYaml(r.out);
        QVERIFY(parsed.ok());
        QVERIFY(parsed.documents.size() >= 5);
        QVERIFY(r.err.contains("note: OdhDashboardConfig is a custom resource"));
        QCOMPARE(QString::fromUtf8(dctest::readAll(QStringLiteral(DC_GOLDEN_DIR) + u"/odh-production-model-registry-ui.yaml"_s)),
                 QString::fromUtf8(r.out));
    }

    void renderJson()
    {
        const Result r = run({u"render"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"staging"_s, u"--output"_s, u"json"_s});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"target"_s).toObject().value(u"environment"_s).toString(), u"staging"_s);
        QVERIFY(o.value(u"documents"_s).toArray().size() >= 8);
        QCOMPARE(o.value(u"actions"_s).toArray().size(), 1);
        QVERIFY(!o.value(u"notes"_s).toArray().isEmpty());
    }

    void badProjectWritesNothing()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(u"out.yaml"_s);
        const QString project = dctest::fixtures() + u"/bad-projects/13-replicas-quoted.yaml"_s;
        Result r = run({u"render"_s, u"--project"_s, project, u"-o"_s, out});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("13-replicas-quoted.yaml:9:15: spec.values.replicas: expected integer"));
        QVERIFY(!QFile::exists(out));
        r = run({u"render"_s, u"--project"_s, project, u"--output"_s, u"json"_s});
        QCOMPARE(r.code, 3);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"issues"_s).toArray().first().toObject().value(u"line"_s).toInt(), 9);
        r = run({u"render"_s, u"--project"_s, dir.filePath(u"missing.yaml"_s)});
        QCOMPARE(r.code, 3);
    }

    void initThenRender()
    {
        QTemporaryDir dir;
        Result r = run({u"init"_s, u"--platform"_s, u"standalone"_s, u"--env"_s, u"staging"_s}, dir.path());
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(dir.filePath(u"deploy-project.yaml"_s)));
        r = run({u"init"_s}, dir.path());
        QCOMPARE(r.code, 3); // exists, not overwritten
        r = run({u"render"_s, u"--project"_s, u"deploy-project.yaml"_s, u"-o"_s, u"out.yaml"_s}, dir.path());
        QCOMPARE(r.code, 0);
        const QByteArray rendered = dctest::readAll(dir.filePath(u"out.yaml"_s));
        QVERIFY(rendered.contains("# Generated by Deploy Console for standalone-staging-model-registry-ui"));
    }

    void validateExitCodes()
    {
        Result r = run({u"validate"_s, u"--platform"_s, u"kubeflow"_s});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("checked: 0 errors, 0 warnings"), r.out.constData());
        QTemporaryDir dir;
        QFile f(dir.filePath(u"bad.yaml"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: ServiceMonitor\nmetadata:\n  name: m\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: \"3\"\n");
        f.close();
        r = run({u"validate"_s, f.fileName()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("bad.yaml:1: ServiceMonitor/m: apiVersion: unknown kind: v1 ServiceMonitor: ServiceMonitor needs apiVersion monitoring.coreos.com/v1, not v1"), r.out.constData());
        QVERIFY2(r.out.contains("bad.yaml:11:13: Deployment/d: spec.replicas: wrong type"), r.out.constData());
        QVERIFY2(r.out.contains("bad.yaml:10:3: Deployment/d: spec: missing required field \"selector\""), r.out.constData());
        r = run({u"validate"_s, f.fileName(), u"--output"_s, u"json"_s});
        QCOMPARE(r.code, 1);
        // unknown kind, wrong type, and the Deployment's missing selector and template
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"errors"_s).toInt(), 4);
        r = run({u"validate"_s, dir.filePath(u"nope.yaml"_s)});
        QCOMPARE(r.code, 3);
    }

    // --platform says what hand-written files are for: odh adds OpenShift's checks.
    void validateFilesForAPlatform()
    {
        const QString file = dctest::fixtures() + u"/bad-manifests/58-openshift-fixed-uid.yaml"_s;
        Result r = run({u"validate"_s, file});
        QCOMPARE(r.code, 0);
        QVERIFY2(!r.out.contains("openshift-fixed-uid"), r.out.constData());
        r = run({u"validate"_s, u"--platform"_s, u"odh"_s, file});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("58-openshift-fixed-uid.yaml:34: Deployment/web: spec.template.spec.containers[0].securityContext.runAsUser: container web sets runAsUser 65532"), r.out.constData());
        QVERIFY2(r.out.contains("[error openshift-fixed-uid]"), r.out.constData());
        r = run({u"validate"_s, u"--platform"_s, u"openshift"_s, file});
        QCOMPARE(r.code, 2);
        r = run({u"validate"_s, u"--project"_s, dctest::fixtures() + u"/projects/odh-mysql.yaml"_s, file});
        QCOMPARE(r.code, 2);
    }

    void validateLintSwitches()
    {
        const QString noSeccomp = dctest::fixtures() + u"/bad-manifests/36-no-seccomp.yaml"_s;
        Result r = run({u"validate"_s, noSeccomp});
        QCOMPARE(r.code, 0); // a warning only
        QVERIFY2(r.out.contains("[warning security-seccomp]"), r.out.constData());
        r = run({u"validate"_s, noSeccomp, u"--strict"_s});
        QCOMPARE(r.code, 1);
        r = run({u"validate"_s, noSeccomp, u"--strict"_s, u"--disable"_s, u"security-seccomp"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("checked: 0 errors, 0 warnings"));
        r = run({u"validate"_s, noSeccomp, u"--disable"_s, u"no-such-lint"_s});
        QCOMPARE(r.code, 2);
        r = run({u"validate"_s, u"--list-lints"_s, u"--output"_s, u"json"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).array().size() >= 30);
        // The guide's YAML: every mistake is an error or a warning, and the exit code says so.
        r = run({u"validate"_s, dctest::fixtures() + u"/guide"_s});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("[error authz-ored-rules]"));
    }

    void kustomizationWithoutKubectl()
    {
        QTemporaryDir dir;
        QFile k(dir.filePath(u"kustomization.yaml"_s));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n");
        k.close();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PATH"_s, dir.path()); // no kubectl there
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DEPLOYCTL_PATH), {u"validate"_s, dir.path()});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(p.readAllStandardOutput().contains("kubectl is not on PATH"), "the missing kubectl is reported");
    }

    void exportRefusesNonEmptyFolder()
    {
        QTemporaryDir dir;
        Result r = run({u"export"_s, u"--platform"_s, u"standalone"_s, u"--dir"_s, dir.path()});
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(dir.filePath(u"overlays/production/kustomization.yaml"_s)));
        r = run({u"export"_s, u"--platform"_s, u"standalone"_s, u"--dir"_s, dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("--force"));
        r = run({u"export"_s, u"--platform"_s, u"standalone"_s, u"--dir"_s, dir.path(), u"--force"_s, u"--output"_s, u"json"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(u"files"_s).toArray().size() > 10);
        // A folder with other files and no earlier export is refused even with --force; its file stays.
        QTemporaryDir foreign;
        QFile mine(foreign.filePath(u"notes.txt"_s));
        QVERIFY(mine.open(QIODevice::WriteOnly) && mine.write("mine") == 4);
        mine.close();
        r = run({u"export"_s, u"--platform"_s, u"standalone"_s, u"--dir"_s, foreign.path(), u"--force"_s});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("holds no earlier export"));
        QCOMPARE(QDir(foreign.path()).entryList(QDir::Files | QDir::Hidden), QStringList{u"notes.txt"_s});
    }

    void setChangesASetting()
    {
        Result r = run({u"render"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--set"_s, u"replicas=7"_s, u"-q"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("replicas: 7"));
        r = run({u"render"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--set"_s, u"replcas=7"_s});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("did you mean \"replicas\""), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void exportYamlFiles()
    {
        QTemporaryDir dir;
        const Result r = run({u"export"_s, u"--platform"_s, u"odh"_s, u"--format"_s, u"yaml"_s, u"--dir"_s, dir.path()});
        QCOMPARE(r.code, 0);
        for (const char *env : {"development", "staging", "production"}) {
            const QByteArray yaml = dctest::readAll(dir.filePath(u"odh-%1-model-registry-ui.yaml"_s.arg(QLatin1String(env))));
            QCOMPARE(QString::fromUtf8(yaml),
                     QString::fromUtf8(dctest::readAll(QStringLiteral(DC_GOLDEN_DIR) + u"/odh-%1-model-registry-ui.yaml"_s.arg(QLatin1String(env)))));
        }
        QVERIFY(QFile::exists(dir.filePath(u"merge/production/federation-config-entry.json"_s)));
        QVERIFY(dctest::readAll(dir.filePath(u"README.md"_s)).contains("kubectl patch odhdashboardconfig odh-dashboard-config -n opendatahub --type merge"));
        QVERIFY(QFile::exists(dir.filePath(u"konflux/packages/model-registry/Dockerfile.workspace"_s)));
        QCOMPARE(run({u"export"_s, u"--platform"_s, u"odh"_s, u"--format"_s, u"helm"_s, u"--dir"_s, dir.path()}).code, 2);
    }

    void profilesListsEverything()
    {
        Result r = run({u"profiles"_s, u"--fields"_s});
        QCOMPARE(r.code, 0);
        for (const char *s : {"kubeflow", "odh", "standalone", "production", "split", "istio.authz.methods", "odh.modelRegistry.database.type"})
            QVERIFY2(r.out.contains(s), s);
        r = run({u"profiles"_s, u"--output"_s, u"json"_s, u"--fields"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(u"fields"_s).toArray().size() > 100);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
