#pragma once

// What the deployctl commands share: output streams, common options (--output, --help), the
// project and target options, and JSON output.

#include "commands.h"
#include "config/project.h"

#include <QCommandLineParser>
#include <QJsonValue>
#include <QTextStream>

#include <memory>

namespace dc {
struct Bundle;
}
namespace dc::kube {
class KubeClient;
}

namespace dc::cli {

QTextStream &out();
QTextStream &err();
void printJson(const QJsonValue &v);
/// The notes of a bundle on stderr ("note: ...").
void printNotes(const Bundle &b);

/// --output and --help, which every command takes.
struct Common
{
    QCommandLineParser parser;
    QCommandLineOption output{QStringLiteral("output"), QStringLiteral("Output format: text (default) or json."), QStringLiteral("format"), QStringLiteral("text")};
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")};
    bool json = false;
    QStringList formats{QStringLiteral("text"), QStringLiteral("json")}; // what --output accepts

    explicit Common(const QString &description)
    {
        parser.setApplicationDescription(description);
        parser.addOption(output);
        parser.addOption(help);
    }

    /// Returns -1 to continue, or an exit code.
    int parse(const QStringList &args);
};

// Loads --project (or the built-in defaults) and works out the target from the options.
struct Loaded
{
    Project project;
    QString source;
};

/// --kubeconfig, --context and --timeout, which the commands that talk to a cluster take.
struct ClusterOptions
{
    QCommandLineOption kubeconfig{QStringLiteral("kubeconfig"), QStringLiteral("The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)."), QStringLiteral("file")};
    QCommandLineOption context{QStringLiteral("context"), QStringLiteral("The kubeconfig context (default: its current context)."), QStringLiteral("name")};
    QCommandLineOption timeout{QStringLiteral("timeout"), QStringLiteral("Seconds each check or request may take (default 10)."), QStringLiteral("seconds"),
                               QStringLiteral("10")};

    /// `withTimeout` false: the command's own --timeout means something else (a watch's length).
    void add(QCommandLineParser &p, bool withTimeout = true)
    {
        p.addOption(kubeconfig);
        p.addOption(context);
        hasTimeout = withTimeout;
        if (withTimeout)
            p.addOption(timeout);
    }
    bool hasTimeout = true;
    /// The client for the chosen context, or null after saying why (*rc: BadInput).
    [[nodiscard]] std::unique_ptr<kube::KubeClient> connect(const QCommandLineParser &p, int *rc) const;
    /// The timeout in milliseconds, or -1 after saying why it is none.
    [[nodiscard]] int timeoutMs(const QCommandLineParser &p) const;
};

/// A Go duration as kubectl takes it ("90s", "2m", "1h30m", "500ms", "0"; a bare number is
/// seconds) in milliseconds; -1 when it is none.
[[nodiscard]] qint64 parseDuration(const QString &text);

int loadProject(const QCommandLineParser &p, const QCommandLineOption &projectOpt, bool json, Loaded *loaded);
/// Applies the --set FIELD=VALUE options to the project's values for every environment.
int applySettings(const QCommandLineParser &p, const QCommandLineOption &set, bool json, Project *project);

template<typename T, typename F>
int choice(const QCommandLineParser &p, const QCommandLineOption &o, F fromId, const QStringList &ids, T *value)
{
    if (!p.isSet(o))
        return -1;
    const auto v = fromId(p.value(o));
    if (!v) {
        err() << "--" << o.names().constLast() << ": \"" << p.value(o) << "\" is not known; use one of " << ids.join(QStringLiteral(", ")) << "\n";
        return Usage;
    }
    *value = *v;
    return -1;
}

struct TargetOptions
{
    QCommandLineOption platform{QStringLiteral("platform"), QStringLiteral("kubeflow, odh or standalone."), QStringLiteral("platform")};
    QCommandLineOption env{QStringLiteral("env"), QStringLiteral("development, staging or production."), QStringLiteral("environment")};
    QCommandLineOption preset{QStringLiteral("preset"), QStringLiteral("model-registry-ui (default) or split."), QStringLiteral("preset")};
    QCommandLineOption project{QStringLiteral("project"), QStringLiteral("Project file (deployctl init writes one)."), QStringLiteral("file")};
    QCommandLineOption set{QStringLiteral("set"), QStringLiteral("Change a setting for every environment: FIELD=VALUE (repeatable; deployctl profiles --fields lists them)."),
                           QStringLiteral("FIELD=VALUE")};

    void add(QCommandLineParser &p, bool withEnv = true)
    {
        p.addOption(platform);
        if (withEnv)
            p.addOption(env);
        p.addOption(preset);
        p.addOption(project);
        p.addOption(set);
    }

    int resolve(const QCommandLineParser &p, bool json, Loaded *loaded, Target *target, bool needEnv = true)
    {
        if (const int rc = loadProject(p, project, json, loaded); rc >= 0)
            return rc;
        *target = loaded->project.target;
        const bool fromProject = p.isSet(project);
        if (!fromProject && !p.isSet(platform)) {
            err() << "Choose a platform: --platform kubeflow|odh|standalone (or give --project FILE).\n";
            return Usage;
        }
        if (needEnv && !fromProject && !p.isSet(env)) {
            err() << "Choose an environment: --env development|staging|production (or give --project FILE).\n";
            return Usage;
        }
        if (const int rc = choice(p, platform, platformFromId, platformIds(), &target->platform); rc >= 0)
            return rc;
        if (needEnv)
            if (const int rc = choice(p, env, environmentFromId, environmentIds(), &target->environment); rc >= 0)
                return rc;
        if (const int rc = choice(p, preset, presetFromId, presetIds(), &target->preset); rc >= 0)
            return rc;
        return applySettings(p, set, json, &loaded->project);
    }
};

// The commands, one file each.
int cmdRender(const QStringList &args);
int cmdExport(const QStringList &args);
int cmdValidate(const QStringList &args);
int cmdProfiles(const QStringList &args);
int cmdInit(const QStringList &args);
int cmdDoctor(const QStringList &args);
int cmdCheck(const QStringList &args);
int cmdStatus(const QStringList &args);
int cmdDiff(const QStringList &args);
int cmdApply(const QStringList &args);
int cmdHistory(const QStringList &args);
int cmdMetrics(const QStringList &args);
int cmdRollback(const QStringList &args);
/// restart, pause, resume, scale
int cmdRolloutAction(const QString &action, const QStringList &args);

} // namespace dc::cli
