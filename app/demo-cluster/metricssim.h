#pragma once

#include "httpserver.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace dc::demo {

/**
 * Simulated traffic of the deployed modules for /metrics: the module's own request counter and
 * latency histogram, and Istio's destination-side telemetry, following the rollout (only ready
 * pods serve; pods of a failing revision answer 503).
 */
class MetricsSimulator
{
public:
    /// One controller tick (250 ms) of load on `module` ("namespace/name").
    void simulateTraffic(const QString &module, qint64 readyPods, qint64 failingPods);
    /// Drops the series of every module not in `modules` (its Deployment is gone).
    void retainOnly(const QSet<QString> &modules);
    /// The Prometheus text exposition of every module's series.
    [[nodiscard]] HttpResponse metrics() const;

private:
    struct Traffic
    {
        QMap<QString, qint64> requests; // "METHOD CODE" -> count
        QList<qint64> buckets;          // cumulative counts per latency bucket
        double sumSeconds = 0;
        qint64 count = 0;
    };
    QMap<QString, Traffic> m_traffic;
};

} // namespace dc::demo
