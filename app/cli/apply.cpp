#include "common.h"

#include "deploy/applier.h"
#include "deploy/applyrecorder.h"
#include "deploy/bundlediff.h"
#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "manifests/generator.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace dc::cli {

bool runDiff(deploy::BundleDiff &diff, bool json);
void printPlan(const deploy::BundleDiff &diff);

int cmdApply(const QStringList &args)
{
    Common c(u"Apply the bundle to the cluster with server-side apply (field manager deploy-console): namespaces first, then the objects, "
             "then the merges into shared objects (read-merge-write, other teams' entries kept). The diff is shown and confirmed first "
             "(--yes for scripts). Every apply is recorded in the local history.\n"
             "Exit codes: 0 applied, 1 a step failed (the summary says which were applied), 2 usage error or not confirmed, 3 unreadable input."_s);
    TargetOptions t;
    t.add(c.parser);
    ClusterOptions cluster;
    cluster.add(c.parser);
    QCommandLineOption dryRun(u"dry-run"_s, u"\"server\": the server checks every step and changes nothing (\"none\": apply)."_s, u"mode"_s, u"none"_s);
    QCommandLineOption yes({u"y"_s, u"yes"_s}, u"Apply without asking."_s);
    QCommandLineOption force(u"force-conflicts"_s, u"Take over fields that other field managers own (they may change them back)."_s);
    QCommandLineOption prune(u"prune"_s, u"Also delete the objects with this project's labels that the bundle no longer has (listed and confirmed)."_s);
    for (const auto &o : {dryRun, yes, force, prune})
        c.parser.addOption(o);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    const QString mode = c.parser.value(dryRun);
    if (mode != u"none"_s && mode != u"server"_s) {
        err() << "--dry-run: \"" << mode << "\" is not supported; use --dry-run=server (the server checks everything, nothing changes)\n";
        return Usage;
    }
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
        return rc;
    int rc = Ok;
    std::unique_ptr<kube::KubeClient> client = cluster.connect(c.parser, &rc);
    if (!client)
        return rc;
    const Bundle bundle = generate(loaded.project, target);

    // 1. What would change.
    deploy::BundleDiff diff(client.get(), bundle);
    diff.setForceConflicts(c.parser.isSet(force));
    const bool diffOk = runDiff(diff, c.json);
    const kube::Kubeconfig::Resolved &context = client->context();
    if (!c.json) {
        err() << "\nPlan for context \"" << context.context.name << "\" (" << context.cluster.server << "):\n";
        printPlan(diff);
        for (const MergeAction &a : bundle.actions)
            err() << "  " << u"step"_s.leftJustified(10) << " " << a.summary << "\n";
    }
    if (!diffOk) {
        err() << "Nothing was applied: the server refuses some objects (see error: above)"
              << (c.parser.isSet(force) ? "" : "; a conflict with another field manager can be taken over with --force-conflicts") << ".\n";
        if (c.json)
            printJson(QJsonObject{{u"diff"_s, diff.toJson()}, {u"applied"_s, false}});
        return Findings;
    }
    QList<std::pair<QString, QString>> pruned;
    if (c.parser.isSet(prune))
        for (const deploy::PruneCandidate &p : diff.pruneCandidates())
            pruned << std::pair{kube::objectPath(p.apiVersion, p.kind, p.ns, p.name), p.id() + (p.ns.isEmpty() ? QString() : u" in "_s + p.ns)};
    if (!c.json && !pruned.isEmpty()) {
        err() << "Will delete (--prune):\n";
        for (const auto &p : std::as_const(pruned))
            err() << "  " << p.second << "\n";
    }
    err().flush();

    // 2. Confirmation.
    const bool isDryRun = mode == u"server"_s;
    if (!isDryRun && !c.parser.isSet(yes)) {
        if (!::isatty(STDIN_FILENO)) {
            err() << "Not applied: confirm in a terminal, or add --yes to apply without asking.\n";
            return Usage;
        }
        err() << "Apply to \"" << context.context.name << "\"? [y/N] ";
        err().flush();
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != u"y"_s && answer != u"yes"_s) {
            err() << "Not applied.\n";
            return Usage;
        }
    }

    // 3. The steps.
    deploy::Applier applier(client.get(), bundle, {isDryRun, c.parser.isSet(force), 120000});
    applier.setPrune(pruned);
    QObject::connect(&applier, &deploy::Applier::stepFinished, [&](int index) {
        if (c.json)
            return;
        const deploy::ApplyStep &s = applier.steps().at(index);
        out() << QStringLiteral("%1 %2%3%4\n")
                     .arg(deploy::ApplyStep::resultText(s.result).leftJustified(11), s.id, s.ns.isEmpty() ? QString() : u" ("_s + s.ns + u')',
                          s.message.isEmpty() ? QString() : u": "_s + s.message);
        out().flush();
    });
    QEventLoop loop;
    QObject::connect(&applier, &deploy::Applier::finished, &loop, &QEventLoop::quit);
    applier.start();
    loop.exec();

    // 4. The record.
    QJsonObject result{{u"diff"_s, diff.toJson()}, {u"apply"_s, applier.toJson()}};
    if (!isDryRun) {
        deploy::ApplyRecorder recorder(client.get());
        QEventLoop wait;
        QObject::connect(&recorder, &deploy::ApplyRecorder::finished, &wait, [&](const deploy::ApplyRecord &record, const QString &error) {
            if (!error.isEmpty())
                err() << "warning: the apply was not recorded in the history (" << error << ")\n";
            result.insert(u"historyId"_s, record.id);
            result.insert(u"deployments"_s, record.deployments);
            wait.quit();
        });
        recorder.record(bundle, target, loaded.source, applier);
        wait.exec();
    }
    if (c.json)
        printJson(result);
    else
        out() << (applier.succeeded() ? "Applied: " : "Not everything was applied: ") << applier.summary() << ".\n";
    out().flush();
    return applier.succeeded() ? Ok : Findings;
}

} // namespace dc::cli
