#include "metricssim.h"

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {
const double LatencyBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
}

// Simulated load, one controller tick (250 ms): 5 requests per ready pod, none while nothing is
// ready; pods of a failing revision answer 503; latency spread over a few milliseconds.
void MetricsSimulator::simulateTraffic(const QString &module, qint64 readyPods, qint64 failingPods)
{
    Traffic &t = m_traffic[module];
    if (t.buckets.isEmpty())
        t.buckets = QList<qint64>(std::size(LatencyBuckets), 0);
    const qint64 ok = readyPods * 5;
    const qint64 failed = readyPods > 0 ? failingPods : 0; // traffic only reaches broken pods while others serve
    static const char *const methods[] = {"GET", "GET", "GET", "POST", "PATCH"};
    for (qint64 i = 0; i < ok + failed; ++i) {
        const QString method = QString::fromLatin1(methods[(t.count + i) % 5]);
        const QString code = i < ok ? (method == u"POST"_s ? u"201"_s : u"200"_s) : u"503"_s;
        t.requests[method + u' ' + code] += 1;
        // A deterministic spread: most requests fast, a tail slower.
        const double seconds = 0.003 + 0.002 * double((t.count + i) % 7) + ((t.count + i) % 50 == 0 ? 0.2 : 0.0);
        t.sumSeconds += seconds;
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            if (seconds <= LatencyBuckets[b])
                t.buckets[qsizetype(b)] += 1;
    }
    t.count += ok + failed;
}

void MetricsSimulator::retainOnly(const QSet<QString> &modules)
{
    for (auto it = m_traffic.begin(); it != m_traffic.end();)
        it = modules.contains(it.key()) ? std::next(it) : m_traffic.erase(it);
}

HttpResponse MetricsSimulator::metrics() const
{
    QString out;
    out += u"# HELP requests_total Requests handled by the module (simulated).\n# TYPE requests_total counter\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString ns = it.key().section(u'/', 0, 0), module = it.key().section(u'/', 1);
        for (auto r = it->requests.constBegin(); r != it->requests.constEnd(); ++r)
            out += u"requests_total{namespace=\"%1\",module=\"%2\",method=\"%3\",code=\"%4\"} %5\n"_s.arg(
                ns, module, r.key().section(u' ', 0, 0), r.key().section(u' ', 1)).arg(*r);
    }
    out += u"# HELP request_duration_seconds Request latency (simulated).\n# TYPE request_duration_seconds histogram\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString labels = u"namespace=\"%1\",module=\"%2\""_s.arg(it.key().section(u'/', 0, 0), it.key().section(u'/', 1));
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            out += u"request_duration_seconds_bucket{%1,le=\"%2\"} %3\n"_s.arg(labels).arg(LatencyBuckets[b]).arg(it->buckets.value(qsizetype(b)));
        out += u"request_duration_seconds_bucket{%1,le=\"+Inf\"} %2\n"_s.arg(labels).arg(it->count);
        out += u"request_duration_seconds_sum{%1} %2\n"_s.arg(labels).arg(it->sumSeconds, 0, 'f', 6);
        out += u"request_duration_seconds_count{%1} %2\n"_s.arg(labels).arg(it->count);
    }
    out += u"# HELP istio_requests_total Requests seen by the destination sidecar (simulated).\n# TYPE istio_requests_total counter\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString ns = it.key().section(u'/', 0, 0), module = it.key().section(u'/', 1);
        QMap<QString, qint64> byCode;
        for (auto r = it->requests.constBegin(); r != it->requests.constEnd(); ++r)
            byCode[r.key().section(u' ', 1)] += *r;
        for (auto c = byCode.constBegin(); c != byCode.constEnd(); ++c)
            out += u"istio_requests_total{reporter=\"destination\",destination_workload=\"%1\",destination_workload_namespace=\"%2\",destination_service_name=\"%1\",response_code=\"%3\"} %4\n"_s
                       .arg(module, ns, c.key()).arg(*c);
    }
    out += u"# HELP istio_request_duration_milliseconds Request latency seen by the destination sidecar (simulated).\n# TYPE istio_request_duration_milliseconds histogram\n"_s;
    for (auto it = m_traffic.constBegin(); it != m_traffic.constEnd(); ++it) {
        const QString labels = u"reporter=\"destination\",destination_workload=\"%1\",destination_workload_namespace=\"%2\""_s.arg(
            it.key().section(u'/', 1), it.key().section(u'/', 0, 0));
        for (size_t b = 0; b < std::size(LatencyBuckets); ++b)
            out += u"istio_request_duration_milliseconds_bucket{%1,le=\"%2\"} %3\n"_s.arg(labels).arg(LatencyBuckets[b] * 1000).arg(it->buckets.value(qsizetype(b)));
        out += u"istio_request_duration_milliseconds_bucket{%1,le=\"+Inf\"} %2\n"_s.arg(labels).arg(it->count);
        out += u"istio_request_duration_milliseconds_sum{%1} %2\n"_s.arg(labels).arg(it->sumSeconds * 1000, 0, 'f', 3);
        out += u"istio_request_duration_milliseconds_count{%1} %2\n"_s.arg(labels).arg(it->count);
    }
    return {200, "text/plain; version=0.0.4; charset=utf-8", out.toUtf8()};
}

} // namespace dc::demo
