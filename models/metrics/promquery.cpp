#include "promquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace dc::metrics {

namespace {

double valueOf(const QJsonValue &v)
{
    const QString text = v.toString();
    if (text == u"NaN"_s)
        return std::numeric_limits<double>::quiet_NaN();
    if (text == u"+Inf"_s || text == u"Inf"_s)
        return std::numeric_limits<double>::infinity();
    if (text == u"-Inf"_s)
        return -std::numeric_limits<double>::infinity();
    bool ok = false;
    const double d = text.toDouble(&ok);
    return ok ? d : std::numeric_limits<double>::quiet_NaN();
}

Point pointOf(const QJsonArray &pair)
{
    return Point{qint64(std::llround(pair.at(0).toDouble() * 1000)), valueOf(pair.at(1))};
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

} // namespace

QString Series::name() const
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        if (it.key() != u"__name__"_s)
            parts << u"%1=\"%2\""_s.arg(it.key(), it.value());
    return labels.value(u"__name__"_s) + u'{' + parts.join(u", "_s) + u'}';
}

QueryResult tooLargeReply(qint64 bytes, qint64 maxBytes)
{
    QueryResult r;
    r.httpStatus = 200;
    r.truncated = true;
    r.error = u"the answer is over %1 MB, more than the %2 MB allowed: choose a shorter range, a larger step or a query with fewer series"_s
                  .arg(double(bytes) / 1048576.0, 0, 'f', 1)
                  .arg(double(maxBytes) / 1048576.0, 0, 'f', 0);
    return r;
}

QueryResult parseQueryReply(int httpStatus, const QByteArray &body, qint64 maxBytes)
{
    if (body.size() > maxBytes)
        return tooLargeReply(body.size(), maxBytes);
    QueryResult r;
    r.httpStatus = httpStatus;
    QJsonParseError parse{};
    const QJsonObject root = QJsonDocument::fromJson(body, &parse).object();
    if (parse.error != QJsonParseError::NoError || root.isEmpty()) {
        r.error = httpStatus >= 400 ? u"HTTP %1: %2"_s.arg(httpStatus).arg(QString::fromUtf8(body.left(300)).trimmed())
                                    : u"the answer is not Prometheus' JSON (%1): is the URL the Prometheus API's base?"_s.arg(parse.errorString());
        return r;
    }
    r.warnings = strings(root.value(u"warnings"_s));
    r.infos = strings(root.value(u"infos"_s));
    if (root.value(u"status"_s).toString() != u"success"_s) {
        r.errorType = root.value(u"errorType"_s).toString();
        r.error = root.value(u"error"_s).toString();
        if (r.error.isEmpty())
            r.error = u"HTTP %1"_s.arg(httpStatus);
        return r;
    }
    const QJsonObject data = root.value(u"data"_s).toObject();
    r.resultType = data.value(u"resultType"_s).toString();
    r.buildVersion = data.value(u"version"_s).toString(); // /api/v1/status/buildinfo
    const QJsonValue result = data.value(u"result"_s);
    if (r.resultType == u"scalar"_s || r.resultType == u"string"_s) {
        r.series.append(Series{{}, {pointOf(result.toArray())}});
    } else {
        const QJsonArray items = result.toArray();
        r.series.reserve(items.size());
        for (const QJsonValue &item : items) {
            Series s;
            const QJsonObject metric = item[u"metric"_s].toObject();
            for (auto it = metric.begin(); it != metric.end(); ++it)
                s.labels.insert(it.key(), it.value().toString());
            if (r.resultType == u"matrix"_s) {
                const QJsonArray values = item[u"values"_s].toArray();
                s.points.reserve(values.size());
                for (const QJsonValue &v : values)
                    s.points.append(pointOf(v.toArray()));
            } else {
                s.points.append(pointOf(item[u"value"_s].toArray()));
            }
            r.series.append(std::move(s));
        }
    }
    r.ok = true;
    return r;
}

int stepFor(qint64 rangeSeconds, int width)
{
    const qint64 points = std::max(10, width / 4);
    qint64 step = std::max<qint64>(1, (rangeSeconds + points - 1) / points);
    step = std::max<qint64>(step, (rangeSeconds + 10999) / 11000);
    return int(step);
}

QStringList metricNames(const QString &promql)
{
    // Identifiers followed by a selector or a range, minus PromQL's functions and keywords.
    static const QRegularExpression re(u"([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?=\\{|\\[)"_s);
    static const QStringList keywords{u"by"_s, u"without"_s, u"on"_s, u"ignoring"_s, u"group_left"_s, u"group_right"_s, u"offset"_s};
    QStringList out;
    for (auto it = re.globalMatch(promql); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!keywords.contains(name) && !out.contains(name))
            out << name;
    }
    return out;
}

QString providerOf(const QString &metric)
{
    if (metric.startsWith(u"istio_"_s))
        return u"Istio's telemetry: the module's pods need the sidecar (injection on) and Prometheus must scrape the Envoy stats (Istio's prometheus, or a PodMonitor for port 15090)"_s;
    if (metric.startsWith(u"kube_"_s))
        return u"kube-state-metrics (kube-prometheus-stack installs it): check that it runs and that Prometheus scrapes it"_s;
    if (metric.startsWith(u"container_"_s))
        return u"cAdvisor in the kubelet (/metrics/cadvisor): Prometheus must scrape the kubelets (kube-prometheus-stack's kubelet ServiceMonitor)"_s;
    return u"the module itself: its metrics port must be scraped (a ServiceMonitor, or the prometheus.io annotations)"_s;
}

} // namespace dc::metrics
