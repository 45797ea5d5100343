#include "conversion.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

QJsonObject cpuMetric(const QString &field, qint64 percent)
{
    // spec.metrics[] (target) or status.currentMetrics[] (current).
    return QJsonObject{{u"type"_s, u"Resource"_s},
                       {u"resource"_s, QJsonObject{{u"name"_s, u"cpu"_s},
                                                   {field, field == u"target"_s
                                                               ? QJsonObject{{u"type"_s, u"Utilization"_s}, {u"averageUtilization"_s, percent}}
                                                               : QJsonObject{{u"averageUtilization"_s, percent}}}}}};
}

// The average CPU utilization of a v2 metric list (target or current), or -1.
qint64 cpuPercent(const QJsonArray &metrics, const QString &field)
{
    for (const QJsonValue &m : metrics) {
        const QJsonObject resource = m[u"resource"_s].toObject();
        if (m[u"type"_s].toString() == u"Resource"_s && resource.value(u"name"_s).toString() == u"cpu"_s
            && resource.value(field).toObject().contains(u"averageUtilization"_s))
            return resource.value(field).toObject().value(u"averageUtilization"_s).toInteger();
    }
    return -1;
}

QJsonObject hpaToV2(QJsonObject o)
{
    QJsonObject spec = o.value(u"spec"_s).toObject();
    if (spec.contains(u"targetCPUUtilizationPercentage"_s)) {
        spec.insert(u"metrics"_s, QJsonArray{cpuMetric(u"target"_s, spec.value(u"targetCPUUtilizationPercentage"_s).toInteger())});
        spec.remove(u"targetCPUUtilizationPercentage"_s);
        o.insert(u"spec"_s, spec);
    }
    QJsonObject status = o.value(u"status"_s).toObject();
    if (status.contains(u"currentCPUUtilizationPercentage"_s)) {
        status.insert(u"currentMetrics"_s, QJsonArray{cpuMetric(u"current"_s, status.value(u"currentCPUUtilizationPercentage"_s).toInteger())});
        status.remove(u"currentCPUUtilizationPercentage"_s);
        o.insert(u"status"_s, status);
    }
    return o;
}

QJsonObject hpaToV1(QJsonObject o)
{
    if (o.contains(u"spec"_s)) {
        QJsonObject spec = o.value(u"spec"_s).toObject();
        const qint64 target = cpuPercent(spec.value(u"metrics"_s).toArray(), u"target"_s);
        spec.remove(u"metrics"_s);
        spec.remove(u"behavior"_s);
        if (target >= 0)
            spec.insert(u"targetCPUUtilizationPercentage"_s, target);
        o.insert(u"spec"_s, spec);
    }
    if (o.contains(u"status"_s)) {
        QJsonObject status = o.value(u"status"_s).toObject();
        const qint64 current = cpuPercent(status.value(u"currentMetrics"_s).toArray(), u"current"_s);
        status.remove(u"currentMetrics"_s);
        status.remove(u"conditions"_s);
        if (current >= 0)
            status.insert(u"currentCPUUtilizationPercentage"_s, current);
        o.insert(u"status"_s, status);
    }
    return o;
}

} // namespace

QJsonObject convertTo(const QJsonObject &object, const ResourceType &type)
{
    QJsonObject o = object;
    if (type.kind == u"HorizontalPodAutoscaler"_s && type.group == u"autoscaling"_s && !type.crd)
        o = type.version == u"v1"_s ? hpaToV1(o) : hpaToV2(o);
    if (o.contains(u"apiVersion"_s))
        o.insert(u"apiVersion"_s, type.groupVersion());
    return o;
}

QJsonObject withHpaDefaults(QJsonObject hpa)
{
    QJsonObject spec = hpa.value(u"spec"_s).toObject();
    if (!spec.contains(u"metrics"_s))
        spec.insert(u"metrics"_s, QJsonArray{cpuMetric(u"target"_s, 80)});
    if (!spec.contains(u"minReplicas"_s))
        spec.insert(u"minReplicas"_s, 1);
    hpa.insert(u"spec"_s, spec);
    return hpa;
}

} // namespace dc::demo
