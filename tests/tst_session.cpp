// The preview pipeline and the stores behind the console, without widgets: PreviewSession
// (render now, check on a worker, superseded checks dropped), the resource tree model and its
// severity filter, and the recovery store.
#include "config/project.h"
#include "config/recoverystore.h"
#include "config/resolvedconfig.h"
#include "itemmodels/resourcetreemodel.h"
#include "manifests/bundle.h"
#include "manifests/bundletext.h"
#include "manifests/generator.h"
#include "session/previewsession.h"
#include "validation/validator.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace dc;

class TestSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void renderThenCheck()
    {
        PreviewSession session;
        QSignalSpy rendered(&session, &PreviewSession::rendered);
        QSignalSpy validated(&session, &PreviewSession::validated);
        session.render(resolve(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi}));
        QCOMPARE(rendered.count(), 1); // at once
        QVERIFY(session.checking());
        QVERIFY(session.text().text.contains(u"kind: Deployment"_s));
        QVERIFY(validated.wait(30000));
        QVERIFY(!session.checking());
        QCOMPARE(session.report().documents, int(session.bundle().documents.size()));
    }

    // A burst of edits renders each once and checks only the last bundle; an older check's
    // result is never shown.
    void burstRendersOnceAndDropsStaleChecks()
    {
        PreviewSession session;
        QSignalSpy validated(&session, &PreviewSession::validated);
        Project p;
        for (int replicas = 1; replicas <= 5; ++replicas) {
            p.values.insert(u"replicas"_s, LayerValue{QVariant(qlonglong(replicas)), QString(), 0});
            session.render(resolve(p, Target{Platform::Standalone, Environment::Production, Preset::ModelRegistryUi}));
        }
        QCOMPARE(session.renderCount(), 5);
        QVERIFY(validated.wait(30000));
        QCOMPARE(validated.count(), 1);
        QVERIFY2(session.checkCount() <= 2, qPrintable(QString::number(session.checkCount())));
        QVERIFY(!session.checking());
        // The findings are those of the last bundle (5 replicas: no production-replicas warning).
        for (const Finding &f : session.report().findings)
            QVERIFY2(f.id != u"production-replicas"_s, qPrintable(f.message));
        QVERIFY(!validated.wait(500)); // nothing stale arrives later
        QCOMPARE(session.renderCount(), 5);
    }

    void resourceTreeUnderTheTester()
    {
        ResourceTreeModel model;
        ResourceSeverityFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Bundle b = generate(Project{}, Target{Platform::Odh, Environment::Production, Preset::Split});
        model.setBundle(b);
        {
            // The same objects again (most edits): no reset, the view keeps its state.
            QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
            model.setBundle(generate(Project{}, Target{Platform::Odh, Environment::Production, Preset::Split}));
            QCOMPARE(reset.count(), 0);
            model.setBundle(generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::Split}));
            QCOMPARE(reset.count(), 1);
            model.setBundle(b);
        }
        int objects = 0;
        for (int g = 0; g < model.rowCount(); ++g)
            objects += model.rowCount(model.index(g, 0));
        QCOMPARE(objects, int(b.documents.size()));
        // A group per kind (so rows show names), in apply order: namespace and access first.
        QVERIFY2(model.index(0, 0).data(Qt::ToolTipRole).toString().endsWith(u"— Namespace & access"_s), qPrintable(model.index(0, 0).data(Qt::ToolTipRole).toString()));
        QCOMPARE(model.rowCount(model.index(0, 1)), 0); // only column 0 has children
        const QModelIndex firstObject = model.index(0, 0, model.index(0, 0));
        // Findings name their object Kind/name; the row shows the name under its kind's group.
        const QString id = model.index(0, 0).data().toString().section(u' ', 0, 0) + u'/' + firstObject.data().toString();
        QVERIFY(firstObject.data(Qt::ToolTipRole).toString().startsWith(id + u" ("_s));
        Finding error;
        error.severity = Severity::Error;
        error.document = id;
        Finding warning;
        warning.severity = Severity::Warning;
        warning.document = id;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFindings({error, warning, warning});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(firstObject.data(ResourceTreeModel::ErrorsRole).toInt(), 1);
        QCOMPARE(firstObject.data(ResourceTreeModel::WarningsRole).toInt(), 2);
        QCOMPARE(model.index(0, ResourceTreeModel::FindingsColumn, model.index(0, 0)).data().toString(), u"1 ✖"_s);
        filter.setLevel(ResourceSeverityFilter::ErrorsOnly);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.rowCount(filter.index(0, 0)), 1);
        QCOMPARE(filter.index(0, 0, filter.index(0, 0)).data().toString(), id.section(u'/', 1));
        model.setFindings({});
        QCOMPARE(filter.rowCount(), 0);
        filter.setLevel(ResourceSeverityFilter::Everything);
        QCOMPARE(filter.rowCount(), model.rowCount());
    }

    void recoveryStoreOffersOnlyLeftovers()
    {
        QTemporaryDir dir;
        const RecoveryStore mine(dir.path(), ::getpid());
        QVERIFY(mine.write(u"/tmp/a.yaml"_s, "kind: DeploymentProject\n", nullptr));
        QVERIFY(mine.leftovers().isEmpty()); // this process is running
        // A file of an ended process (a pid that does not exist) is a leftover.
        const RecoveryStore ended(dir.path(), 999999999);
        QVERIFY(ended.write(QString(), "kind: DeploymentProject\n", nullptr));
        const QList<RecoveryEntry> left = mine.leftovers();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.front().pid, 999999999);
        QCOMPARE(left.front().project, QByteArray("kind: DeploymentProject\n"));
        QVERIFY(left.front().time.isValid());
        QCOMPARE(QFile::permissions(left.front().path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        // A broken file is skipped, and read() says why.
        QFile broken(dir.filePath(u"broken.json"_s));
        QVERIFY(broken.open(QIODevice::WriteOnly) && broken.write("{not json") > 0);
        broken.close();
        QCOMPARE(mine.leftovers().size(), 1);
        QString error;
        QVERIFY(!RecoveryStore::read(broken.fileName(), &error));
        QVERIFY(error.contains(u"not a recovery file"_s));
        mine.remove(u"/tmp/a.yaml"_s);
        QVERIFY(!QFile::exists(mine.pathFor(u"/tmp/a.yaml"_s)));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
