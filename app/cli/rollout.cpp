// The rollout actions: history, rollback, restart, pause, resume, scale.
#include "common.h"

#include "deploy/applyhistory.h"
#include "deploy/revisions.h"
#include "deploy/rolloutactions.h"
#include "deploy/rolloutstatus.h"
#include "kube/kubeclient.h"
#include "manifests/generator.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace dc::cli {

namespace {

// Runs an asynchronous action to its end.
template<typename Start>
void await(Start start)
{
    QEventLoop loop;
    bool finished = false;
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
}

struct Target_
{
    QString ns;
    QString name;
};

// The action's common part: options, the bundle's Deployments (or --deployment), the client.
struct RolloutCommand
{
    Common c;
    TargetOptions t;
    ClusterOptions cluster;
    QCommandLineOption deployment{u"deployment"_s, u"Only this Deployment of the bundle (default: all of them)."_s, u"name"_s};
    QCommandLineOption yes{{u"y"_s, u"yes"_s}, u"Do it without asking."_s};
    std::unique_ptr<kube::KubeClient> client;
    QList<Target_> deployments;
    Loaded loaded;

    explicit RolloutCommand(const QString &description)
        : c(description)
    {
        t.add(c.parser);
        cluster.add(c.parser);
        c.parser.addOption(deployment);
    }

    int setUp(const QStringList &args, bool confirm)
    {
        if (confirm)
            c.parser.addOption(yes);
        if (const int rc = c.parse(args); rc >= 0)
            return rc;
        Target target;
        if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
            return rc;
        for (const Document &d : generate(loaded.project, target).documents)
            if (d.kind() == u"Deployment"_s && (!c.parser.isSet(deployment) || d.name() == c.parser.value(deployment)))
                deployments << Target_{d.ns(), d.name()};
        if (deployments.isEmpty()) {
            err() << "the bundle has no Deployment" << (c.parser.isSet(deployment) ? u" named "_s + c.parser.value(deployment) : QString()) << "\n";
            return Usage;
        }
        int rc = Ok;
        client = cluster.connect(c.parser, &rc);
        return client ? -1 : rc;
    }

    /// Asks "question [y/N]" unless --yes; false when not confirmed (said why).
    bool confirmed(const QString &question)
    {
        if (c.parser.isSet(yes))
            return true;
        if (!::isatty(STDIN_FILENO)) {
            err() << "Not done: confirm in a terminal, or add --yes.\n";
            return false;
        }
        err() << question << " [y/N] ";
        err().flush();
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer == u"y"_s || answer == u"yes"_s)
            return true;
        err() << "Not done.\n";
        return false;
    }
};

// The Deployment and its revisions; false after saying why.
bool loadRevisions(kube::KubeClient *client, const Target_ &d, QJsonObject *deployment, QList<deploy::Revision> *revisions)
{
    QString error;
    QObject context;
    await([&](const std::function<void()> &quit) {
        deploy::actions::revisions(client, d.ns, d.name, &context, [&, quit](const QString &e, const QJsonObject &dep, const QList<deploy::Revision> &list) {
            error = e;
            *deployment = dep;
            *revisions = list;
            quit();
        });
    });
    if (!error.isEmpty())
        err() << error << "\n";
    return error.isEmpty();
}

// Runs one action on a Deployment and says how it went as kubectl does; false when it failed.
bool act(const Target_ &d, const std::function<void(QObject *, const deploy::actions::Done &)> &action)
{
    QString error, outcome;
    QObject context;
    await([&](const std::function<void()> &quit) {
        action(&context, [&, quit](const QString &e, const QString &o) {
            error = e;
            outcome = o;
            quit();
        });
    });
    if (!error.isEmpty()) {
        err() << (error.startsWith(u"Error from server"_s) ? QString() : u"error: "_s) << error << "\n";
        return false;
    }
    out() << "deployment.apps/" << d.name << " " << outcome << "\n";
    return true;
}

} // namespace

int cmdHistory(const QStringList &args)
{
    RolloutCommand r(u"The revisions of the bundle's Deployments (from their ReplicaSets), each with its images, change-cause and the apply "
                     "(from the local history) that made it.\nExit codes: 0 ok, 1 the cluster refused, 2 usage error, 3 unreadable input."_s);
    if (const int rc = r.setUp(args, false); rc >= 0)
        return rc;
    deploy::ApplyHistory history;
    const QList<deploy::ApplyRecord> records = history.records(r.client->context().context.name, 1000);
    QJsonArray report;
    int rc = Ok;
    for (const Target_ &d : std::as_const(r.deployments)) {
        QJsonObject deployment;
        QList<deploy::Revision> revisions;
        if (!loadRevisions(r.client.get(), d, &deployment, &revisions)) {
            rc = Findings;
            continue;
        }
        if (!r.c.json)
            out() << "deployment.apps/" << d.name << " (" << d.ns << ")\n"
                  << QStringLiteral("  %1 %2 %3 %4\n").arg(u"REVISION"_s.leftJustified(9), u"APPLIED"_s.leftJustified(32), u"IMAGES"_s.leftJustified(50), u"CHANGE-CAUSE"_s);
        for (const deploy::Revision &rev : std::as_const(revisions)) {
            QString applied;
            if (const deploy::ApplyRecord *rec = deploy::applyOfRevision(records, r.client->context().cluster.server, d.ns, d.name, rev.number))
                applied = u"#%1 %2 by %3"_s.arg(rec->id).arg(rec->time.toString(u"yyyy-MM-dd HH:mm"_s), rec->user);
            if (r.c.json)
                report.append(QJsonObject{{u"deployment"_s, d.name}, {u"namespace"_s, d.ns}, {u"revision"_s, rev.number}, {u"images"_s, QJsonArray::fromStringList(rev.images)},
                                          {u"changeCause"_s, rev.changeCause}, {u"current"_s, rev.current}, {u"applied"_s, applied}});
            else
                out() << QStringLiteral("  %1 %2 %3 %4\n")
                             .arg(QString(QString::number(rev.number) + (rev.current ? u" *"_s : QString())).leftJustified(9), applied.leftJustified(32),
                                  rev.images.join(u", "_s).leftJustified(50), rev.changeCause.isEmpty() ? u"<none>"_s : rev.changeCause);
        }
    }
    if (r.c.json)
        printJson(QJsonObject{{u"revisions"_s, report}});
    out().flush();
    return rc;
}

