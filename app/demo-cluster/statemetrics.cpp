#include "statemetrics.h"

#include "config/quantity.h"
#include "objectstore.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

QString quantityValue(const QJsonValue &v)
{
    const std::optional<Quantity> q = Quantity::parse(v.toString());
    return q ? QString::number(q->value(), 'g', 12) : QString();
}

void family(QString &out, const char *name, const char *type, const char *help)
{
    out += u"# HELP %1 %2\n# TYPE %1 %3\n"_s.arg(QLatin1String(name), QLatin1String(help), QLatin1String(type));
}

} // namespace

QByteArray stateMetrics(const ObjectStore &store, const QDateTime &now)
{
    QString ksm, restarts, requests, limits, cpu, memory;
    family(ksm, "kube_deployment_spec_replicas", "gauge", "Number of desired pods for a deployment.");
    QString available, updated;
    family(available, "kube_deployment_status_replicas_available", "gauge", "The number of available replicas per deployment.");
    family(updated, "kube_deployment_status_replicas_updated", "gauge", "The number of updated replicas per deployment.");
    for (const QString &key : store.keysUnder(u"apps/deployments/"_s)) {
        const QJsonObject d = store.value(key);
        const QString labels = u"namespace=\"%1\",deployment=\"%2\""_s.arg(d[u"metadata"_s][u"namespace"_s].toString(), d[u"metadata"_s][u"name"_s].toString());
        ksm += u"kube_deployment_spec_replicas{%1} %2\n"_s.arg(labels).arg(d[u"spec"_s][u"replicas"_s].toInt(1));
        available += u"kube_deployment_status_replicas_available{%1} %2\n"_s.arg(labels).arg(d[u"status"_s][u"availableReplicas"_s].toInt());
        updated += u"kube_deployment_status_replicas_updated{%1} %2\n"_s.arg(labels).arg(d[u"status"_s][u"updatedReplicas"_s].toInt());
    }
    family(restarts, "kube_pod_container_status_restarts_total", "counter", "The number of container restarts per container.");
    family(requests, "kube_pod_container_resource_requests", "gauge", "The number of requested request resource by a container.");
    family(limits, "kube_pod_container_resource_limits", "gauge", "The number of requested limit resource by a container.");
    family(cpu, "container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.");
    family(memory, "container_memory_working_set_bytes", "gauge", "Current working set in bytes.");
    for (const QString &key : store.keysUnder(u"/pods/"_s)) {
        const QJsonObject pod = store.value(key);
        const QString ns = pod[u"metadata"_s][u"namespace"_s].toString(), name = pod[u"metadata"_s][u"name"_s].toString();
        const QString node = pod[u"spec"_s][u"nodeName"_s].toString();
        QHash<QString, QJsonObject> statuses;
        for (const QJsonValue &s : pod[u"status"_s][u"containerStatuses"_s].toArray())
            statuses.insert(s[u"name"_s].toString(), s.toObject());
        const uint seed = qHash(name);
        for (const QJsonValue &c : pod[u"spec"_s][u"containers"_s].toArray()) {
            const QString container = c[u"name"_s].toString();
            const QString labels = u"namespace=\"%1\",pod=\"%2\",container=\"%3\""_s.arg(ns, name, container);
            const QJsonObject status = statuses.value(container);
            restarts += u"kube_pod_container_status_restarts_total{%1} %2\n"_s.arg(labels).arg(status[u"restartCount"_s].toInt());
            for (const auto &[section, target] : {std::pair{u"requests"_s, &requests}, std::pair{u"limits"_s, &limits}}) {
                const QJsonObject r = c[u"resources"_s][section].toObject();
                const char *metric = section == u"requests"_s ? "kube_pod_container_resource_requests" : "kube_pod_container_resource_limits";
                if (const QString v = quantityValue(r.value(u"cpu"_s)); !v.isEmpty())
                    *target += u"%1{%2,node=\"%3\",resource=\"cpu\",unit=\"core\"} %4\n"_s.arg(QLatin1String(metric), labels, node, v);
                if (const QString v = quantityValue(r.value(u"memory"_s)); !v.isEmpty())
                    *target += u"%1{%2,node=\"%3\",resource=\"memory\",unit=\"byte\"} %4\n"_s.arg(QLatin1String(metric), labels, node, v);
            }
            // cAdvisor's series exist while the container runs.
            const QString started = status[u"state"_s][u"running"_s][u"startedAt"_s].toString();
            if (started.isEmpty())
                continue;
            const double seconds = std::max<qint64>(0, QDateTime::fromString(started, Qt::ISODate).msecsTo(now)) / 1000.0;
            const double cores = 0.02 + 0.002 * (seed % 20); // steady use, different per pod
            cpu += u"container_cpu_usage_seconds_total{%1,image=\"%2\"} %3\n"_s.arg(labels, c[u"image"_s].toString()).arg(seconds * cores, 0, 'f', 3);
            memory += u"container_memory_working_set_bytes{%1,image=\"%2\"} %3\n"_s.arg(labels, c[u"image"_s].toString()).arg((48 + seed % 32) * 1048576.0, 0, 'f', 0);
        }
    }
    return (ksm + available + updated + restarts + requests + limits + cpu + memory).toUtf8();
}

} // namespace dc::demo
