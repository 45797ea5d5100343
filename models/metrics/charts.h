#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace dc {
struct Bundle;
}

namespace dc::metrics {

/// One line of a chart: its PromQL and its legend ("" : the series' labels).
struct ChartQuery
{
    QString legend;
    QString promql;
    bool operator==(const ChartQuery &o) const = default;
};

/// A built-in chart of the deployed module.
struct ChartDef
{
    QString id;    // requests, latency, errors, replicas, restarts, cpu, memory, module
    QString title;
    QString unit;  // "req/s", "ms", "ratio", "pods", "cores", "bytes"
    QString source; // what provides its series ("Istio telemetry", "kube-state-metrics", ...)
    QList<ChartQuery> queries;
};

/// Where the module runs, for the queries.
struct ChartContext
{
    QString ns;
    QString workload;     // the Deployment
    bool inMesh = false;  // Istio sidecars (Kubeflow)
    QString moduleMetric; // the module's own request counter (split preset), "" when none
};

/// The module's namespace, Deployment, mesh and metrics from its bundle.
[[nodiscard]] ChartContext chartContextOf(const Bundle &bundle);

/**
 * The charts for a module: traffic, latency and errors from Istio's telemetry when it is in the
 * mesh (reporter="destination", so each request counts once, by destination_workload and its
 * namespace); replicas and restarts from kube-state-metrics, CPU and memory from cAdvisor
 * against the containers' requests and limits, everywhere; the module's own metrics when its
 * preset declares them. `rate` is the rate window (e.g. "1m").
 */
[[nodiscard]] QList<ChartDef> builtinCharts(const ChartContext &context, const QString &rate = QStringLiteral("1m"));

/// A series' legend: the query's legend with {{label}} filled in.
[[nodiscard]] QString legendOf(const ChartQuery &query, const QMap<QString, QString> &labels);

/// The rate window for a step: four steps, at least a minute (Prometheus' advice for rate()).
[[nodiscard]] QString rateWindow(int stepSeconds);

} // namespace dc::metrics
