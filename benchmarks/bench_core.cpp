// Core benchmarks: rendering and schema validation in-process, and deployctl as a whole
// process (start-up included) with its peak memory.

#include "config/project.h"
#include "config/resolvedconfig.h"
#include "manifests/generator.h"
#include "manifests/yaml.h"
#include "validation/manifestset.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QTemporaryDir>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
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

// A manifest set of about `documents` objects: copies of the production bundles of all
// platforms, renamed so that every copy is its own object.
QByteArray manifestText(int documents)
{
    std::vector<Node> base;
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        for (const Document &d : generate(resolve(Project{}, Target{p, Environment::Production, Preset::Split})).documents)
            base.push_back(d.root);
    QString text;
    for (int i = 0; i < documents; ++i) {
        Node doc = base[size_t(i) % base.size()];
        Node *meta = doc.get(u"metadata");
        meta->set("name", Node(meta->str(u"name") + u'-' + QString::number(i / int(base.size()))));
        text += QStringLiteral("---\n") + toYaml(doc);
    }
    return text.toUtf8();
}

// Validate the default bundle with schemas and lints, as `deployctl validate` does.
void BM_ValidateBundleWithLints(benchmark::State &state)
{
    const Bundle b = generate(resolve(Project{}, DefaultTarget));
    const SchemaValidator schemas;
    benchmark::DoNotOptimize(validateBundle(b, QStringLiteral("<render>"), schemas, {}));
    for (auto _ : state)
        benchmark::DoNotOptimize(validateBundle(b, QStringLiteral("<render>"), schemas, {}));
}
BENCHMARK(BM_ValidateBundleWithLints)->Unit(benchmark::kMillisecond);

// Parse and validate (schemas + lints) a 500-document set from its text.
void BM_Validate500Documents(benchmark::State &state)
{
    const QByteArray text = manifestText(500);
    const SchemaValidator schemas;
    ValidationOptions options;
    options.lints.environment = Environment::Production;
    benchmark::DoNotOptimize(validateSet(manifestsFromText(text, QStringLiteral("set.yaml")), schemas, options));
    for (auto _ : state) {
        const ValidationReport r = validateSet(manifestsFromText(text, QStringLiteral("set.yaml")), schemas, options);
        state.counters["documents"] = r.documents;
        state.counters["findings"] = double(r.findings.size());
    }
    state.counters["MB"] = double(text.size()) / 1e6;
}
BENCHMARK(BM_Validate500Documents)->Unit(benchmark::kMillisecond);

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

// `deployctl validate` on a 5 MB manifest file, as a whole process: time and peak memory.
void BM_ProcessDeployctlValidate5MB(benchmark::State &state)
{
    static QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("five-mb.yaml"));
    if (!QFile::exists(file)) {
        QByteArray text;
        int docs = 2000;
        while ((text = manifestText(docs)).size() < 5 * 1000 * 1000)
            docs += 250;
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
            state.SkipWithError("cannot write the manifest file");
            return;
        }
    }
    state.counters["file_MB"] = double(QFileInfo(file).size()) / 1e6;
    runProcess(state, {QStringLiteral("validate"), QStringLiteral("--env"), QStringLiteral("production"), file});
}
BENCHMARK(BM_ProcessDeployctlValidate5MB)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

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
