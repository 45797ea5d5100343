#include "charts.h"

#include "manifests/bundle.h"

using namespace Qt::StringLiterals;

namespace dc::metrics {

ChartContext chartContextOf(const Bundle &bundle)
{
    ChartContext c;
    for (const Document &d : bundle.documents) {
        if (d.kind() == u"Deployment"_s && c.workload.isEmpty()) {
            c.ns = d.ns();
            c.workload = d.name();
            if (const Node *labels = d.root.at(u"spec.template.metadata.labels"))
                if (const Node *inject = labels->get(u"sidecar.istio.io/inject"))
                    c.inMesh = inject->scalarText() == u"true"_s;
        }
        if (d.kind() == u"ServiceMonitor"_s)
            c.moduleMetric = u"requests_total"_s;
    }
    return c;
}

QString legendOf(const ChartQuery &query, const QMap<QString, QString> &labels)
{
    QString text = query.legend;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        text.replace(u"{{"_s + it.key() + u"}}"_s, it.value());
    return text.isEmpty() ? u"value"_s : text;
}

QString rateWindow(int stepSeconds)
{
    return QString::number(std::max(60, 4 * stepSeconds)) + u's';
}

QList<ChartDef> builtinCharts(const ChartContext &c, const QString &rate)
{
    const QString istio = u"reporter=\"destination\",destination_workload=\"%1\",destination_workload_namespace=\"%2\""_s.arg(c.workload, c.ns);
    const QString pods = u"namespace=\"%1\",pod=~\"%2-[a-z0-9]+-[a-z0-9]+\""_s.arg(c.ns, c.workload);
    QList<ChartDef> charts;
    if (c.inMesh) {
        charts.append({u"requests"_s, u"Requests by status class"_s, u"req/s"_s, u"Istio telemetry"_s,
                       {{u"{{code_class}}"_s, u"sum by (code_class) (label_replace(rate(istio_requests_total{%1}[%2]), \"code_class\", \"${1}xx\", \"response_code\", \"(.).*\"))"_s.arg(istio, rate)}}});
        QList<ChartQuery> latency;
        for (const char *q : {"0.5", "0.95", "0.99"})
            latency.append({u"p%1"_s.arg(QString::number(QString::fromLatin1(q).toDouble() * 100)),
                            u"histogram_quantile(%1, sum by (le) (rate(istio_request_duration_milliseconds_bucket{%2}[%3])))"_s.arg(QLatin1String(q), istio, rate)});
        charts.append({u"latency"_s, u"Latency"_s, u"ms"_s, u"Istio telemetry"_s, latency});
        charts.append({u"errors"_s, u"Error ratio (5xx)"_s, u"ratio"_s, u"Istio telemetry"_s,
                       {{u"5xx"_s, u"(sum(rate(istio_requests_total{%1,response_code=~\"5..\"}[%2])) or vector(0)) / sum(rate(istio_requests_total{%1}[%2]))"_s.arg(istio, rate)}}});
    }
    charts.append({u"replicas"_s, u"Replicas"_s, u"pods"_s, u"kube-state-metrics"_s,
                   {{u"desired"_s, u"sum(kube_deployment_spec_replicas{namespace=\"%1\",deployment=\"%2\"})"_s.arg(c.ns, c.workload)},
                    {u"available"_s, u"sum(kube_deployment_status_replicas_available{namespace=\"%1\",deployment=\"%2\"})"_s.arg(c.ns, c.workload)}}});
    charts.append({u"restarts"_s, u"Container restarts"_s, u"restarts"_s, u"kube-state-metrics"_s,
                   {{u"restarts"_s, u"sum(kube_pod_container_status_restarts_total{%1})"_s.arg(pods)}}});
    charts.append({u"cpu"_s, u"CPU"_s, u"cores"_s, u"cAdvisor and kube-state-metrics"_s,
                   {{u"used"_s, u"sum(rate(container_cpu_usage_seconds_total{%1,container!=\"\"}[%2]))"_s.arg(pods, rate)},
                    {u"requests"_s, u"sum(kube_pod_container_resource_requests{%1,resource=\"cpu\"})"_s.arg(pods)},
                    {u"limits"_s, u"sum(kube_pod_container_resource_limits{%1,resource=\"cpu\"})"_s.arg(pods)}}});
    charts.append({u"memory"_s, u"Memory (working set)"_s, u"bytes"_s, u"cAdvisor and kube-state-metrics"_s,
                   {{u"used"_s, u"sum(container_memory_working_set_bytes{%1,container!=\"\"})"_s.arg(pods)},
                    {u"requests"_s, u"sum(kube_pod_container_resource_requests{%1,resource=\"memory\"})"_s.arg(pods)},
                    {u"limits"_s, u"sum(kube_pod_container_resource_limits{%1,resource=\"memory\"})"_s.arg(pods)}}});
    if (!c.moduleMetric.isEmpty())
        charts.append({u"module"_s, u"The module's requests"_s, u"req/s"_s, u"the module's /metrics"_s,
                       {{u"{{code}}"_s, u"sum by (code) (rate(%1{namespace=\"%2\"}[%3]))"_s.arg(c.moduleMetric, c.ns, rate)}}});
    return charts;
}

} // namespace dc::metrics
