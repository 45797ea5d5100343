#include "common.h"

#include "kube/kubeconfig.h"
#include "kube/preflight.h"
#include "manifests/generator.h"

#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace dc::cli {

int cmdCheck(const QStringList &args)
{
    Common c(u"Check a cluster before applying: sign-in, version, namespaces, permissions (one SelfSubjectAccessReview per need), "
             "CRDs, the shared objects the merges edit, and a server-side dry run of every object. Nothing is changed.\n"
             "Exit codes: 0 all passed, 1 a check failed, 2 usage error, 3 unreadable input."_s);
    TargetOptions t;
    t.add(c.parser);
    ClusterOptions cluster;
    cluster.add(c.parser);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (!c.parser.positionalArguments().isEmpty()) {
        err() << "check takes no file arguments (did you mean --project FILE?)\n";
        return Usage;
    }
    const int timeoutMs = cluster.timeoutMs(c.parser);
    if (timeoutMs < 0)
        return Usage;
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, c.json, &loaded, &target); rc >= 0)
        return rc;
    const Bundle bundle = generate(loaded.project, target);
    const kube::Kubeconfig config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment(c.parser.value(cluster.kubeconfig)));
    kube::Preflight preflight(config, c.parser.value(cluster.context), bundle);
    preflight.setTimeout(timeoutMs);
    QObject::connect(&preflight, &kube::Preflight::checkFinished, [&c](const kube::PreflightCheck &check) {
        if (c.json)
            return;
        out() << QStringLiteral("%1  %2  %3 (%4 ms)\n")
                     .arg(kube::SignInDoctor::statusText(check.check.status).leftJustified(7), check.check.name.leftJustified(14), check.check.message)
                     .arg(check.check.durationMs);
        if (!check.check.fix.isEmpty())
            out() << QString(25, u' ') << "fix: " << check.check.fix << "\n";
        out().flush();
    });
    QEventLoop loop;
    QObject::connect(&preflight, &kube::Preflight::finished, &loop, &QEventLoop::quit);
    preflight.start();
    loop.exec();
    if (c.json) {
        printJson(preflight.toJson());
    } else {
        if (!preflight.access().isEmpty()) {
            out() << "\nPermissions (SelfSubjectAccessReview):\n";
            out() << QStringLiteral("  %1 %2 %3 %4\n").arg(u"VERB"_s.leftJustified(7), u"RESOURCE"_s.leftJustified(48), u"NAMESPACE"_s.leftJustified(24), u"ALLOWED"_s);
            for (const kube::AccessCheck &a : preflight.access())
                out() << QStringLiteral("  %1 %2 %3 %4\n")
                             .arg(a.verb.leftJustified(7), QString(a.resource + (a.group.isEmpty() ? QString() : u"."_s + a.group)).leftJustified(48),
                                  (a.ns.isEmpty() ? u"(cluster)"_s : a.ns).leftJustified(24), a.allowed ? u"yes"_s : u"NO"_s);
        }
        out() << (preflight.passed() ? "\nAll checks passed: the bundle can be applied.\n" : "\nSome checks failed: see fix: above.\n");
    }
    out().flush();
    if (config.unreadable)
        return BadInput;
    return preflight.passed() ? Ok : Findings;
}

} // namespace dc::cli
