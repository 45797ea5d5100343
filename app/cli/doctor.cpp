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
    QCommandLineOption kubeconfig(u"kubeconfig"_s, u"The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)."_s, u"file"_s);
    QCommandLineOption context(u"context"_s, u"The context to check (default: the current context)."_s, u"name"_s);
    QCommandLineOption timeout(u"timeout"_s, u"Seconds each check may take (default 10)."_s, u"seconds"_s, u"10"_s);
    c.parser.addOption(kubeconfig);
    c.parser.addOption(context);
    c.parser.addOption(timeout);
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    if (!c.parser.positionalArguments().isEmpty()) {
        err() << "doctor takes no file arguments (did you mean --kubeconfig FILE?)\n";
        return Usage;
    }
    bool ok = false;
    const double seconds = c.parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0) {
        err() << "--timeout: \"" << c.parser.value(timeout) << "\" is not a number of seconds\n";
        return Usage;
    }
    const kube::Kubeconfig config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment(c.parser.value(kubeconfig)));
    kube::SignInDoctor doctor(config, c.parser.value(context));
    doctor.setTimeout(int(seconds * 1000));
    QObject::connect(&doctor, &kube::SignInDoctor::checkFinished, [&c](const kube::DoctorCheck &check) {
        if (c.json)
            return;
        out() << QStringLiteral("%1  %2  %3\n").arg(kube::SignInDoctor::statusText(check.status).leftJustified(4), check.name.leftJustified(11), check.message);
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
        out() << (doctor.signedIn() ? QStringLiteral("Signed in as %1.\n").arg(doctor.user()) : QStringLiteral("Not signed in.\n"));
    out().flush();
    if (config.unreadable)
        return BadInput;
    return doctor.signedIn() ? Ok : Findings;
}

} // namespace dc::cli
