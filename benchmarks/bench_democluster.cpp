// Load test of demo-cluster on loopback: the server runs as its own process; this program fills
// it with pods, pages through them (LIST) and measures how fast watch events reach many
// concurrent watchers (changes as they happen, and the initial state of a watch that starts
// without a resourceVersion), and the server's peak memory. Bounded in count and in time.
#include "config/project.h"
#include "manifests/generator.h"
#include "manifests/kinds.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Pods = 5000;
constexpr int Watchers = 50;
constexpr int Changes = 2000;     // pod updates while the watchers listen
constexpr int Connections = 4;    // loopback connections that send requests, pipelined
constexpr int TimeLimitMs = 180000;

// Waits (running the event loop) until done() or the time limit; false on timeout.
template<typename F>
bool waitFor(F done, int timeoutMs = TimeLimitMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

qint64 statusKb(qint64 pid, const char *field)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression re(QString::fromLatin1(field) + u":\\s+(\\d+) kB"_s);
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

/// A client connection that pipelines requests and counts complete responses.
struct Requester
{
    QTcpSocket socket;
    QByteArray buffer;
    qint64 responses = 0;
    qint64 failures = 0;
    QByteArray lastBody;

    void connectTo(quint16 port)
    {
        socket.connectToHost(u"127.0.0.1"_s, port);
        socket.waitForConnected(5000);
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { read(); });
    }

    void read()
    {
        buffer += socket.readAll();
        qsizetype pos = 0;
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n", pos);
            if (headerEnd < 0)
                break;
            const qsizetype lengthAt = buffer.indexOf("Content-Length: ", pos);
            const qint64 length = buffer.mid(lengthAt + 16, buffer.indexOf("\r\n", lengthAt) - lengthAt - 16).toLongLong();
            if (buffer.size() < headerEnd + 4 + length)
                break;
            if (!buffer.mid(pos, 12).startsWith("HTTP/1.1 20"))
                ++failures;
            lastBody = buffer.mid(headerEnd + 4, length);
            ++responses;
            pos = headerEnd + 4 + length;
        }
        buffer.remove(0, pos);
    }
};

/// A watch connection: counts the events (one per chunk) of a chunked response.
struct Watcher
{
    QTcpSocket socket;
    QByteArray buffer;
    qsizetype pos = 0;
    bool streaming = false;
    qint64 events = 0;

    void start(quint16 port, const QByteArray &path)
    {
        socket.connectToHost(u"127.0.0.1"_s, port);
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { read(); });
        QObject::connect(&socket, &QTcpSocket::connected, [this, path] { socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); });
    }

    void read()
    {
        buffer += socket.readAll();
        if (!streaming) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            streaming = buffer.startsWith("HTTP/1.1 200");
            pos = headerEnd + 4;
        }
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qsizetype size = buffer.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
            if (!ok || buffer.size() < lineEnd + 2 + size + 2)
                break;
            if (size > 0)
                ++events;
            pos = lineEnd + 2 + size + 2;
        }
        if (pos > 1 << 20) {
            buffer.remove(0, pos);
            pos = 0;
        }
    }
};

