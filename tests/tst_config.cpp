#include "config/assignment.h"
#include "config/fields.h"
#include "config/quantity.h"
#include "config/project.h"
#include "config/resolvedconfig.h"
#include "testutil.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace dc;

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinProfilesLoadCleanly()
    {
        const Profiles &p = builtinProfiles();
        QVERIFY2(p.issues.isEmpty(), qPrintable(p.issues.isEmpty() ? QString() : p.issues.front().format()));
        QVERIFY(!p.environment[int(Environment::Production)].isEmpty());
    }

    void registryIsConsistent()
    {
        for (const FieldDef &f : fieldDefs()) {
            QVERIFY2(checkFieldValue(f, f.defaultValue).isEmpty(), qPrintable(f.path));
            QVERIFY2(!isFieldPrefix(f.path), qPrintable(f.path + u" is both a setting and a group"_s));
            QVERIFY2(!f.help.isEmpty() && !f.label.isEmpty(), qPrintable(f.path));
        }
    }

    void quantities_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("value"); // cores or bytes
        QTest::addColumn<QString>("suffix");
        QTest::addRow("500m") << u"500m"_s << true << 0.5 << u"m"_s;
        QTest::addRow("0.5") << u"0.5"_s << true << 0.5 << u""_s;
        QTest::addRow("1e3") << u"1e3"_s << true << 1000.0 << u"e3"_s;
        QTest::addRow("2E-3") << u"2E-3"_s << true << 0.002 << u"E-3"_s;
        QTest::addRow("+1Gi") << u"+1Gi"_s << true << 1073741824.0 << u"Gi"_s;
        QTest::addRow("1Pi") << u"1Pi"_s << true << 1125899906842624.0 << u"Pi"_s;
        QTest::addRow("1.5Gi") << u"1.5Gi"_s << true << 1610612736.0 << u"Gi"_s;
        QTest::addRow("256Mi") << u"256Mi"_s << true << 268435456.0 << u"Mi"_s;
        QTest::addRow("2k") << u"2k"_s << true << 2000.0 << u"k"_s;
        QTest::addRow(".5") << u".5"_s << true << 0.5 << u""_s;
        QTest::addRow("1.") << u"1."_s << true << 1.0 << u""_s;
        QTest::addRow("negative") << u"-1"_s << true << -1.0 << u""_s;
        QTest::addRow("invalid-text") << u"lots"_s << false << 0.0 << QString();
        QTest::addRow("unknown-unit") << u"1Gb"_s << false << 0.0 << QString();
        QTest::addRow("lowercase-ki") << u"1ki"_s << false << 0.0 << QString();
        QTest::addRow("space") << u"1 Gi"_s << false << 0.0 << QString();
        QTest::addRow("empty") << u""_s << false << 0.0 << QString();
        QTest::addRow("two-signs") << u"+-1"_s << false << 0.0 << QString();
    }

    void quantities()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, value);
        QFETCH(QString, suffix);
        QString error;
        const auto q = Quantity::parse(text, &error);
        QCOMPARE(bool(q), valid);
        if (!valid) {
            QVERIFY(error.contains(u"is not a resource quantity"_s));
            // The settings check says the same for a quantity field.
            const FieldDef *cpu = findField(u"resources.requests.cpu"_s);
            QVERIFY(cpu);
            QVERIFY(!checkFieldValue(*cpu, text).isEmpty());
            return;
        }
        QCOMPARE(q->value(), value);
        QCOMPARE(q->suffix(), suffix);
    }

    // Secrets are created with mode 0600 (even with umask 0), and replace an older, wider file.
    void secretFilesAreCreatedPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"token"_s);
        QVERIFY(writeFileAtomically(path, "old", nullptr));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        const mode_t before = ::umask(0);
        QString error;
        const bool ok = writeFileAtomically(path, "secret\n", &error, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        ::umask(before);
        QVERIFY2(ok, qPrintable(error));
        struct stat st{};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(dctest::readAll(path), QByteArray("secret\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"token"_s}); // no temporary file left
    }

    // One reader of FIELD=VALUE for deployctl --set and deploy-console --set.
    void settingAssignments_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("error"); // part of the message, "" when valid
        QTest::addRow("int") << u"replicas=3"_s << u"replicas"_s << QVariant(qlonglong(3)) << QString();
        QTest::addRow("text-as-written") << u"image.tag=1.10"_s << u"image.tag"_s << QVariant(u"1.10"_s) << QString();
        QTest::addRow("quantity") << u"resources.requests.cpu=250m"_s << u"resources.requests.cpu"_s << QVariant(u"250m"_s) << QString();
        QTest::addRow("bool") << u"hpa.enabled=true"_s << u"hpa.enabled"_s << QVariant(true) << QString();
        QTest::addRow("yaml11-bool") << u"pdb.enabled=yes"_s << u"pdb.enabled"_s << QVariant(true) << QString();
        QTest::addRow("not-a-number") << u"replicas=three"_s << QString() << QVariant() << u"expected integer"_s;
        QTest::addRow("bad-quantity") << u"resources.requests.cpu=lots"_s << QString() << QVariant() << u"not a resource quantity"_s;
        QTest::addRow("misspelt") << u"replcas=3"_s << QString() << QVariant() << u"did you mean \"replicas\""_s;
        QTest::addRow("no-equals") << u"replicas"_s << QString() << QVariant() << u"write FIELD=VALUE"_s;
        QTest::addRow("empty-int") << u"replicas="_s << QString() << QVariant() << u"replicas"_s;
    }

    void settingAssignments()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        QFETCH(QVariant, value);
        QFETCH(QString, error);
        QString message;
        const auto a = parseSettingAssignment(text, &message);
        QCOMPARE(bool(a), error.isEmpty());
        if (!a) {
            QVERIFY2(message.contains(error), qPrintable(message));
            return;
        }
        QCOMPARE(a->path, path);
        QCOMPARE(a->value, value);
    }

    void guideEnvironmentValues_data()
    {
        QTest::addColumn<int>("env");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QString>("cpuRequest");
        QTest::addColumn<QString>("memoryLimit");
        QTest::addColumn<bool>("debug");
        QTest::addColumn<bool>("devTools");
        QTest::addColumn<bool>("monitoring");
        QTest::addRow("development") << int(Environment::Development) << 1 << u"100m"_s << u"256Mi"_s << true << true << false;
        QTest::addRow("staging") << int(Environment::Staging) << 2 << u"250m"_s << u"512Mi"_s << false << true << false;
        QTest::addRow("production") << int(Environment::Production) << 3 << u"500m"_s << u"1Gi"_s << false << false << true;
    }

    void guideEnvironmentValues()
    {
        QFETCH(int, env);
        QFETCH(int, replicas);
        QFETCH(QString, cpuRequest);
        QFETCH(QString, memoryLimit);
        QFETCH(bool, debug);
        QFETCH(bool, devTools);
        QFETCH(bool, monitoring);
        const ResolvedConfig c = resolve(Project{}, Target{Platform::Kubeflow, Environment(env), Preset::ModelRegistryUi});
        QCOMPARE(c.integer(u"replicas"_s), replicas);
        QCOMPARE(c.str(u"resources.requests.cpu"_s), cpuRequest);
        QCOMPARE(c.str(u"resources.limits.memory"_s), memoryLimit);
        QCOMPARE(c.flag(u"features.debugMode"_s), debug);
        QCOMPARE(c.flag(u"features.devTools"_s), devTools);
        QCOMPARE(c.flag(u"monitoring.enabled"_s), monitoring);
        QCOMPARE(c.at(u"replicas"_s).layer, Layer::Environment);
    }

    void provenanceFollowsLayers()
    {
        Project p;
        p.values.insert(u"replicas"_s, LayerValue{qlonglong(5), u"p.yaml"_s, 9});
        p.environments[int(Environment::Staging)].insert(u"image.tag"_s, LayerValue{u"v9"_s, u"p.yaml"_s, 14});
        const Target prod{Platform::Odh, Environment::Production, Preset::ModelRegistryUi};
        const ResolvedConfig c = resolve(p, prod);
        QCOMPARE(c.at(u"replicas"_s).layer, Layer::Project);
        QCOMPARE(c.at(u"replicas"_s).origin, u"p.yaml:9"_s);
        QCOMPARE(c.integer(u"replicas"_s), 5);
        QCOMPARE(c.at(u"port"_s).layer, Layer::Platform);              // odh: 8043
        QCOMPARE(c.integer(u"port"_s), 8043);
        QCOMPARE(c.at(u"image.repository"_s).layer, Layer::Platform);  // odh image for the preset
        QCOMPARE(c.at(u"probes.path"_s).layer, Layer::Default);
        QCOMPARE(c.str(u"image.tag"_s), u"odh-stable"_s);               // staging-only override not applied
        const ResolvedConfig staging = resolve(p, Target{Platform::Odh, Environment::Staging, Preset::ModelRegistryUi});
        QCOMPARE(staging.str(u"image.tag"_s), u"v9"_s);
        // "Reset to inherited" restores what the layers below the project say.
        const ResolvedValue inherited = inheritedValue(p, prod, u"replicas"_s);
        QCOMPARE(inherited.layer, Layer::Environment);
        QCOMPARE(inherited.value.toLongLong(), 3);
        const ResolvedConfig split = resolve(p, Target{Platform::Kubeflow, Environment::Development, Preset::Split});
        QCOMPARE(split.at(u"monitoring.metricsPort"_s).layer, Layer::Preset);
    }

    void projectRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("kubeflow-everything") << u"kubeflow-everything.yaml"_s;
        QTest::addRow("odh-mysql") << u"odh-mysql.yaml"_s;
        QTest::addRow("standalone-ingress") << u"standalone-ingress.yaml"_s;
    }

    void projectRoundTrip()
    {
        QFETCH(QString, file);
        const ProjectLoad first = loadProjectFile(dctest::fixtures() + u"/projects/"_s + file);
        QVERIFY2(first.project, qPrintable(first.issues.isEmpty() ? QString() : first.issues.front().format()));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"saved.yaml"_s);
        QString error;
        QVERIFY2(saveProjectFile(*first.project, path, &error), qPrintable(error));
        const ProjectLoad second = loadProjectFile(path);
        QVERIFY(second.project);
        // Values and target survive; origins name the new file, so compare values only.
        QCOMPARE(second.project->target, first.project->target);
        QCOMPARE(second.project->name, first.project->name);
        QCOMPARE(second.project->values.keys().size(), first.project->values.keys().size());
        for (auto it = first.project->values.begin(); it != first.project->values.end(); ++it)
            QCOMPARE(second.project->values.value(it.key()).value, it->value);
        for (int e = 0; e < 3; ++e)
            for (auto it = first.project->environments[e].begin(); it != first.project->environments[e].end(); ++it)
                QCOMPARE(second.project->environments[e].value(it.key()).value, it->value);
        // Saving again gives the same bytes.
        QCOMPARE(serializeProject(*second.project), serializeProject(*first.project));
    }

    void failedSaveKeepsOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"p.yaml"_s);
        QString error;
        QVERIFY(saveProjectFile(Project{}, path, &error));
        const QByteArray before = dctest::readAll(path);
        // A folder where the temporary file would go makes the save fail half-way.
        QVERIFY(!saveProjectFile(Project{}, dir.path(), &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(dctest::readAll(path), before);
    }

    void badProjects_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(dctest::fixtures() + u"/bad-projects"_s);
        const QStringList files = dir.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 20);
        for (const QString &f : files)
            QTest::addRow("%s", qPrintable(f)) << dir.filePath(f);
    }

    void badProjects()
    {
        QFETCH(QString, file);
        const ProjectLoad r = loadProjectFile(file);
        QVERIFY2(!r.project, "a broken project must not load");
        QVERIFY(!r.issues.isEmpty());
        QStringList formatted;
        for (const ConfigIssue &i : r.issues)
            formatted << i.format();
        const QString all = formatted.join(u'\n');
        QString expectedFile = file;
        expectedFile.replace(u".yaml"_s, u".expected"_s);
        const QStringList expected = QString::fromUtf8(dctest::readAll(expectedFile)).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(!expected.isEmpty(), qPrintable(u"no expectations in "_s + expectedFile));
        for (const QString &e : expected)
            QVERIFY2(all.contains(e), qPrintable(u"expected \""_s + e + u"\" in:\n"_s + all));
        // Every message names the file.
        for (const ConfigIssue &i : r.issues)
            QVERIFY(i.format().startsWith(file));
    }

    void suggestions()
    {
        QCOMPARE(suggestField(u"replica"_s), u"replicas"_s);
        QCOMPARE(suggestField(u"istio.authz.method"_s), u"istio.authz.methods"_s);
        QCOMPARE(suggestField(u"completelyunrelated"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
