// The rollout view's load: watch events applied to the rollout model with 5,000 pods (as parsed
// objects, and from the JSON lines a watch delivers), and one frame of the rollout view showing
// a Deployment with 5,000 pods after 500 of them changed (model refresh + full repaint).
#include <benchmark/benchmark.h>

#include "deploy/rolloutmodel.h"
#include "deploy/rolloutview.h"
#include "kube/kubeclient.h"
#include "manifests/generator.h"
#include "config/project.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTableView>

using namespace Qt::StringLiterals;
using dc::deploy::RolloutModel;

namespace {

constexpr int Pods = 5000;

QJsonObject deployment()
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"model-registry-ui"_s}, {u"namespace"_s, u"kubeflow"_s}, {u"uid"_s, u"d-1"_s}, {u"generation"_s, 2},
                                                    {u"annotations"_s, QJsonObject{{u"deployment.kubernetes.io/revision"_s, u"2"_s}}}}},
                       {u"spec"_s, QJsonObject{{u"replicas"_s, Pods}}},
                       {u"status"_s, QJsonObject{{u"observedGeneration"_s, 2}, {u"replicas"_s, Pods}, {u"updatedReplicas"_s, Pods / 2}, {u"readyReplicas"_s, Pods / 2},
                                                 {u"availableReplicas"_s, Pods / 2}}}};
}

QJsonObject replicaSet(int revision)
{
    const QJsonArray containers{QJsonObject{{u"image"_s, u"ui:v%1"_s.arg(revision)}}};
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"model-registry-ui-%1"_s.arg(revision)}, {u"namespace"_s, u"kubeflow"_s}, {u"uid"_s, u"rs-%1"_s.arg(revision)},
                                                    {u"annotations"_s, QJsonObject{{u"deployment.kubernetes.io/revision"_s, QString::number(revision)}}},
                                                    {u"ownerReferences"_s, QJsonArray{QJsonObject{{u"uid"_s, u"d-1"_s}, {u"controller"_s, true}}}}}},
                       {u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"containers"_s, containers}}}}}}}};
}

// A pod as the API server sends it (the fields the model reads, and some it does not).
QJsonObject pod(int i, bool ready, int restarts)
{
    const QJsonObject container{{u"name"_s, u"model-registry-ui"_s}, {u"ready"_s, ready}, {u"restartCount"_s, restarts},
                                {u"image"_s, u"ghcr.io/kubeflow/model-registry/ui:v0.3.8"_s},
                                {u"state"_s, ready ? QJsonObject{{u"running"_s, QJsonObject{{u"startedAt"_s, u"2026-12-02T10:00:00Z"_s}}}}
                                                   : QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"CrashLoopBackOff"_s}}}}}};
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"model-registry-ui-%1"_s.arg(i)}, {u"namespace"_s, u"kubeflow"_s}, {u"uid"_s, u"p-%1"_s.arg(i)},
                                                    {u"resourceVersion"_s, QString::number(1000 + i)},
                                                    {u"labels"_s, QJsonObject{{u"app"_s, u"model-registry-ui"_s}, {u"pod-template-hash"_s, u"5f6d7c"_s}}},
                                                    {u"ownerReferences"_s, QJsonArray{QJsonObject{{u"uid"_s, i % 2 ? u"rs-2"_s : u"rs-1"_s}, {u"controller"_s, true}}}}}},
                       {u"spec"_s, QJsonObject{{u"nodeName"_s, u"demo-node-%1"_s.arg(i % 3 + 1)}, {u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"model-registry-ui"_s}}}}}},
                       {u"status"_s, QJsonObject{{u"phase"_s, u"Running"_s}, {u"startTime"_s, u"2026-12-02T10:00:00Z"_s}, {u"podIP"_s, u"10.244.0.%1"_s.arg(i % 250)},
                                                 {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, ready ? u"True"_s : u"False"_s}}}},
                                                 {u"containerStatuses"_s, QJsonArray{container}}}}};
}

void fill(RolloutModel &model)
{
    model.reset(RolloutModel::Kind::Deployment, u"kubeflow"_s, {deployment()});
    model.reset(RolloutModel::Kind::ReplicaSet, u"kubeflow"_s, {replicaSet(1), replicaSet(2)});
    QList<QJsonObject> pods;
    for (int i = 0; i < Pods; ++i)
        pods << pod(i, i % 3 != 0, 0);
    model.reset(RolloutModel::Kind::Pod, u"kubeflow"_s, pods);
}

// MODIFIED events on the 5,000 pods, as parsed objects.
void BM_RolloutModelEvents(benchmark::State &state)
{
    RolloutModel model({u"kubeflow/model-registry-ui"_s});
    fill(model);
    std::vector<QJsonObject> events;
    for (int i = 0; i < Pods; ++i)
        events.push_back(pod(i, i % 2 == 0, i % 7));
    size_t next = 0;
    for (auto _ : state) {
        model.apply(RolloutModel::Kind::Pod, u"MODIFIED"_s, events[next]);
        next = (next + 1) % events.size();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RolloutModelEvents);

// The same from the JSON lines a watch stream carries (parse + apply).
void BM_RolloutWatchLines(benchmark::State &state)
{
    RolloutModel model({u"kubeflow/model-registry-ui"_s});
    fill(model);
    std::vector<QByteArray> lines;
    for (int i = 0; i < Pods; ++i)
        lines.push_back(QJsonDocument(QJsonObject{{u"type"_s, u"MODIFIED"_s}, {u"object"_s, pod(i, i % 2 == 0, i % 7)}}).toJson(QJsonDocument::Compact));
    size_t next = 0;
    for (auto _ : state) {
        const QJsonObject e = QJsonDocument::fromJson(lines[next]).object();
        model.apply(RolloutModel::Kind::Pod, e.value(u"type"_s).toString(), e.value(u"object"_s).toObject());
        next = (next + 1) % lines.size();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RolloutWatchLines);

// One frame: 500 of the 5,000 pods changed, the view refreshed from the model and repainted.
void BM_RolloutViewFrame(benchmark::State &state)
{
    dc::kube::Kubeconfig::Resolved context;
    context.cluster.server = u"http://127.0.0.1:9"_s; // never contacted: the view is fed directly
    dc::kube::KubeClient client(context);
    const dc::Target target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi};
    dc::RolloutView view(&client, dc::generate(dc::Project{}, target));
    view.resize(1024, 700);
    view.show();
    fill(*view.model());
    view.refresh();
    QApplication::processEvents();
    // The events of ten frames, made beforehand (a watch delivers them parsed).
    std::vector<QJsonObject> changes;
    for (int i = 0; i < 5000; ++i)
        changes.push_back(pod(i, i % 2 == 0, i / 500));
    int round = 0;
    for (auto _ : state) {
        for (int i = 0; i < 500; ++i)
            view.model()->apply(RolloutModel::Kind::Pod, u"MODIFIED"_s, changes[size_t((round * 500 + i) % 5000)]);
        ++round;
        view.refresh();
        benchmark::DoNotOptimize(view.grab());
    }
    state.counters["pods"] = Pods;
}
BENCHMARK(BM_RolloutViewFrame)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
