#include "common.h"

using namespace Qt::StringLiterals;

namespace dc::cli {

namespace {

const char *const Usage_ = R"(Usage: deployctl [--version] [--help] COMMAND [OPTIONS]

Generate, export and check the Kubernetes manifests of a modular web module
(reference: the Kubeflow Model Registry UI) for Kubeflow, ODH/RHOAI and standalone
Kubernetes, in development, staging and production.

Commands:
  render     print the manifests for one platform and environment
  export     write a kustomize tree (base + one overlay per environment)
  validate   check generated or given manifests against the Kubernetes schemas
  profiles   list platforms, environments, presets (and --fields: every setting)
  init       write a starter project file
  doctor     check the sign-in to a cluster (kubeconfig context, TLS, exec plugin, identity)
  check      check a cluster before applying (permissions, CRDs, shared objects, dry run)
  diff       what applying would change, object by object (as kubectl diff --server-side)
  apply      apply the bundle (server-side apply, merges into shared objects), after confirming
  status     the rollout of the bundle's Deployments, as kubectl rollout status says it
  history    the revisions of the bundle's Deployments, with the apply that made each
  rollback   roll the Deployments back to an earlier revision (kubectl rollout undo)
  restart    restart the Deployments; pause, resume: their rollouts; scale --replicas N
  metrics    chart data of the deployed module from Prometheus (traffic, latency, errors, saturation)

Every command takes --output json for machine-readable output and --help for its options.
Exit codes: 0 ok, 1 findings, 2 usage error, 3 unreadable or invalid input.
)";

} // namespace

int run(const QStringList &arguments)
{
    QStringList args = arguments;
    const QString program = args.isEmpty() ? u"deployctl"_s : args.takeFirst();
    if (args.isEmpty() || args.first() == u"--help"_s || args.first() == u"-h"_s || args.first() == u"help"_s) {
        (args.isEmpty() ? err() : out()) << Usage_;
        return args.isEmpty() ? Usage : Ok;
    }
    if (args.first() == u"--version"_s || args.first() == u"-v"_s) {
        out() << "deployctl " << DC_VERSION << "\n";
        return Ok;
    }
    const QString command = args.takeFirst();
    args.prepend(program + u' ' + command);
    if (command == u"render"_s)
        return cmdRender(args);
    if (command == u"export"_s)
        return cmdExport(args);
    if (command == u"validate"_s)
        return cmdValidate(args);
    if (command == u"profiles"_s)
        return cmdProfiles(args);
    if (command == u"init"_s)
        return cmdInit(args);
    if (command == u"doctor"_s)
        return cmdDoctor(args);
    if (command == u"check"_s)
        return cmdCheck(args);
    if (command == u"status"_s)
        return cmdStatus(args);
    if (command == u"diff"_s)
        return cmdDiff(args);
    if (command == u"apply"_s)
        return cmdApply(args);
    if (command == u"history"_s)
        return cmdHistory(args);
    if (command == u"rollback"_s)
        return cmdRollback(args);
    if (command == u"restart"_s || command == u"pause"_s || command == u"resume"_s || command == u"scale"_s)
        return cmdRolloutAction(command, args);
    if (command == u"metrics"_s)
        return cmdMetrics(args);
    err() << "unknown command \"" << command << "\"\n\n" << Usage_;
    return Usage;
}

} // namespace dc::cli
