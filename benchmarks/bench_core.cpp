// Core benchmarks: rendering and schema validation in-process, and deployctl as a whole
// process (start-up included) with its peak memory.

#include "config/project.h"
#include "config/resolvedconfig.h"
#include "manifests/generator.h"
#include "validation/schemavalidator.h"

#include <QCoreApplication>
#include <QProcess>

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dc;

namespace {

const Target DefaultTarget{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi};

void BM_RenderOneBundle(benchmark::State &state)
{
    const Project project;
    for (auto _ : state) {
        const Bundle b = generate(resolve(project, DefaultTarget));
        benchmark::DoNotOptimize(b.yaml(true));
    }
}
BENCHMARK(BM_RenderOneBundle)->Unit(benchmark::kMicrosecond);

void BM_RenderAll18(benchmark::State &state)
{
    const Project project;
    for (auto _ : state) {
        for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
            for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
                for (Preset s : {Preset::ModelRegistryUi, Preset::Split})
                    benchmark::DoNotOptimize(generate(resolve(project, Target{p, e, s})).yaml(true));
    }
}
BENCHMARK(BM_RenderAll18)->Unit(benchmark::kMicrosecond);

void BM_ValidateBundle(benchmark::State &state)
{
    const Bundle b = generate(resolve(Project{}, DefaultTarget));
    const SchemaValidator validator;
    benchmark::DoNotOptimize(validator.validate(b)); // compile the schemas once, as a session does
    for (auto _ : state)
        benchmark::DoNotOptimize(validator.validate(b));
    state.counters["documents"] = double(b.documents.size());
}
BENCHMARK(BM_ValidateBundle)->Unit(benchmark::kMillisecond);

void BM_ValidateBundleColdSchemas(benchmark::State &state)
{
    const Bundle b = generate(resolve(Project{}, DefaultTarget));
    for (auto _ : state) {
        const SchemaValidator validator; // reads and compiles every schema the bundle needs
        benchmark::DoNotOptimize(validator.validate(b));
    }
}
BENCHMARK(BM_ValidateBundleColdSchemas)->Unit(benchmark::kMillisecond);

// Runs deployctl and reports wall time per run and the child's peak RSS.
void runProcess(benchmark::State &state, const QStringList &args)
{
    long maxRssKb = 0;
    for (auto _ : state) {
        const pid_t pid = fork();
        if (pid == 0) {
            std::vector<QByteArray> storage{QByteArrayLiteral(DEPLOYCTL_PATH)};
            for (const QString &a : args)
                storage.push_back(a.toLocal8Bit());
            std::vector<char *> argv;
            for (QByteArray &s : storage)
                argv.push_back(s.data());
            argv.push_back(nullptr);
            if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
                _exit(126);
            execv(argv[0], argv.data());
            _exit(127);
        }
        int status = 0;
        struct rusage usage{};
        wait4(pid, &status, 0, &usage);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
            state.SkipWithError("deployctl failed");
        maxRssKb = std::max(maxRssKb, usage.ru_maxrss);
    }
    state.counters["peak_rss_MB"] = double(maxRssKb) / 1024.0;
}

void BM_ProcessDeployctlVersion(benchmark::State &state) { runProcess(state, {QStringLiteral("--version")}); }
BENCHMARK(BM_ProcessDeployctlVersion)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ProcessDeployctlRender(benchmark::State &state)
{
    runProcess(state, {QStringLiteral("render"), QStringLiteral("--platform"), QStringLiteral("kubeflow"),
                       QStringLiteral("--env"), QStringLiteral("production")});
}
BENCHMARK(BM_ProcessDeployctlRender)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ProcessDeployctlValidate(benchmark::State &state)
{
    runProcess(state, {QStringLiteral("validate"), QStringLiteral("--platform"), QStringLiteral("kubeflow"),
                       QStringLiteral("--env"), QStringLiteral("production")});
}
BENCHMARK(BM_ProcessDeployctlValidate)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // Qt resources and text codecs as in the real tools
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
