#pragma once

#include "config/project.h"
#include "config/target.h"
#include "manifests/node.h"
#include "manifests/yaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTest>
#include <map>
#include <vector>

namespace dctest {

inline QString fixtures() { return QStringLiteral(DC_FIXTURES_DIR); }

/// Calls f(target) for every platform × environment × preset.
template<typename F>
void forEachTarget(F f)
{
    using namespace dc;
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
            for (Preset s : {Preset::ModelRegistryUi, Preset::Split})
                f(Target{p, e, s});
}

/// Data rows for every platform × environment × preset ("kubeflow-production-split").
inline void addAllTargets()
{
    QTest::addColumn<int>("platform");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("preset");
    forEachTarget([](const dc::Target &t) {
        QTest::addRow("%s", qPrintable(t.id())) << int(t.platform) << int(t.environment) << int(t.preset);
    });
}

/// Data rows (project, platform, environment, preset) for the 18 built-in combinations (project
/// "") and for each fixture project in each environment ("odh-mysql-staging").
inline void addAllTargetsAndProjects()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<int>("platform");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("preset");
    using namespace dc;
    forEachTarget([](const Target &t) {
        QTest::addRow("%s", qPrintable(t.id())) << QString() << int(t.platform) << int(t.environment) << int(t.preset);
    });
    const QDir dir(fixtures() + QStringLiteral("/projects"));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
        const ProjectLoad loaded = loadProjectFile(dir.filePath(file));
        QVERIFY2(loaded.project, qPrintable(file));
        for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
            QTest::addRow("%s-%s", qPrintable(QFileInfo(file).baseName()), qPrintable(toId(e)))
                << dir.filePath(file) << int(loaded.project->target.platform) << int(e) << int(loaded.project->target.preset);
    }
}

/// The target of the current data row of addAllTargets().
inline dc::Target fetchTarget()
{
    QFETCH(int, platform);
    QFETCH(int, environment);
    QFETCH(int, preset);
    return dc::Target{dc::Platform(platform), dc::Environment(environment), dc::Preset(preset)};
}

inline QString keyOf(const dc::Node &n)
{
    return n.str(u"apiVersion") + QLatin1Char(' ') + n.str(u"kind") + QLatin1Char(' ') + n.str(u"metadata.namespace")
        + QLatin1Char('/') + n.str(u"metadata.name");
}

/// "" when both sets hold the same objects (equal as data), else what differs.
inline QString compareDocumentSets(const std::vector<dc::Node> &expected, const std::vector<dc::Node> &actual)
{
    std::map<QString, const dc::Node *> a, b;
    for (const dc::Node &n : expected)
        a[keyOf(n)] = &n;
    for (const dc::Node &n : actual)
        b[keyOf(n)] = &n;
    QString diff;
    for (const auto &[k, n] : a) {
        const auto it = b.find(k);
        if (it == b.end())
            diff += QStringLiteral("missing: ") + k + QLatin1Char('\n');
        else if (!n->dataEquals(*it->second))
            diff += QStringLiteral("differs: ") + k + QStringLiteral("\n--- expected\n") + dc::toYaml(*n)
                + QStringLiteral("--- actual\n") + dc::toYaml(*it->second);
    }
    for (const auto &[k, n] : b)
        if (!a.count(k))
            diff += QStringLiteral("unexpected: ") + k + QLatin1Char('\n');
    if (expected.size() != a.size() || actual.size() != b.size())
        diff += QStringLiteral("duplicate objects in a set\n");
    return diff;
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace dctest