QByteArray podBody(int i)
{
    return QJsonDocument(QJsonObject{
                             {u"apiVersion"_s, u"v1"_s},
                             {u"kind"_s, u"Pod"_s},
                             {u"metadata"_s, QJsonObject{{u"name"_s, u"load-%1"_s.arg(i)}, {u"labels"_s, QJsonObject{{u"app"_s, u"load"_s}, {u"shard"_s, QString::number(i % 10)}}}}},
                             {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{
                                                         {u"name"_s, u"web"_s},
                                                         {u"image"_s, u"ghcr.io/kubeflow/model-registry/ui:v0.2.19"_s},
                                                         {u"ports"_s, QJsonArray{QJsonObject{{u"containerPort"_s, 8080}, {u"name"_s, u"http"_s}}}},
                                                         {u"resources"_s, QJsonObject{{u"requests"_s, QJsonObject{{u"cpu"_s, u"100m"_s}, {u"memory"_s, u"128Mi"_s}}}}}}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &contentType, const QByteArray &body)
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

void BM_ListAndWatchLoad(benchmark::State &state)
{
    for (auto _ : state) {
        QProcess server;
        server.start(QStringLiteral(DEMO_CLUSTER_PATH), {u"--watch-history"_s, u"100"_s});
        QByteArray line;
        while (!line.contains('\n') && server.waitForReadyRead(10000))
            line += server.readAllStandardOutput();
        const auto m = QRegularExpression(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s).match(QString::fromUtf8(line));
        if (!m.hasMatch()) {
            state.SkipWithError("demo-cluster did not start");
            return;
        }
        const quint16 port = quint16(m.captured(1).toUInt());
        const qint64 idleKb = statusKb(server.processId(), "VmRSS");

        // 5,000 pods, created over a few pipelined connections.
        std::vector<std::unique_ptr<Requester>> clients;
        for (int c = 0; c < Connections; ++c) {
            clients.push_back(std::make_unique<Requester>());
            clients.back()->connectTo(port);
        }
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < Pods; ++i)
            clients[i % Connections]->socket.write(request("POST", "/api/v1/namespaces/default/pods", "application/json", podBody(i)));
        auto answered = [&](qint64 n) {
            qint64 total = 0;
            for (const auto &c : clients)
                total += c->responses;
            return total >= n;
        };
        if (!waitFor([&] { return answered(Pods); })) {
            state.SkipWithError("creating the pods timed out");
            return;
        }
        const double createSeconds = timer.nsecsElapsed() / 1e9;
        qint64 failures = 0;
        for (const auto &c : clients)
            failures += c->failures;
        if (failures) {
            state.SkipWithError("some pods were not created");
            return;
        }

        // LIST: page through all pods, 500 at a time, five times over.
        Requester &lister = *clients.front();
        lister.responses = 0;
        timer.restart();
        qint64 listed = 0;
        QByteArray resourceVersion;
        for (int round = 0; round < 5; ++round) {
            QByteArray cont;
            do {
                const qint64 before = lister.responses;
                lister.socket.write("GET /api/v1/namespaces/default/pods?limit=500" + (cont.isEmpty() ? QByteArray() : "&continue=" + cont)
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                if (!waitFor([&] { return lister.responses > before; })) {
                    state.SkipWithError("listing timed out");
                    return;
                }
                const QJsonObject list = QJsonDocument::fromJson(lister.lastBody).object();
                listed += list.value(u"items"_s).toArray().size();
                cont = list.value(u"metadata"_s).toObject().value(u"continue"_s).toString().toLatin1();
                resourceVersion = list.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString().toLatin1();
            } while (!cont.isEmpty());
        }
        const double listSeconds = timer.nsecsElapsed() / 1e9;

        // 50 watchers from the current resourceVersion, then 2,000 pod updates.
        std::vector<std::unique_ptr<Watcher>> watchers;
        for (int w = 0; w < Watchers; ++w) {
            watchers.push_back(std::make_unique<Watcher>());
            watchers.back()->start(port, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + resourceVersion);
        }
        if (!waitFor([&] { return std::all_of(watchers.begin(), watchers.end(), [](const auto &w) { return w->streaming; }); }, 30000)) {
            state.SkipWithError("the watchers did not start");
            return;
        }
        for (const auto &c : clients)
            c->responses = 0;
        timer.restart();
        for (int i = 0; i < Changes; ++i)
            clients[i % Connections]->socket.write(request("PATCH", "/api/v1/namespaces/default/pods/load-" + QByteArray::number(i % Pods),
                                                           "application/merge-patch+json",
                                                           R"({"metadata":{"labels":{"revision":")" + QByteArray::number(i) + R"("}}})"));
        const qint64 expected = qint64(Changes) * Watchers;
        auto delivered = [&] {
            qint64 total = 0;
            for (const auto &w : watchers)
                total += w->events;
            return total;
        };
        if (!waitFor([&] { return delivered() >= expected; })) {
            state.SkipWithError("not every watch event arrived in time");
            return;
        }
        const double watchSeconds = timer.nsecsElapsed() / 1e9;
        const qint64 changeEvents = delivered();
        watchers.clear();

        // 50 watchers that start without a resourceVersion: each gets all 5,000 pods as ADDED first.
        timer.restart();
        for (int w = 0; w < Watchers; ++w) {
            watchers.push_back(std::make_unique<Watcher>());
            watchers.back()->start(port, "/api/v1/namespaces/default/pods?watch=true");
        }
        if (!waitFor([&] { return delivered() >= qint64(Pods) * Watchers; })) {
            state.SkipWithError("not every initial watch event arrived in time");
            return;
        }
        const double initialSeconds = timer.nsecsElapsed() / 1e9;
        state.SetIterationTime(watchSeconds);
        state.counters["pods_created_per_s"] = Pods / createSeconds;
        state.counters["list_objects_per_s"] = double(listed) / listSeconds;
        state.counters["watch_events_per_s"] = double(changeEvents) / watchSeconds;
        state.counters["initial_events_per_s"] = double(delivered()) / initialSeconds;
        state.counters["server_idle_rss_MB"] = idleKb / 1024.0;
        state.counters["server_peak_rss_MB"] = statusKb(server.processId(), "VmHWM") / 1024.0;
        watchers.clear();
        clients.clear();
        server.terminate();
        server.waitForFinished(10000);
    }
}

// Starts demo-cluster with `args`; the port it listens on, or 0.
quint16 startServer(QProcess &server, const QStringList &args)
{
    server.start(QStringLiteral(DEMO_CLUSTER_PATH), args);
    QByteArray line;
    while (!line.contains('\n') && server.waitForReadyRead(10000))
        line += server.readAllStandardOutput();
    const auto m = QRegularExpression(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s).match(QString::fromUtf8(line));
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
}

// The path of an object for a PATCH, from the one kind registry.
QByteArray objectPath(const dc::Document &d)
{
    const dc::KindInfo *k = dc::findKind(d.kind());
    const QString gv = d.apiVersion();
    QString path = gv.contains(u'/') ? u"/apis/"_s + gv : u"/api/"_s + gv;
    if (!d.ns().isEmpty())
        path += u"/namespaces/"_s + d.ns();
    return (path + u'/' + k->plural + u'/' + d.name()).toUtf8();
}

// Server-side apply of the default bundle (kubeflow/production), as `kubectl apply --server-side`
// sends it: one PATCH per object, each bundle with a changed annotation so that every apply writes.
void BM_ServerSideApplyBundles(benchmark::State &state)
{
    constexpr int Bundles = 300;
    const dc::Bundle bundle = dc::generate(dc::Project{}, dc::Target{dc::Platform::Kubeflow, dc::Environment::Production, dc::Preset::ModelRegistryUi});
    for (auto _ : state) {
        QProcess server;
        const quint16 port = startServer(server, {});
        if (!port) {
            state.SkipWithError("demo-cluster did not start");
            return;
        }
        Requester client;
        client.connectTo(port);
        QElapsedTimer timer;
        timer.start();
        qint64 sent = 0;
        for (int i = 0; i < Bundles; ++i) {
            for (const dc::Document &d : bundle.documents) {
                QJsonObject o = d.root.toJson().toObject();
                QJsonObject meta = o.value(u"metadata"_s).toObject();
                QJsonObject annotations = meta.value(u"annotations"_s).toObject();
                annotations.insert(u"bench.modarch.io/apply"_s, QString::number(i));
                meta.insert(u"annotations"_s, annotations);
                o.insert(u"metadata"_s, meta);
                client.socket.write(request("PATCH", objectPath(d) + "?fieldManager=bench&fieldValidation=Strict&force=true",
                                            "application/apply-patch+yaml", QJsonDocument(o).toJson(QJsonDocument::Compact)));
                ++sent;
            }
            // A bundle at a time, as a client waits for its apply to finish.
            if (!waitFor([&] { return client.responses == sent; })) {
                state.SkipWithError("the applies timed out");
                return;
            }
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (client.failures > 0) {
            state.SkipWithError(QByteArray("some applies failed: " + client.lastBody.left(300)).constData());
            return;
        }
        state.SetIterationTime(seconds);
        state.counters["bundles_per_s"] = Bundles / seconds;
        state.counters["objects_per_bundle"] = double(bundle.documents.size());
        server.terminate();
        server.waitForFinished(10000);
    }
}

// A rollout of 100 replicas with the controllers at full speed (--controller-tick 10, pods ready
// at once): from the image change until the Deployment is complete, as kubectl rollout status
// would see it. The scheduler and kubelets keep their 50 writes a second each.
void BM_Rollout100Replicas(benchmark::State &state)
{
    for (auto _ : state) {
        QProcess server;
        const quint16 port = startServer(server, {u"--ready-after"_s, u"0"_s, u"--controller-tick"_s, u"10"_s});
        if (!port) {
            state.SkipWithError("demo-cluster did not start");
            return;
        }
        Requester client;
        client.connectTo(port);
        const QByteArray path = "/apis/apps/v1/namespaces/default/deployments/web";
        auto deployment = [](const char *image) {
            return QJsonDocument(QJsonObject{
                {u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, u"web"_s}}},
                {u"spec"_s, QJsonObject{{u"replicas"_s, 100}, {u"selector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{u"app"_s, u"web"_s}}}}},
                                        {u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, QJsonObject{{u"app"_s, u"web"_s}}}}},
                                                                    {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{
                                                                                                {u"name"_s, u"web"_s}, {u"image"_s, QString::fromLatin1(image)}}}}}}}}}}})
                .toJson(QJsonDocument::Compact);
        };
        auto apply = [&](const char *image) {
            const qint64 before = client.responses;
            client.socket.write(request("PATCH", path + "?fieldManager=bench&force=true", "application/apply-patch+yaml", deployment(image)));
            return waitFor([&] { return client.responses > before; }, 10000);
        };
        auto complete = [&] {
            const qint64 before = client.responses;
            client.socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            if (!waitFor([&] { return client.responses > before; }, 10000))
                return false;
            const QJsonObject d = QJsonDocument::fromJson(client.lastBody).object();
            const QJsonObject st = d.value(u"status"_s).toObject();
            return st.value(u"observedGeneration"_s).toInteger() >= d.value(u"metadata"_s).toObject().value(u"generation"_s).toInteger()
                && st.value(u"updatedReplicas"_s).toInteger() == 100 && st.value(u"replicas"_s).toInteger() == 100
                && st.value(u"availableReplicas"_s).toInteger() == 100;
        };
        if (!apply("example.com/web:1") || !waitFor(complete, 60000)) {
            state.SkipWithError("the first revision did not become available");
            return;
        }
        QElapsedTimer timer;
        timer.start();
        if (!apply("example.com/web:2") || !waitFor(complete, 120000)) {
            state.SkipWithError("the rollout did not complete");
            return;
        }
        state.SetIterationTime(double(timer.nsecsElapsed()) / 1e9);
        state.counters["server_peak_rss_MB"] = statusKb(server.processId(), "VmHWM") / 1024.0;
        server.terminate();
        server.waitForFinished(10000);
    }
}

} // namespace

