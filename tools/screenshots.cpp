// Takes the README's pictures of the console's main states: it drives the real window and
// saves what it shows (QWidget::grab), light and dark. Run through scripts/screenshots.sh.
#include "clusterdialog.h"
#include "deploy/deploywindow.h"
#include "metrics/metricswindow.h"
#include "kube/kubeconfig.h"
#include "manifests/generator.h"
#include "config/project.h"
#include "formpage.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "yamlview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

void settle(int ms = 300)
{
    QTest::qWait(ms);
}

bool save(QWidget *w, const QString &dir, const QString &name)
{
    const QString path = QDir(dir).filePath(name + u".png"_s);
    const bool ok = w->grab().save(path);
    QTextStream(stdout) << (ok ? "wrote " : "FAILED ") << path << "\n";
    return ok;
}

void waitForFindings(dc::MainWindow &w)
{
    QSignalSpy spy(&w, &dc::MainWindow::findingsUpdated);
    spy.wait(10000);
    settle();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"modarch-screenshots"_s);
    QApplication::setApplicationName(u"Deploy Console"_s);
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"docs/screenshots"_s;
    QDir().mkpath(dir);
    bool ok = true;
    for (const QString &theme : {u"light"_s, u"dark"_s}) {
        dc::MainWindow w;
        w.setTheme(theme);
        w.resize(1440, 880);
        w.show();
        settle();
        if (theme == u"light"_s)
            ok = save(&w, dir, u"start-screen"_s) && ok;
        dc::Project p;
        p.target = dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi};
        w.showProject(p, QString());
        waitForFindings(w);
        // An edit in progress: the image tag, with its YAML lines marked.
        auto *tag = qobject_cast<QLineEdit *>(w.page(u"images"_s)->editorFor(u"image.tag"_s));
        w.selectField(u"image.tag"_s);
        tag->selectAll();
        QTest::keyClicks(tag, u"v0.3.9"_s);
        waitForFindings(w);
        ok = save(&w, dir, u"editor-" + theme) && ok;
        // The smallest window the layout is made for.
        w.resize(1024, 700);
        settle();
        ok = save(&w, dir, u"editor-1024-" + theme) && ok;
        w.resize(1440, 880);
        settle();
        // The cluster dialog after a pre-flight against the demo cluster (scripts/screenshots.sh
        // starts one with a denied permission and sets KUBECONFIG), at 1024×700.
        if (qEnvironmentVariableIsSet("KUBECONFIG")) {
            w.findChild<QAction *>(u"actionCheckCluster"_s)->trigger();
            settle();
            auto *cluster = w.findChild<dc::ClusterDialog *>();
            cluster->resize(1024, 700);
            QSignalSpy done(cluster, &dc::ClusterDialog::runFinished);
            cluster->runPreflight();
            done.wait(30000);
            settle();
            ok = save(cluster, dir, theme == u"light"_s ? u"cluster"_s : u"cluster-dark"_s) && ok;
            cluster->close();
        }
        // Deploying to a second demo cluster (DC_DEPLOY_KUBECONFIG): the differences, then the
        // rollout after Apply, at 1024×700.
        if (const QString kubeconfig = qEnvironmentVariable("DC_DEPLOY_KUBECONFIG"); !kubeconfig.isEmpty()) {
            QString error;
            const auto context = dc::kube::Kubeconfig::load({kubeconfig, {}, {}}).resolve({}, &error);
            dc::DeployWindow deploy(*context, dc::generate(p, p.target), p.target, QString(), &w);
            deploy.resize(1024, 700);
            deploy.show();
            QSignalSpy checked(&deploy, &dc::DeployWindow::differencesChecked);
            deploy.checkDifferences();
            checked.wait(30000);
            settle();
            if (theme == u"light"_s)
                ok = save(&deploy, dir, u"deploy-diff"_s) && ok;
            QSignalSpy applied(&deploy, &dc::DeployWindow::applyFinished);
            deploy.apply(true);
            applied.wait(60000);
            settle(2500); // pods starting and becoming ready
            ok = save(&deploy, dir, theme == u"light"_s ? u"deploy-rollout"_s : u"deploy-rollout-dark"_s) && ok;
            deploy.close();
            // The metrics of what was just deployed, from the Prometheus scraping that cluster
            // (DC_PROMETHEUS_URL), after some traffic.
            if (const QString prometheus = qEnvironmentVariable("DC_PROMETHEUS_URL"); !prometheus.isEmpty()) {
                settle(theme == u"light"_s ? 45000 : 500);
                dc::MetricsWindow metrics(dc::generate(p, p.target), p.target, *context, &w);
                metrics.resize(1024, 700);
                metrics.show();
                metrics.findChild<QComboBox *>(u"metricsRange"_s)->setCurrentIndex(0);
                metrics.setPrometheusUrl(prometheus);
                QSignalSpy refreshed(&metrics, &dc::MetricsWindow::refreshed);
                metrics.refresh();
                refreshed.wait(30000);
                settle();
                ok = save(&metrics, dir, theme == u"light"_s ? u"metrics"_s : u"metrics-dark"_s) && ok;
                metrics.close();
            }
        }
        if (theme == u"dark"_s)
            continue;
        // Quantities with units, and the lines of the memory request.
        w.selectField(u"resources.requests.memory"_s);
        settle();
        ok = save(&w, dir, u"resources"_s) && ok;
        // A problem at the field, and a warning in the findings.
        auto *ns = qobject_cast<QLineEdit *>(w.page(u"general"_s)->editorFor(u"namespace"_s));
        w.selectField(u"namespace"_s);
        ns->selectAll();
        QTest::keyClicks(ns, u"Model_Registry"_s);
        tag->setFocus();
        tag->selectAll();
        QTest::keyClicks(tag, u"latest"_s);
        waitForFindings(w);
        w.selectField(u"namespace"_s);
        settle();
        ok = save(&w, dir, u"problems"_s) && ok;
        // ODH: the federation pages and the comparison with staging.
        w.document()->setTarget(dc::Target{dc::Platform::Odh, dc::Environment::Production, dc::Preset::ModelRegistryUi});
        ns->selectAll();
        QTest::keyClicks(ns, u"opendatahub"_s);
        waitForFindings(w);
        w.selectField(u"odh.federation.moduleName"_s);
        settle();
        ok = save(&w, dir, u"odh-dashboard"_s) && ok;
        w.findChild<QAction *>(u"actionDiff"_s)->trigger();
        settle();
        auto *against = w.findChild<QComboBox *>(u"diffAgainst"_s);
        against->setCurrentIndex(against->findText(u"Staging (same project)"_s));
        settle();
        ok = save(against->window(), dir, u"compare"_s) && ok;
        against->window()->close();
    }
    return ok ? 0 : 1;
}
