#include "common.h"

#include "deploy/rolloutstatus.h"
#include "deploy/rolloutwatch.h"
#include "kube/kubeclient.h"
#include "manifests/generator.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace dc::cli {

int cmdStatus(const QStringList &args)
{
    Common c(u"Show the rollout of the bundle's Deployments as `kubectl rollout status` does, with its lines and exit code: "
             "the current status of each, or with --watch every change until each has rolled out, failed (progress deadline) or --timeout passed.\n"
             "Exit codes: 0 rolled out (or, without --watch, not failed), 1 a rollout failed or timed out, 2 usage error, 3 unreadable input."_s);
    TargetOptions t;
    t.add(c.parser);
    ClusterOptions cluster;
    cluster.add(c.parser, false);
    QCommandLineOption watch({u"w"_s, u"watch"_s}, u"Follow each rollout until it is done."_s);
    QCommandLineOption timeout(u"timeout"_s, u"With --watch: how long to wait (e.g. 90s, 5m; 0, the default: no limit)."_s, u"duration"_s, u"0"_s);
    QCommandLineOption revision(u"revision"_s, u"Expect this revision of the Deployment (as kubectl's --revision)."_s, u"N"_s, u"0"_s);
    c.parser.addOption(watch);
    c.parser.addOption(timeout);
    c.parser.addOption(revision);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    const qint64 timeoutMs = parseDuration(c.parser.value(timeout));
    if (timeoutMs < 0) {
        err() << "--timeout: \"" << c.parser.value(timeout) << "\" is no duration (e.g. 90s, 5m, 1h)\n";
        return Usage;
    }
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
        return rc;
    const Bundle bundle = generate(loaded.project, target);
    int rc = Ok;
    std::unique_ptr<kube::KubeClient> client = cluster.connect(c.parser, &rc);
    if (!client)
        return rc;
    QJsonArray report;
    for (const Document &d : bundle.documents) {
        if (d.kind() != u"Deployment"_s)
            continue;
        deploy::RolloutWatch run(client.get(), d.ns(), d.name());
        run.setWatch(c.parser.isSet(watch));
        run.setTimeout(timeoutMs);
        run.setRevision(c.parser.value(revision).toLongLong());
        QJsonArray lines;
        QObject::connect(&run, &deploy::RolloutWatch::line, [&](const QString &text) {
            lines.append(text);
            if (!c.json) {
                out() << text << "\n";
                out().flush();
            }
        });
        QEventLoop loop;
        QObject::connect(&run, &deploy::RolloutWatch::finished, &loop, &QEventLoop::quit);
        run.start();
        loop.exec();
        const bool failed = !run.errorMessage().isEmpty();
        if (failed) {
            rc = Findings;
            if (!c.json)
                err() << (run.errorMessage().startsWith(u"Error from server"_s) ? QString() : u"error: "_s) << run.errorMessage() << "\n";
        }
        report.append(QJsonObject{{u"deployment"_s, d.name()}, {u"namespace"_s, d.ns()}, {u"lines"_s, lines}, {u"done"_s, run.succeeded()},
                                  {u"error"_s, run.errorMessage()}});
    }
    if (c.json)
        printJson(QJsonObject{{u"deployments"_s, report}});
    out().flush();
    return rc;
}

} // namespace dc::cli
