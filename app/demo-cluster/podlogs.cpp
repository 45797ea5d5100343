#include "podlogs.h"

#include "apierror.h"
#include "objectstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

constexpr qint64 CrashAfterMs = 200;       // a ":crash" run exits this long after it started
constexpr qint64 RequestEveryMs = 1000;    // one request line a second while serving
constexpr qint64 KeptRequestMs = 10000000; // request lines older than this are rotated away

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
}

QString line(qint64 ms, const QString &level, const QString &rest)
{
    return u"time=%1 level=%2 %3"_s.arg(timeText(ms), level, rest);
}

// One run of a container, from `start` to `end` (now, or when it exited).
void runLines(QList<LogLine> *out, const QJsonObject &container, const Kubelet::Timeline &t, qint64 start, qint64 end, bool crashes)
{
    out->append({start, line(start, u"INFO"_s, u"msg=\"starting\" container=%1 image=%2"_s.arg(container.value(u"name"_s).toString(),
                                                                                                 container.value(u"image"_s).toString()))});
    const QJsonArray ports = container.value(u"ports"_s).toArray();
    for (const QJsonValue &p : ports)
        if (start + 50 <= end)
            out->append({start + 50, line(start + 50, u"INFO"_s, u"msg=\"listening\" address=:%1"_s.arg(p[u"containerPort"_s].toInteger()))});
    if (crashes) {
        if (start + CrashAfterMs <= end)
            out->append({start + CrashAfterMs, line(start + CrashAfterMs, u"ERROR"_s,
                                                    u"msg=\"fatal error, exiting\" error=\"simulated crash (image tag :crash)\" exitCode=1"_s)});
        return;
    }
    if (t.probeFailing)
        for (qint64 at = start + 10000; at <= end; at += 10000)
            out->append({at, line(at, u"WARN"_s, u"msg=\"readiness check failed\" error=\"upstream dependency unavailable: connection refused\""_s)});
    if (t.readyMs >= 0 && t.readyMs <= end) {
        out->append({t.readyMs, line(t.readyMs, u"INFO"_s, u"msg=\"ready\""_s)});
        if (!ports.isEmpty()) {
            static const char *const methods[] = {"GET", "GET", "GET", "POST", "PATCH"};
            static const char *const paths[] = {"/api/v1/model_registry", "/api/v1/model_registry/default/registered_models",
                                                "/api/v1/user", "/api/v1/namespaces"};
            qint64 k = std::max<qint64>(1, (end - KeptRequestMs - t.readyMs) / RequestEveryMs);
            for (qint64 at = t.readyMs + k * RequestEveryMs; at <= end; at += RequestEveryMs, ++k) {
                const QString method = QString::fromLatin1(methods[k % 5]);
                out->append({at, line(at, u"INFO"_s, u"msg=\"request\" method=%1 path=%2 status=%3 duration=%4ms"_s
                                                         .arg(method, QString::fromLatin1(paths[k % 4]), method == u"POST"_s ? u"201"_s : u"200"_s)
                                                         .arg(3 + 2 * (k % 7)))});
            }
        }
    }
    if (t.finishedMs >= 0 && t.finishedMs <= end) {
        out->append({t.finishedMs, t.exitCode == 0 ? line(t.finishedMs, u"INFO"_s, u"msg=\"finished\" duration=%1s"_s.arg(double(t.finishedMs - start) / 1000.0))
                                                   : line(t.finishedMs, u"ERROR"_s, u"msg=\"fatal error, exiting\" error=\"simulated crash (image tag :crash)\" exitCode=%1"_s.arg(t.exitCode))});
    }
}

// The pod's container of that name, or an empty object.
QJsonObject containerOf(const QJsonObject &pod, const QString &name)
{
    for (const QJsonValue &c : pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
        if (c[u"name"_s].toString() == name)
            return c.toObject();
    return {};
}

} // namespace

QList<LogLine> containerLog(const QJsonObject &pod, const QString &container, const Kubelet::Timeline &timeline, qint64 nowMs, bool previous)
{
    const QJsonObject spec = containerOf(pod, container);
    QList<qint64> starts{timeline.startedMs};
    starts += timeline.restartsMs;
    const qsizetype run = starts.size() - 1 - (previous ? 1 : 0);
    QList<LogLine> out;
    if (run < 0)
        return out;
    const qint64 start = starts.at(run);
    const qint64 end = run + 1 < starts.size() ? starts.at(run + 1) - 1 : nowMs;
    runLines(&out, spec, timeline, start, timeline.finishedMs >= 0 ? std::min(end, timeline.finishedMs) : end, timeline.crashLoop);
    std::stable_sort(out.begin(), out.end(), [](const LogLine &a, const LogLine &b) { return a.ms < b.ms; });
    return out;
}

