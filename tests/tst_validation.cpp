#include "config/layers.h"
#include "config/project.h"
#include "itemmodels/findingsmodel.h"
#include "manifests/export.h"
#include "manifests/generator.h"
#include "testutil.h"
#include "validation/lints.h"
#include "validation/manifestset.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace dc;

namespace {

std::optional<Environment> fixtureEnvironment(const QByteArray &text)
{
    static const QRegularExpression re(u"^# env: (\\w+)"_s, QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromUtf8(text));
    return m.hasMatch() ? environmentFromId(m.captured(1)) : std::nullopt;
}

std::optional<Platform> fixturePlatform(const QByteArray &text)
{
    static const QRegularExpression re(u"^# platform: (\\w+)"_s, QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromUtf8(text));
    return m.hasMatch() ? platformFromId(m.captured(1)) : std::nullopt;
}

QStringList idsAtLines(const QList<Finding> &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out << f.id + u'@' + QString::number(f.line);
    return out;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT
    SchemaValidator m_schemas{QStringLiteral(DC_SCHEMAS_DIR)};

private Q_SLOTS:
    void catalogIsConsistent()
    {
        QSet<QString> ids;
        for (const LintInfo &l : lintCatalog()) {
            QVERIFY2(!ids.contains(l.id), qPrintable(l.id));
            ids.insert(l.id);
            QVERIFY(!l.title.isEmpty() && !l.hint.isEmpty());
        }
        QVERIFY(ids.size() >= 30);
        static const QRegularExpression idSyntax(u"^[a-z0-9]+(-[a-z0-9]+)*$"_s);
        for (const LintInfo &l : lintCatalog()) {
            QVERIFY2(idSyntax.match(l.id).hasMatch(), qPrintable(l.id));
            QVERIFY2(!lintArea(l.id).isEmpty(), qPrintable(l.id));
        }
    }

    // Unknown fields are told apart from wrong values by type, not by the wording of a message.
    void unknownFieldsAreTyped()
    {
        const ManifestSet set = manifestsFromText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\nsepc: {}\n---\n"
                                                  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: three\n"
                                                  "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
                                                  "    spec: {containers: [{name: c, image: 'c:1'}]}\n",
                                                  u"t.yaml"_s);
        QList<bool> unknown;
        for (const ManifestDoc &d : set.docs)
            for (const Finding &f : m_schemas.validate(d))
                unknown << f.unknownField;
        QCOMPARE(unknown, (QList<bool>{true, false}));
    }

    // Every lint of the catalogue is expected by at least one bad manifest, so a lint whose
    // code stopped reporting (or reports under another id) fails here.
    void everyLintHasAFixture()
    {
        const QDir dir(dctest::fixtures() + u"/bad-manifests"_s);
        QSet<QString> expected;
        for (const QString &f : dir.entryList({u"*.expected"_s}, QDir::Files))
            for (const QString &line : QString::fromUtf8(dctest::readAll(dir.filePath(f))).split(u'\n', Qt::SkipEmptyParts))
                expected.insert(line.section(u'@', 0, 0));
        QStringList missing;
        for (const LintInfo &l : lintCatalog())
            if (!expected.contains(l.id))
                missing << l.id;
        QCOMPARE(missing, QStringList());
    }

    // A generated bundle is checked against its own module's knowledge only.
    void moduleKnowledgeComesFromThePreset()
    {
        const ModuleKnowledge &ui = builtinProfiles().knowledge[int(Preset::ModelRegistryUi)];
        QCOMPARE(ui.preset, u"model-registry-ui"_s);
        QVERIFY(ui.ownsImage(u"ghcr.io/kubeflow/model-registry/ui:v0.3.8"_s));
        QVERIFY(!ui.unreadEnv.isEmpty());
        QVERIFY(builtinProfiles().knowledge[int(Preset::Split)].isEmpty());
        const QByteArray text = dctest::readAll(dctest::fixtures() + u"/bad-manifests/44-guide-env-vars.yaml"_s);
        ValidationOptions options;
        options.lints.modules = QList<ModuleKnowledge>{}; // no module known: no module findings
        const ValidationReport none = validateSet(manifestsFromText(text, u"44.yaml"_s), m_schemas, options);
        QCOMPARE(idsAtLines(none.findings), QStringList());
    }

