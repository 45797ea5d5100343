#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace dc::metrics {

/// One sample: milliseconds since the epoch and the value (NaN and ±Inf as Prometheus sends them).
struct Point
{
    qint64 t = 0;
    double v = 0;
};

/// One series of a query's answer.
struct Series
{
    QMap<QString, QString> labels; // with __name__ when Prometheus keeps it
    QList<Point> points;
    /// "{code_class="2xx"}", or the metric name with its labels.
    [[nodiscard]] QString name() const;
};

/// What Prometheus answered to a query (its HTTP API: /api/v1/query and /api/v1/query_range).
struct QueryResult
{
    bool ok = false;
    int httpStatus = 0;
    QString errorType;  // bad_data, execution, timeout, canceled, ... ("" when ok)
    QString error;      // Prometheus' message, or the transport's
    QStringList warnings;
    QStringList infos;
    QString resultType; // matrix, vector, scalar, string
    QList<Series> series;
    bool truncated = false; // the reply was larger than allowed and was not read
    QString buildVersion;   // build info's version (Test Connection)
};

/**
 * Parses an answer of Prometheus' query API: `{"status":"success","data":{"resultType":...,
 * "result":[...]},"warnings":[...]}` or `{"status":"error","errorType":...,"error":...}`. Values
 * are strings ("NaN", "+Inf", "-Inf" included); timestamps are seconds with a fraction. A body
 * larger than `maxBytes` is not parsed (truncated, with a message saying so).
 */
[[nodiscard]] QueryResult parseQueryReply(int httpStatus, const QByteArray &body, qint64 maxBytes = 16 * 1024 * 1024);

/// The result for a reply of `bytes` bytes, more than `maxBytes`: truncated, saying so.
[[nodiscard]] QueryResult tooLargeReply(qint64 bytes, qint64 maxBytes);

/// The step for a range and a chart `width` in pixels: about one point per 4 pixels, at least a
/// second, and never more than 11,000 points (Prometheus' limit), in whole seconds.
[[nodiscard]] int stepFor(qint64 rangeSeconds, int width = 960);

/// The metric names a PromQL expression reads ("istio_requests_total", ...), in order.
[[nodiscard]] QStringList metricNames(const QString &promql);

/// What usually provides a metric, for a chart that stays empty ("Istio's telemetry: ...").
[[nodiscard]] QString providerOf(const QString &metric);

} // namespace dc::metrics
