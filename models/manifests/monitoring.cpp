// Metrics: a metrics Service and a ServiceMonitor when the module serves /metrics. In an Istio
// mesh with strict mTLS and an AuthorizationPolicy, Prometheus (outside the mesh) cannot reach
// the metrics port; Istio's metrics merging serves the application's metrics on the sidecar
// agent's port 15020 (/stats/prometheus), outside mTLS and authorization, and that is what
// Prometheus scrapes there.

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

namespace {

constexpr int IstioMergedMetricsPort = 15020;
const char *const IstioMergedMetricsPath = "/stats/prometheus";

} // namespace

bool metricsOn(const Context &ctx)
{
    return ctx.c.flag(u"monitoring.enabled"_s) && ctx.c.integer(u"monitoring.metricsPort"_s) > 0;
}

bool metricsMerged(const Context &ctx)
{
    return metricsOn(ctx) && ctx.on(Platform::Kubeflow) && ctx.c.flag(u"istio.sidecarInject"_s);
}

void addMetricsAnnotations(const Context &ctx, Node &podAnnotations)
{
    if (!metricsMerged(ctx))
        return;
    // Istio's injector reads these, tells the agent where the application's metrics are, and
    // rewrites them to the agent's merged endpoint.
    podAnnotations.set("prometheus.io/path", ctx.s(u"monitoring.metricsPath"_s));
    podAnnotations.set("prometheus.io/port", Node(QString::number(ctx.c.integer(u"monitoring.metricsPort"_s))).withSource(u"monitoring.metricsPort"_s));
    podAnnotations.set("prometheus.io/scrape", Node("true").withSource(u"monitoring.enabled"_s));
}

void addMonitoring(Context &ctx)
{
    const ResolvedConfig &c = ctx.c;
    if (!metricsOn(ctx)) {
        if (c.flag(u"monitoring.enabled"_s))
            ctx.note(u"guide-monitoring"_s,
                     u"Monitoring: the guide adds a metrics Service on 9090 and a ServiceMonitor, but this module exposes no /metrics (the upstream UI and BFF serve none), so neither is generated. Set monitoring.metricsPort when the module serves metrics."_s,
                     u"monitoring.metricsPort"_s);
        return;
    }
    const bool merged = metricsMerged(ctx);
    const Node port = merged ? Node(IstioMergedMetricsPort).withSource(u"istio.sidecarInject"_s) : ctx.i(u"monitoring.metricsPort"_s);
    const Node target = merged ? Node(IstioMergedMetricsPort).withSource(u"istio.sidecarInject"_s) : Node("metrics");
    ctx.add(makeService(ctx, ctx.name + u"-metrics"_s, u"metrics"_s, port, target, u"metrics"_s)).from(u"monitoring.enabled"_s);

    Node sm = makeObject(u"monitoring.coreos.com/v1"_s, "ServiceMonitor", ctx.metadata(ctx.name, true, u"metrics"_s));
    Node sms = Node::map();
    Node ep = Node::map();
    ep.set("interval", ctx.s(u"monitoring.interval"_s));
    ep.set("path", merged ? Node(IstioMergedMetricsPath).withSource(u"istio.sidecarInject"_s) : ctx.s(u"monitoring.metricsPath"_s));
    ep.set("port", Node("metrics"));
    Node eps = Node::seq();
    eps.append(ep);
    sms.set("endpoints", eps);
    Node nsSel = Node::map();
    Node names = Node::seq();
    names.append(ctx.s(u"namespace"_s));
    nsSel.set("matchNames", names);
    sms.set("namespaceSelector", nsSel);
    Node smSel = Node::map();
    Node ml = ctx.selector();
    ml.set("app.kubernetes.io/component", Node("metrics"));
    smSel.set("matchLabels", ml);
    sms.set("selector", smSel);
    sm.set("spec", sms);
    ctx.add(sm).from(u"monitoring.enabled"_s);
    ctx.note(u"guide-servicemonitor-apiversion"_s,
             u"ServiceMonitor: generated with apiVersion monitoring.coreos.com/v1; the guide's `apiVersion: v1` names no ServiceMonitor kind and is rejected."_s,
             u"monitoring.enabled"_s);
    if (merged)
        ctx.note(u"kubeflow-metrics-merging"_s,
                 u"Metrics in the mesh: under Kubeflow's strict mTLS and the AuthorizationPolicy, a scrape of port %1 from Prometheus outside the mesh is refused. The pod carries prometheus.io/scrape, port %1 and path %2 annotations, so Istio's metrics merging (meshConfig.enableMetricsMerging, on by default) serves the module's metrics with the sidecar's on the agent port %3 (%4), which mTLS and authorization policies do not cover; the metrics Service and ServiceMonitor point there."_s
                     .arg(c.integer(u"monitoring.metricsPort"_s))
                     .arg(c.str(u"monitoring.metricsPath"_s))
                     .arg(IstioMergedMetricsPort)
                     .arg(QString::fromLatin1(IstioMergedMetricsPath)),
                 u"monitoring.metricsPort"_s);
}

} // namespace dc::gen
