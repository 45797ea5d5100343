#include "common.h"

#include "kube/doctor.h"
#include "kube/kubeconfig.h"

#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace dc::cli {

int cmdDoctor(const QStringList &args)
{
    Common c(u"Check the sign-in to a cluster: the kubeconfig, the address, TLS, an exec plugin, the token and who the server says you are.\n"
             "Exit codes: 0 signed in, 1 a check failed, 3 the kubeconfig cannot be read."_s);
    ClusterOptions cluster;
    cluster.add(c.parser);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (!c.parser.positionalArguments().isEmpty()) {
        err() << "doctor takes no file arguments (did you mean --kubeconfig FILE?)\n";
        return Usage;
    }
    const int timeoutMs = cluster.timeoutMs(c.parser);
    if (timeoutMs < 0)
        return Usage;
    const kube::Kubeconfig config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment(c.parser.value(cluster.kubeconfig)));
    kube::SignInDoctor doctor(config, c.parser.value(cluster.context));
    doctor.setTimeout(timeoutMs);
    QObject::connect(&doctor, &kube::SignInDoctor::checkFinished, [&c](const kube::DoctorCheck &check) {
        if (c.json)
            return;
        out() << QStringLiteral("%1  %2  %3 (%4 ms)\n").arg(kube::SignInDoctor::statusText(check.status).leftJustified(4), check.name.leftJustified(11), check.message)
                     .arg(check.durationMs);
        if (!check.fix.isEmpty())
            out() << QString(19, u' ') << "fix: " << check.fix << "\n";
        out().flush();
    });
    QEventLoop loop;
    QObject::connect(&doctor, &kube::SignInDoctor::finished, &loop, &QEventLoop::quit);
    doctor.start();
    loop.exec();
    if (c.json)
        printJson(doctor.toJson());
    else
        out() << (!doctor.signedIn()       ? QStringLiteral("Not signed in.\n")
                  : doctor.user().isEmpty() ? QStringLiteral("Signed in (the server does not say as whom).\n")
                                            : QStringLiteral("Signed in as %1.\n").arg(doctor.user()));
    out().flush();
    if (config.unreadable)
        return BadInput;
    return doctor.signedIn() ? Ok : Findings;
}

} // namespace dc::cli
