#include "config/project.h"
#include "manifests/export.h"
#include "manifests/generator.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <algorithm>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace dc;

// The export must render, through the real `kubectl kustomize`, to exactly the objects the
// generator produces for every environment.
class TestKustomize : public QObject
{
    Q_OBJECT

    static std::vector<Node> kustomize(const QString &dir, QString *error)
    {
        QProcess p;
        p.start(QStringLiteral(KUBECTL_PATH), {u"kustomize"_s, dir});
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            *error = QString::fromUtf8(p.readAllStandardError());
            return {};
        }
        const ParsedYaml parsed = parseYaml(p.readAllStandardOutput());
        if (!parsed.ok())
            *error = parsed.issues.front().message;
        return parsed.documents;
    }

    static std::vector<Node> roots(const Bundle &b)
    {
        std::vector<Node> out;
        for (const Document &d : b.documents)
            out.push_back(d.root);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral(KUBECTL_PATH)), "kubectl is needed as the kustomize renderer");
    }

    void equivalence_data()
    {
        QTest::addColumn<QString>("projectFile");
        QTest::addColumn<int>("platform");
        QTest::addColumn<int>("preset");
        for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
            for (Preset s : {Preset::ModelRegistryUi, Preset::Split})
                QTest::addRow("%s-%s", qPrintable(toId(p)), qPrintable(toId(s))) << QString() << int(p) << int(s);
        for (const char *f : {"kubeflow-everything.yaml", "odh-mysql.yaml", "rhoai-split.yaml", "standalone-ingress.yaml"})
            QTest::addRow("%s", f) << QString::fromLatin1(f) << -1 << -1;
    }

    void equivalence()
    {
        QFETCH(QString, projectFile);
        QFETCH(int, platform);
        QFETCH(int, preset);
        Project project;
        if (!projectFile.isEmpty()) {
            const ProjectLoad r = loadProjectFile(dctest::fixtures() + u"/projects/"_s + projectFile);
            QVERIFY(r.project);
            project = *r.project;
            platform = int(project.target.platform);
            preset = int(project.target.preset);
        }
        QTemporaryDir dir;
        QString error;
        const ExportPlan plan = kustomizeExport(project, Platform(platform), Preset(preset));
        QVERIFY2(writeExport(plan, dir.path(), false, &error), qPrintable(error));
        QVERIFY(QFile::exists(dir.filePath(u"README.md"_s)));
        QVERIFY(!dctest::readAll(dir.filePath(u"base/kustomization.yaml"_s)).contains("commonLabels"));
        for (Environment e : {Environment::Development, Environment::Staging, Environment::Production}) {
            const Bundle expected = generate(project, Target{Platform(platform), e, Preset(preset)});
            const std::vector<Node> rendered = kustomize(dir.filePath(u"overlays/"_s + toId(e)), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const QString diff = dctest::compareDocumentSets(roots(expected), rendered);
            QVERIFY2(diff.isEmpty(), qPrintable(toId(e) + u":\n"_s + diff));
        }
        // Shared objects are exported as merges, never as whole objects.
        const Bundle prod = generate(project, Target{Platform(platform), Environment::Production, Preset(preset)});
        for (const MergeAction &a : prod.actions) {
            if (a.type != MergeAction::Type::WaitForCrd)
                QVERIFY(QFile::exists(dir.filePath(u"merge/"_s + a.fileName)));
            QVERIFY(dctest::readAll(dir.filePath(u"README.md"_s)).contains(mergeCommand(a, u"merge/"_s + a.fileName).toUtf8()));
        }
        if (Platform(platform) == Platform::Odh)
            QVERIFY(QFile::exists(dir.filePath(u"konflux/packages/model-registry/Dockerfile.workspace"_s)));
    }

    // The exported merge command's jq program must do what mergeJsonEntry() does.
    void jqMergeMatchesCore_data()
    {
        QTest::addColumn<int>("platform");
        QTest::addColumn<QByteArray>("existing");
        QTest::addRow("kubeflow-links") << int(Platform::Kubeflow)
            << QByteArray(R"({"menuLinks":[{"type":"item","link":"/pipeline/","text":"Pipelines","icon":"kubeflow:pipeline-centered"},{"type":"item","link":"/model-registry/","text":"Old","icon":"book"}],"externalLinks":[],"quickLinks":[{"desc":"d","link":"/x","text":"X"}]})");
        QTest::addRow("kubeflow-empty-links") << int(Platform::Kubeflow) << QByteArray();
        QTest::addRow("odh-federation") << int(Platform::Odh)
            << QByteArray(R"([{"name":"genAi","remoteEntry":"/remoteEntry.js","service":{"name":"odh-dashboard","port":8143}},{"name":"modelRegistry","tls":false}])");
    }

    void jqMergeMatchesCore()
    {
        QFETCH(int, platform);
        QFETCH(QByteArray, existing);
        const QString jq = QStandardPaths::findExecutable(u"jq"_s);
        QVERIFY2(!jq.isEmpty(), "jq is needed (scripts/setup.sh installs it)");
        const Bundle b = generate(Project{}, Target{Platform(platform), Environment::Production, Preset::ModelRegistryUi});
        const auto it = std::find_if(b.actions.begin(), b.actions.end(), [](const MergeAction &m) { return m.type == MergeAction::Type::JsonEntry; });
        QVERIFY(it != b.actions.end());
        const MergeAction &a = *it;
        QTemporaryDir dir;
        const QList<ExportedFile> files = mergeFiles(b, u"merge"_s);
        QDir().mkpath(dir.filePath(u"merge"_s));
        const auto file = std::find_if(files.begin(), files.end(), [&](const ExportedFile &f) { return f.path.endsWith(a.fileName); });
        QVERIFY(file != files.end());
        QFile entry(dir.filePath(file->path));
        QVERIFY(entry.open(QIODevice::WriteOnly));
        entry.write(file->content);
        entry.close();
        QJsonObject data;
        if (!existing.isEmpty())
            data.insert(a.dataKey, QString::fromUtf8(existing));
        const QJsonObject configMap{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                                    {u"metadata"_s, QJsonObject{{u"name"_s, a.name}, {u"namespace"_s, a.ns}, {u"resourceVersion"_s, u"42"_s}}},
                                    {u"data"_s, data}};
        QProcess p;
        p.start(jq, {u"--slurpfile"_s, u"e"_s, entry.fileName(), mergeJqFilter(a)});
        QVERIFY(p.waitForStarted());
        p.write(QJsonDocument(configMap).toJson());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject result = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(result.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString(), u"42"_s); // the precondition survives
        QString error;
        const QByteArray expected = mergeJsonEntry(existing, a, &error);
        QVERIFY(error.isEmpty());
        const QJsonDocument got = QJsonDocument::fromJson(result.value(u"data"_s).toObject().value(a.dataKey).toString().toUtf8());
        QCOMPARE(got, QJsonDocument::fromJson(expected));
    }

    void neverSilentlyOverwrites()
    {
        QTemporaryDir dir;
        QString error;
        const ExportPlan plan = kustomizeExport(Project{}, Platform::Odh, Preset::ModelRegistryUi);
        QVERIFY(writeExport(plan, dir.path(), false, &error));
        // A second export into the same folder is refused without force, and changes nothing.
        QFile own(dir.filePath(u"notes.txt"_s));
        QVERIFY(own.open(QIODevice::WriteOnly));
        own.write("mine");
        own.close();
        const QByteArray before = dctest::readAll(dir.filePath(u"base/kustomization.yaml"_s));
        const ExportPlan other = kustomizeExport(Project{}, Platform::Kubeflow, Preset::ModelRegistryUi);
        QVERIFY(!writeExport(other, dir.path(), false, &error));
        QVERIFY(error.contains(u"--force"_s));
        QCOMPARE(dctest::readAll(dir.filePath(u"base/kustomization.yaml"_s)), before);
        // With force: files of the earlier export that the new one lacks go, foreign files stay.
        QVERIFY(QFile::exists(dir.filePath(u"konflux/packages/model-registry/Dockerfile.workspace"_s)));
        QVERIFY2(writeExport(other, dir.path(), true, &error), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath(u"konflux/packages/model-registry/Dockerfile.workspace"_s)));
        QCOMPARE(dctest::readAll(dir.filePath(u"notes.txt"_s)), QByteArray("mine"));
        QVERIFY(dctest::readAll(dir.filePath(u"base/kustomization.yaml"_s)) != before);
    }
};

QTEST_GUILESS_MAIN(TestKustomize)
#include "tst_kustomize.moc"