    // Every bad manifest gives exactly the findings in its .expected file (id@line).
    void badManifests_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(dctest::fixtures() + u"/bad-manifests"_s);
        const QStringList files = dir.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 40);
        for (const QString &f : files)
            QTest::addRow("%s", qPrintable(f)) << dir.filePath(f);
    }

    void badManifests()
    {
        QFETCH(QString, file);
        const QByteArray text = dctest::readAll(file);
        ValidationOptions options;
        options.lints.environment = fixtureEnvironment(text);
        options.lints.platform = fixturePlatform(text);
        const ValidationReport report = validateSet(manifestsFromPaths({file}), m_schemas, options);
        QString expectedFile = file;
        expectedFile.replace(u".yaml"_s, u".expected"_s);
        QStringList expected = QString::fromUtf8(dctest::readAll(expectedFile)).split(u'\n', Qt::SkipEmptyParts);
        QStringList actual = idsAtLines(report.findings);
        expected.sort();
        actual.sort();
        QCOMPARE(actual, expected);
        for (const Finding &f : report.findings) {
            QCOMPARE(f.file, file);
            QVERIFY(!f.message.isEmpty());
            if (findLint(f.id))
                QVERIFY2(f.message.contains(findLint(f.id)->hint), qPrintable(f.message)); // every lint says what to do
        }
    }

    // The mistakes REFERENCE.md lists that show in the guide's manifests are all reported.
    void guideMistakes()
    {
        const ValidationReport report = validateSet(manifestsFromPaths({dctest::fixtures() + u"/guide"_s}), m_schemas, {});
        QSet<QString> ids;
        for (const Finding &f : report.findings)
            ids.insert(f.id);
        const QStringList required = {
            u"authz-ored-rules"_s,                  // 6: rules ORed
            u"authz-missing-patch"_s,               // 6: PATCH missing
            u"module-unknown-env"_s,                // 2: REACT_APP_*, MODE, METADATA_STORE_*
            u"service-selector-no-match"_s,         // 2: model-registry-bff selects no pod
            u"registry-grpc-port"_s,                // 4: grpc 9090 / metadata-grpc-service
            u"kubeflow-dedicated-gateway"_s,        // 5: dedicated Gateway
            u"module-config-file"_s,                // 7: model-registry-config config.yaml
            u"kustomize-common-labels"_s,           // 9: commonLabels
            u"kustomize-selector-labels-change"_s,  // 9: version label in selectors
            u"modelregistry-unknown-field"_s,       // 10: enableModelRegistry, modelRegistry.*
            u"modelregistry-crd-redefined"_s,       // 10
            u"odh-dashboard-config-configmap"_s,    // 11: a ConfigMap, not the CR
            u"odh-dashboard-config-unknown-key"_s,  // 11: disableAppLauncher
            u"odh-module-federation-field"_s,       // 11: moduleFederation
            u"odh-groups-config-lists"_s,           // 11: groups as lists
            u"tekton-v1beta1"_s,                    // 13
            u"konflux-unknown-task"_s,              // 13: push-to-registry
            u"unknown-kind"_s,                      // 14: ServiceMonitor apiVersion v1
            u"istio-api-version"_s,                 // 15
            u"image-latest"_s, u"security-run-as-root"_s, u"probes-missing"_s,
        };
        for (const QString &id : required)
            QVERIFY2(ids.contains(id), qPrintable(u"not reported: "_s + id));
    }

    // What the console generates passes its own lints.
    void generatedBundlesAreClean_data()
    {
        dctest::addAllTargets();
    }

    void generatedBundlesAreClean()
    {
        const Target target = dctest::fetchTarget();
        const Bundle b = generate(Project{}, target);
        const ValidationReport r = validateBundle(b, u"<render>"_s, m_schemas, {});
        QStringList problems;
        for (const Finding &f : r.findings)
            if (f.severity != Severity::Note)
                problems << f.format();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(r.count(Severity::Note), int(b.notes.size()));
    }

    // And so does what it generates for the fixture projects (RHOAI among them), in every environment.
    void fixtureProjectsAreClean_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("environment");
        const QDir dir(dctest::fixtures() + u"/projects"_s);
        for (const QString &f : dir.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
            for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
                QTest::addRow("%s-%s", qPrintable(f), qPrintable(toId(e))) << dir.filePath(f) << int(e);
    }

    void fixtureProjectsAreClean()
    {
        QFETCH(QString, file);
        QFETCH(int, environment);
        const ProjectLoad loaded = loadProjectFile(file);
        QVERIFY(loaded.project);
        Target t = loaded.project->target;
        t.environment = Environment(environment);
        const ValidationReport r = validateBundle(generate(*loaded.project, t), u"<render>"_s, m_schemas, {});
        QStringList problems;
        for (const Finding &f : r.findings)
            if (f.severity != Severity::Note)
                problems << f.format();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void disabledLintsAreSkipped()
    {
        const QString file = dctest::fixtures() + u"/bad-manifests/36-no-seccomp.yaml"_s;
        ValidationOptions options;
        QCOMPARE(validateSet(manifestsFromPaths({file}), m_schemas, options).count(Severity::Warning), 1);
        options.lints.disabled.insert(u"security-seccomp"_s);
        QCOMPARE(validateSet(manifestsFromPaths({file}), m_schemas, options).findings.size(), 0);
    }

    void projectDisablesLints()
    {
        const QByteArray text = "apiVersion: console.modarch.io/v1alpha1\nkind: DeploymentProject\nspec:\n  disabledLints:\n"
                                "  - id: production-replicas\n    reason: a single replica behind a queue\n";
        const ProjectLoad ok = parseProject(text, u"p.yaml"_s);
        QVERIFY(ok.project);
        QCOMPARE(ok.project->disabledLints.value(u"production-replicas"_s), u"a single replica behind a queue"_s);
        QVERIFY(serializeProject(*ok.project).contains("reason: a single replica behind a queue"));
        ProjectLoad bad = parseProject("apiVersion: console.modarch.io/v1alpha1\nkind: DeploymentProject\nspec:\n  disabledLints:\n"
                                       "  - id: production-replica\n    reason: x\n", u"p.yaml"_s);
        QVERIFY(!bad.project);
        QVERIFY2(bad.issues.front().format().contains(u"did you mean \"production-replicas\"?"_s), qPrintable(bad.issues.front().format()));
        bad = parseProject("apiVersion: console.modarch.io/v1alpha1\nkind: DeploymentProject\nspec:\n  disabledLints:\n"
                           "  - id: production-replicas\n", u"p.yaml"_s);
        QVERIFY(!bad.project);
        QVERIFY(bad.issues.front().format().contains(u"say why"_s));
    }

    // A kustomization folder is rendered with the real kubectl and its kustomization linted.
    void kustomizationFolders()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(writeExport(kustomizeExport(Project{}, Platform::Kubeflow, Preset::ModelRegistryUi), dir.path(), false, &error));
        const ManifestSet set = manifestsFromPaths({dir.filePath(u"overlays/production"_s)});
        QVERIFY2(set.readFindings.isEmpty(), qPrintable(set.readFindings.isEmpty() ? QString() : set.readFindings.front().format()));
        const Bundle prod = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(int(set.docs.size()), int(prod.documents.size()) + 1); // + the kustomization itself
        ValidationOptions options;
        options.lints.environment = Environment::Production;
        const ValidationReport r = validateSet(set, m_schemas, options);
        QVERIFY2(r.findings.isEmpty(), qPrintable(r.findings.isEmpty() ? QString() : r.findings.front().format()));
        // A whole export tree: every kustomization inside is rendered, plain files are read.
        const ManifestSet tree = manifestsFromPaths({dir.path()});
        QVERIFY(tree.sources.size() >= 4); // base + 3 overlays
        // A broken kustomization is a finding, not a crash.
        QFile k(dir.filePath(u"overlays/staging/kustomization.yaml"_s));
        QVERIFY(k.open(QIODevice::Append));
        k.write("resources:\n- missing.yaml\n");
        k.close();
        const ManifestSet broken = manifestsFromPaths({dir.filePath(u"overlays/staging"_s)});
        QVERIFY(!broken.readFindings.isEmpty());
    }

    void hugeFileIsRefused()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"huge.yaml"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(3 * 1024 * 1024));
        f.close();
        const ManifestSet set = manifestsFromPaths({f.fileName()}, 2 * 1024 * 1024);
        QCOMPARE(set.readFindings.size(), 1);
        QVERIFY(set.readFindings.front().message.contains(u"larger than 2 MiB"_s));
    }

    void findingsModelKeepsTheContract()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const QString file = dctest::fixtures() + u"/bad-manifests/16-authz-ored-rules.yaml"_s;
        const ValidationReport r = validateSet(manifestsFromPaths({file}), m_schemas, {});
        model.setFindings(r.findings);
        QCOMPARE(model.rowCount(), r.findings.size());
        QCOMPARE(model.columnCount(), int(FindingsModel::ColumnCount));
        const QModelIndex first = model.index(0, FindingsModel::IdColumn);
        QCOMPARE(first.data().toString(), u"authz-ored-rules"_s);
        QCOMPARE(first.data(FindingsModel::LineRole).toInt(), r.findings.front().line);
        QCOMPARE(first.data(FindingsModel::SeverityRole).toInt(), int(Severity::Error));
        QCOMPARE(model.headerData(FindingsModel::MessageColumn, Qt::Horizontal).toString(), u"Message"_s);
        QCOMPARE(model.count(Severity::Error), 1);
        model.setFindings({});
        QCOMPARE(model.rowCount(), 0);
    }

    // Generated bundles: findings know the config path behind the field.
    void findingsLeadToConfig()
    {
        Project p;
        p.values.insert(u"istio.authz.methods"_s, LayerValue{QStringList{u"GET"_s}, {}, 0});
        const Bundle b = generate(p, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        const ValidationReport r = validateBundle(b, u"<render>"_s, m_schemas, {});
        bool found = false;
        for (const Finding &f : r.findings)
            if (f.id == u"authz-missing-patch"_s) {
                found = true;
                QCOMPARE(f.configPath, u"istio.authz.methods"_s);
                QVERIFY(f.line > 0);
                QVERIFY(b.yaml(true).split(u'\n').value(f.line - 1).trimmed().startsWith(u"methods:"_s));
            }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