PodLogs::PodLogs(const ObjectStore &store, const Kubelet &kubelet, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_kubelet(kubelet)
{
}

HttpResponse PodLogs::serve(const HttpRequest &request, const QString &podKey, HttpConnection *connection)
{
    const QJsonObject pod = m_store.value(podKey);
    const QString podName = pod.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    const QJsonArray containers = pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray();
    QString container = request.query.queryItemValue(u"container"_s, QUrl::FullyDecoded);
    if (container.isEmpty()) {
        if (containers.size() != 1) {
            QStringList names;
            for (const QJsonValue &c : containers)
                names << c[u"name"_s].toString();
            return apiError(ApiReason::BadRequest, u"a container name must be specified for pod %1, choose one of: [%2]"_s.arg(podName, names.join(u' ')));
        }
        container = containers.first()[u"name"_s].toString();
    }
    if (containerOf(pod, container).isEmpty())
        return apiError(ApiReason::BadRequest, u"container %1 is not valid for pod %2"_s.arg(container, podName));
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const std::optional<Kubelet::Timeline> timeline = m_kubelet.timeline(podKey, nowMs);
    if (!timeline)
        return apiError(ApiReason::BadRequest, u"container \"%1\" in pod \"%2\" is waiting to start: ContainerCreating"_s.arg(container, podName));
    const bool previous = request.query.queryItemValue(u"previous"_s) == u"true"_s;
    if (previous && timeline->restartsMs.isEmpty())
        return apiError(ApiReason::BadRequest, u"previous terminated container \"%1\" in pod \"%2\" not found"_s.arg(container, podName));

    QList<LogLine> lines = containerLog(pod, container, *timeline, nowMs, previous);
    qint64 sinceMs = 0;
    if (const QString since = request.query.queryItemValue(u"sinceSeconds"_s); !since.isEmpty())
        sinceMs = nowMs - since.toLongLong() * 1000;
    if (const QString since = request.query.queryItemValue(u"sinceTime"_s, QUrl::FullyDecoded); !since.isEmpty())
        sinceMs = QDateTime::fromString(since, Qt::ISODate).toMSecsSinceEpoch();
    lines.removeIf([sinceMs](const LogLine &l) { return l.ms < sinceMs; });
    bool tailOk = false;
    const qint64 tail = request.query.queryItemValue(u"tailLines"_s).toLongLong(&tailOk);
    if (tailOk && tail >= 0 && tail < lines.size())
        lines = lines.mid(lines.size() - tail);
    const bool timestamps = request.query.queryItemValue(u"timestamps"_s) == u"true"_s;
    auto text = [timestamps](const QList<LogLine> &ls) {
        QByteArray out;
        for (const LogLine &l : ls) {
            if (timestamps)
                out += QDateTime::fromMSecsSinceEpoch(l.ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzz000000Z "_s).toUtf8();
            out += l.text.toUtf8() + '\n';
        }
        return out;
    };
    QByteArray body = text(lines);
    bool limitOk = false;
    const qint64 limit = request.query.queryItemValue(u"limitBytes"_s).toLongLong(&limitOk);
    if (limitOk && limit > 0)
        body.truncate(limit);
    const bool running = !(timeline->finishedMs >= 0 && nowMs >= timeline->finishedMs) && !timeline->crashLoop;
    if (request.query.queryItemValue(u"follow"_s) != u"true"_s || previous || !running)
        return {200, "text/plain", body};

    // Follow: the lines as they are written, until the container stops or the client goes.
    connection->startStream("text/plain");
    connection->writeChunk(body);
    qint64 lastMs = lines.isEmpty() ? nowMs : lines.last().ms;
    QPointer<HttpConnection> client(connection);
    auto *timer = new QTimer(this);
    connect(connection, &HttpConnection::closed, timer, &QObject::deleteLater);
    connect(timer, &QTimer::timeout, this, [this, timer, client, podKey, container, text, lastMs]() mutable {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const std::optional<Kubelet::Timeline> t = m_kubelet.timeline(podKey, now);
        if (!client || !m_store.contains(podKey) || !t) {
            if (client)
                client->endStream();
            timer->deleteLater();
            return;
        }
        QList<LogLine> fresh = containerLog(m_store.value(podKey), container, *t, now, false);
        fresh.removeIf([lastMs](const LogLine &l) { return l.ms <= lastMs; });
        if (!fresh.isEmpty()) {
            lastMs = fresh.last().ms;
            client->writeChunk(text(fresh));
        }
        if (t->finishedMs >= 0 && now >= t->finishedMs) {
            client->endStream();
            timer->deleteLater();
        }
    });
    timer->start(250);
    return {0, {}, {}};
}

} // namespace dc::demo
