#include "fieldstate.h"

#include "resolvedconfig.h"

using namespace Qt::StringLiterals;

namespace dc {

FieldState fieldState(const QString &path, const ResolvedConfig &c)
{
    FieldState s;
    const bool dedicated = c.str(u"istio.gateway.mode"_s) == u"dedicated"_s;
    if (!dedicated && (path == u"istio.gateway.hosts"_s || path == u"istio.gateway.tlsCredentialName"_s))
        s.inactive = u"Not used: the module attaches to Kubeflow's shared gateway (Gateway: shared), whose hosts and certificate are the platform's. Set Gateway to dedicated to use it."_s;
    if (dedicated && path == u"istio.gateway.name"_s)
        s.inactive = u"Not used: with Gateway dedicated the module has a Gateway of its own."_s;
    if (dedicated && path == u"istio.virtualService.hosts"_s)
        s.inactive = u"Not used: with Gateway dedicated the route takes the dedicated Gateway's hosts."_s;
    if (path == u"logLevel"_s && c.flag(u"features.debugMode"_s) && c.str(u"logLevel"_s) != u"debug"_s)
        s.overriddenBy = u"Overridden by Debug mode (Features): the BFF runs with --log-level=debug."_s;
    const bool metrics = c.integer(u"monitoring.metricsPort"_s) > 0;
    if (path == u"monitoring.enabled"_s && c.flag(path) && !metrics)
        s.generatesNothing = u"Generates nothing: the module exposes no metrics (Metrics port is 0; the upstream UI serves none). Set the port where it serves /metrics."_s;
    if ((path == u"monitoring.metricsPath"_s || path == u"monitoring.interval"_s) && !(c.flag(u"monitoring.enabled"_s) && metrics))
        s.inactive = u"Not used: nothing is scraped until Monitoring is on and the module has a metrics port."_s;
    return s;
}

} // namespace dc