// The whole pre-flight of the default bundle (kubeflow/production) against demo-cluster with TLS
// and a token, as a user runs it: `deployctl check`, a whole process, from start to exit.
void BM_PreflightDefaultBundle(benchmark::State &state)
{
    QTemporaryDir dir;
    QProcess server;
    const QString kubeconfig = dir.filePath(u"kubeconfig"_s);
    server.start(QStringLiteral(DEMO_CLUSTER_PATH), {u"--tls"_s, u"--kubeconfig-out"_s, kubeconfig});
    QByteArray line;
    while (!line.contains('\n') && server.waitForReadyRead(10000))
        line += server.readAllStandardOutput();
    if (!line.contains("listening on https://")) {
        state.SkipWithError("demo-cluster did not start");
        return;
    }
    for (auto _ : state) {
        QProcess check;
        QElapsedTimer timer;
        timer.start();
        check.start(QStringLiteral(DEPLOYCTL_PATH), {u"check"_s, u"--platform"_s, u"kubeflow"_s, u"--env"_s, u"production"_s, u"--kubeconfig"_s, kubeconfig,
                                                    u"--output"_s, u"json"_s});
        check.waitForFinished(60000);
        state.SetIterationTime(double(timer.nsecsElapsed()) / 1e9);
        if (check.exitCode() != 0) {
            state.SkipWithError(QByteArray("the checklist did not pass: " + check.readAllStandardOutput().left(300)).constData());
            return;
        }
    }
    server.terminate();
    server.waitForFinished(10000);
}

BENCHMARK(BM_PreflightDefaultBundle)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(10);
BENCHMARK(BM_ListAndWatchLoad)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);
BENCHMARK(BM_ServerSideApplyBundles)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);
BENCHMARK(BM_Rollout100Replicas)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
