#include "common.h"

#include "deploy/bundlediff.h"
#include "kube/kubeclient.h"
#include "manifests/generator.h"

#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace dc::cli {

bool runDiff(deploy::BundleDiff &diff, bool json)
{
    QObject::connect(&diff, &deploy::BundleDiff::objectDone, [json](const deploy::ObjectDiff &o) {
        if (json)
            return;
        if (o.state == deploy::ObjectDiff::State::Error) {
            err() << "error: " << o.id << (o.ns.isEmpty() ? QString() : u" in "_s + o.ns) << ": " << o.message << "\n";
        } else if (!o.unified.isEmpty()) {
            out() << o.unified;
            if (!o.unified.endsWith(u'\n'))
                out() << "\n";
        }
        out().flush();
    });
    QEventLoop loop;
    QObject::connect(&diff, &deploy::BundleDiff::finished, &loop, &QEventLoop::quit);
    diff.start();
    loop.exec();
    return !diff.hasErrors();
}

void printPlan(const deploy::BundleDiff &diff)
{
    static const char *const states[] = {"new", "changed", "unchanged", "error"};
    for (const deploy::ObjectDiff &o : diff.objects())
        err() << QStringLiteral("  %1 %2%3\n").arg(QString::fromLatin1(states[int(o.state)]).leftJustified(10), o.id, o.ns.isEmpty() ? QString() : u" ("_s + o.ns + u')');
    for (const deploy::PruneCandidate &p : diff.pruneCandidates())
        err() << QStringLiteral("  %1 %2%3 (no longer in the bundle)\n").arg(u"prunable"_s.leftJustified(10), p.id(), p.ns.isEmpty() ? QString() : u" ("_s + p.ns + u')');
    err().flush();
}

int cmdDiff(const QStringList &args)
{
    Common c(u"Show what applying the bundle would change, object by object, as kubectl diff --server-side computes it: "
             "the live object against the server's dry-run apply of ours (managed fields, status and server-set metadata left out). "
             "Objects with this project's labels that the bundle no longer has are listed as prune candidates. Nothing is changed.\n"
             "Exit codes (as kubectl diff): 0 no differences, 1 differences, 2 an error or usage error, 3 unreadable input."_s);
    TargetOptions t;
    t.add(c.parser);
    ClusterOptions cluster;
    cluster.add(c.parser);
    QCommandLineOption force(u"force-conflicts"_s, u"Compute the result as if fields owned by other managers were taken over."_s);
    c.parser.addOption(force);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
        return rc;
    int rc = Ok;
    std::unique_ptr<kube::KubeClient> client = cluster.connect(c.parser, &rc);
    if (!client)
        return rc;
    deploy::BundleDiff diff(client.get(), generate(loaded.project, target));
    diff.setForceConflicts(c.parser.isSet(force));
    const bool ok = runDiff(diff, c.json);
    if (c.json) {
        printJson(diff.toJson());
    } else {
        printPlan(diff);
    }
    out().flush();
    if (!ok)
        return Usage; // kubectl diff: an error is an exit code above 1
    return diff.hasDifferences() ? Findings : Ok;
}

} // namespace dc::cli