int cmdRollback(const QStringList &args)
{
    RolloutCommand r(u"Roll the bundle's Deployments back to an earlier revision of their ReplicaSet history, as kubectl rollout undo does "
                     "(deployctl history lists them). Asks first unless --yes.\n"
                     "Exit codes: 0 rolled back (or already there), 1 refused (paused, no such revision, the cluster said no), 2 usage error or not confirmed, 3 unreadable input."_s);
    QCommandLineOption toRevision(u"to-revision"_s, u"The revision to go back to (default 0: the one before the current)."_s, u"N"_s, u"0"_s);
    r.c.parser.addOption(toRevision);
    if (const int rc = r.setUp(args, true); rc >= 0)
        return rc;
    int rc = Ok;
    for (const Target_ &d : std::as_const(r.deployments)) {
        QJsonObject deployment;
        QList<deploy::Revision> revisions;
        if (!loadRevisions(r.client.get(), d, &deployment, &revisions)) {
            rc = Findings;
            continue;
        }
        const qint64 to = r.c.parser.value(toRevision).toLongLong();
        const deploy::RollbackPlan plan = deploy::planRollback(deployment, revisions, to);
        if (plan.error.isEmpty() && !plan.skipped && !r.confirmed(u"Roll deployment %1 (%2) back to revision %3?"_s.arg(d.name, d.ns).arg(plan.toRevision)))
            return Usage;
        if (!act(d, [&](QObject *context, const deploy::actions::Done &done) { deploy::actions::rollback(r.client.get(), d.ns, d.name, to, context, done); }))
            rc = Findings;
    }
    out().flush();
    return rc;
}

int cmdRolloutAction(const QString &action, const QStringList &args)
{
    const QString what = action == u"restart"_s ? u"Restart the bundle's Deployments (a new rollout of the same template), as kubectl rollout restart does."_s
        : action == u"pause"_s                  ? u"Pause the rollouts of the bundle's Deployments (kubectl rollout pause)."_s
        : action == u"resume"_s                 ? u"Resume the paused rollouts of the bundle's Deployments (kubectl rollout resume)."_s
                                                : u"Set the replicas of the bundle's Deployments (kubectl scale)."_s;
    RolloutCommand r(what + u" Asks first unless --yes.\nExit codes: 0 done, 1 refused, 2 usage error or not confirmed, 3 unreadable input."_s);
    QCommandLineOption replicas(u"replicas"_s, u"The number of replicas."_s, u"N"_s);
    if (action == u"scale"_s)
        r.c.parser.addOption(replicas);
    if (const int rc = r.setUp(args, true); rc >= 0)
        return rc;
    bool numberOk = false;
    const qint64 count = action == u"scale"_s ? r.c.parser.value(replicas).toLongLong(&numberOk) : 0;
    if (action == u"scale"_s && (!numberOk || count < 0)) {
        err() << "scale needs --replicas N (0 or more)\n";
        return Usage;
    }
    int rc = Ok;
    for (const Target_ &d : std::as_const(r.deployments)) {
        const QString question = action == u"scale"_s ? u"Scale deployment %1 (%2) to %3 replicas?"_s.arg(d.name, d.ns).arg(count)
                                                      : u"%1 deployment %2 (%3)?"_s.arg(action.left(1).toUpper() + action.mid(1), d.name, d.ns);
        if (!r.confirmed(question))
            return Usage;
        kube::KubeClient *client = r.client.get();
        const bool ok = act(d, [&](QObject *context, const deploy::actions::Done &done) {
            if (action == u"restart"_s)
                deploy::actions::restart(client, d.ns, d.name, context, done);
            else if (action == u"scale"_s)
                deploy::actions::scale(client, d.ns, d.name, count, context, done);
            else
                deploy::actions::setPaused(client, d.ns, d.name, action == u"pause"_s, context, done);
        });
        if (!ok)
            rc = Findings;
    }
    out().flush();
    return rc;
}

} // namespace dc::cli
