#include "tables.h"

#include <QDateTime>
#include <QSet>

using namespace Qt::StringLiterals;

namespace dc::demo {

QString age(const QString &timestamp)
{
    const QDateTime t = QDateTime::fromString(timestamp, Qt::ISODate);
    if (!t.isValid())
        return u"<unknown>"_s;
    return shortDuration(t.secsTo(QDateTime::currentDateTimeUtc()));
}

QString shortDuration(qint64 seconds)
{
    const qint64 s = std::max<qint64>(0, seconds);
    if (s < 120)
        return QString::number(s) + u's';
    const qint64 m = s / 60;
    if (m < 10)
        return u"%1m%2s"_s.arg(m).arg(s % 60);
    if (m < 180)
        return QString::number(m) + u'm';
    const qint64 h = m / 60;
    if (h < 8)
        return u"%1h%2m"_s.arg(h).arg(m % 60);
    if (h < 48)
        return QString::number(h) + u'h';
    return QString::number(h / 24) + u'd';
}

namespace {

QString selectorText(const QJsonObject &matchLabels)
{
    QStringList parts;
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
        parts << it.key() + u'=' + it->toString();
    return parts.isEmpty() ? u"<none>"_s : parts.join(u',');
}

// The cells of Jobs (status, completions, duration), CronJobs (schedule, time zone, suspend,
// active, last schedule) and HorizontalPodAutoscalers (reference, targets, min, max, replicas),
// as kubectl's printers write them.
QStringList batchCells(const QString &kind, const QJsonObject &o)
{
    const QJsonObject spec = o.value(u"spec"_s).toObject();
    const QJsonObject st = o.value(u"status"_s).toObject();
    if (kind == u"Job"_s) {
        QString status = u"Running"_s;
        QSet<QString> conditions;
        for (const QJsonValue &c : st.value(u"conditions"_s).toArray())
            if (c[u"status"_s].toString() == u"True"_s)
                conditions.insert(c[u"type"_s].toString());
        for (const QString &c : {u"Complete"_s, u"Failed"_s, u"FailureTarget"_s, u"SuccessCriteriaMet"_s, u"Suspended"_s})
            if (conditions.contains(c) && status == u"Running"_s)
                status = c;
        const qint64 succeeded = st.value(u"succeeded"_s).toInteger();
        const QString completions = spec.contains(u"completions"_s)
            ? u"%1/%2"_s.arg(succeeded).arg(spec.value(u"completions"_s).toInteger())
            : u"%1/1 of %2"_s.arg(succeeded).arg(spec.value(u"parallelism"_s).toInteger(1));
        const QDateTime start = QDateTime::fromString(st.value(u"startTime"_s).toString(), Qt::ISODate);
        const QDateTime end = st.contains(u"completionTime"_s) ? QDateTime::fromString(st.value(u"completionTime"_s).toString(), Qt::ISODate)
                                                                : QDateTime::currentDateTimeUtc();
        return {status, completions, start.isValid() ? shortDuration(start.secsTo(end)) : QString()};
    }
    if (kind == u"CronJob"_s) {
        const QString last = st.value(u"lastScheduleTime"_s).toString();
        return {spec.value(u"schedule"_s).toString(), spec.value(u"timeZone"_s).toString(u"<none>"_s),
                spec.value(u"suspend"_s).toBool() ? u"True"_s : u"False"_s, QString::number(st.value(u"active"_s).toArray().size()),
                last.isEmpty() ? u"<none>"_s : age(last)};
    }
    const QJsonObject ref = spec.value(u"scaleTargetRef"_s).toObject();
    QStringList targets;
    for (const QJsonValue &m : spec.value(u"metrics"_s).toArray()) {
        const QJsonObject resource = m[u"resource"_s].toObject();
        if (m[u"type"_s].toString() != u"Resource"_s)
            continue;
        QString current = u"<unknown>"_s;
        for (const QJsonValue &c : st.value(u"currentMetrics"_s).toArray())
            if (c[u"resource"_s][u"name"_s] == resource.value(u"name"_s) && c[u"resource"_s][u"current"_s].toObject().contains(u"averageUtilization"_s))
                current = QString::number(c[u"resource"_s][u"current"_s][u"averageUtilization"_s].toInteger()) + u'%';
        const QJsonObject target = resource.value(u"target"_s).toObject();
        targets << u"%1: %2/%3"_s.arg(resource.value(u"name"_s).toString(), current,
                                      target.contains(u"averageUtilization"_s) ? QString::number(target.value(u"averageUtilization"_s).toInteger()) + u'%'
                                                                                : target.value(u"averageValue"_s).toVariant().toString());
    }
    return {ref.value(u"kind"_s).toString() + u'/' + ref.value(u"name"_s).toString(), targets.isEmpty() ? u"<none>"_s : targets.join(u", "_s),
            QString::number(spec.value(u"minReplicas"_s).toInteger(1)), QString::number(spec.value(u"maxReplicas"_s).toInteger()),
            QString::number(st.value(u"currentReplicas"_s).toInteger())};
}

// The Containers and Images columns of workloads (-o wide).
std::pair<QString, QString> containersAndImages(const QJsonObject &podTemplate)
{
    QStringList names, images;
    for (const QJsonValue &c : podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray()) {
        names << c.toObject().value(u"name"_s).toString();
        images << c.toObject().value(u"image"_s).toString();
    }
    return {names.join(u','), images.join(u',')};
}

} // namespace

QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta, TableObjects objects)
{
    const bool events = t.kind == u"Event"_s;
    // Events list what happened first, and their generated names only with -o wide.
    QJsonArray columns{QJsonObject{{u"name"_s, u"Name"_s}, {u"type"_s, u"string"_s}, {u"format"_s, u"name"_s}, {u"description"_s, u"Name"_s},
                                   {u"priority"_s, events ? 1 : 0}}};
    // Columns of priority 1 are the ones kubectl shows with -o wide.
    auto col = [&](const QString &name, const QString &type, int priority = 0) {
        columns.append(QJsonObject{{u"name"_s, name}, {u"type"_s, type}, {u"format"_s, QString()}, {u"description"_s, name}, {u"priority"_s, priority}});
    };
    const bool workload = t.kind == u"Deployment"_s || t.kind == u"ReplicaSet"_s || t.kind == u"Job"_s || t.kind == u"CronJob"_s;
    if (events) {
        for (const QString &c : {u"Last Seen"_s, u"Type"_s, u"Reason"_s, u"Object"_s, u"Message"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"Deployment"_s) {
        col(u"Ready"_s, u"string"_s);
        col(u"Up-to-date"_s, u"integer"_s);
        col(u"Available"_s, u"integer"_s);
    } else if (t.kind == u"Service"_s) {
        col(u"Type"_s, u"string"_s);
        col(u"Cluster-IP"_s, u"string"_s);
        col(u"External-IP"_s, u"string"_s);
        col(u"Port(s)"_s, u"string"_s);
    } else if (t.kind == u"Namespace"_s) {
        col(u"Status"_s, u"string"_s);
    } else if (t.kind == u"Pod"_s) {
        col(u"Ready"_s, u"string"_s);
        col(u"Status"_s, u"string"_s);
        col(u"Restarts"_s, u"string"_s);
    } else if (t.kind == u"ReplicaSet"_s) {
        col(u"Desired"_s, u"integer"_s);
        col(u"Current"_s, u"integer"_s);
        col(u"Ready"_s, u"integer"_s);
    } else if (t.kind == u"Node"_s) {
        col(u"Status"_s, u"string"_s);
        col(u"Roles"_s, u"string"_s);
    } else if (t.kind == u"Endpoints"_s) {
        col(u"Endpoints"_s, u"string"_s);
    } else if (t.kind == u"Job"_s) {
        for (const QString &c : {u"Status"_s, u"Completions"_s, u"Duration"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"CronJob"_s) {
        for (const QString &c : {u"Schedule"_s, u"Timezone"_s, u"Suspend"_s, u"Active"_s, u"Last Schedule"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"HorizontalPodAutoscaler"_s) {
        for (const QString &c : {u"Reference"_s, u"Targets"_s, u"MinPods"_s, u"MaxPods"_s, u"Replicas"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"EndpointSlice"_s) {
        col(u"AddressType"_s, u"string"_s);
        col(u"Ports"_s, u"string"_s);
        col(u"Endpoints"_s, u"string"_s);
    }
    const bool crd = t.kind == u"CustomResourceDefinition"_s;
    if (crd)
        col(u"Created At"_s, u"date"_s);
    else if (!events)
        col(u"Age"_s, u"string"_s);
    if (workload) {
        col(u"Containers"_s, u"string"_s, 1);
        col(u"Images"_s, u"string"_s, 1);
        col(u"Selector"_s, u"string"_s, 1);
    } else if (t.kind == u"Pod"_s) {
        col(u"IP"_s, u"string"_s, 1);
        col(u"Node"_s, u"string"_s, 1);
        col(u"Nominated Node"_s, u"string"_s, 1);
        col(u"Readiness Gates"_s, u"string"_s, 1);
    } else if (t.kind == u"Service"_s) {
        col(u"Selector"_s, u"string"_s, 1);
    } else if (t.kind == u"Node"_s) {
        col(u"Version"_s, u"string"_s);
        for (const QString &c : {u"Internal-IP"_s, u"External-IP"_s, u"OS-Image"_s, u"Kernel-Version"_s, u"Container-Runtime"_s})
            col(c, u"string"_s, 1);
    }
    QJsonArray rows;
    for (const QJsonValue &v : std::as_const(items)) {
        const QJsonObject o = v.toObject();
        const QJsonObject meta = o.value(u"metadata"_s).toObject();
        const QJsonObject spec = o.value(u"spec"_s).toObject();
        QJsonArray cells{meta.value(u"name"_s)};
        const QJsonObject st = o.value(u"status"_s).toObject();
        if (events) {
            const QJsonObject involved = o.value(u"involvedObject"_s).toObject();
            cells.append(age(o.value(u"lastTimestamp"_s).toString()));
            cells.append(o.value(u"type"_s));
            cells.append(o.value(u"reason"_s));
            cells.append(QString(involved.value(u"kind"_s).toString().toLower() + u'/' + involved.value(u"name"_s).toString()));
            cells.append(o.value(u"message"_s));
        } else if (t.kind == u"Deployment"_s) {
            const qint64 want = spec.value(u"replicas"_s).toInteger(1);
            cells.append(u"%1/%2"_s.arg(st.value(u"readyReplicas"_s).toInteger()).arg(want));
            cells.append(st.value(u"updatedReplicas"_s).toInteger());
            cells.append(st.value(u"availableReplicas"_s).toInteger());
        } else if (t.kind == u"Service"_s) {
            QStringList ports;
            for (const QJsonValue &p : spec.value(u"ports"_s).toArray()) {
                const QJsonObject port = p.toObject();
                QString text = QString::number(port.value(u"port"_s).toInteger());
                if (port.contains(u"nodePort"_s))
                    text += u':' + QString::number(port.value(u"nodePort"_s).toInteger());
                ports << text + u'/' + port.value(u"protocol"_s).toString(u"TCP"_s);
            }
            const QString type = spec.value(u"type"_s).toString(u"ClusterIP"_s);
            QStringList external;
            for (const QJsonValue &ip : spec.value(u"externalIPs"_s).toArray())
                external << ip.toString();
            cells.append(type);
            cells.append(spec.value(u"clusterIP"_s).toString(u"<none>"_s));
            cells.append(!external.isEmpty() ? external.join(u',') : type == u"LoadBalancer"_s ? u"<pending>"_s : u"<none>"_s);
            cells.append(ports.isEmpty() ? u"<none>"_s : ports.join(u','));
        } else if (t.kind == u"Namespace"_s) {
            cells.append(st.value(u"phase"_s).toString(u"Active"_s));
        } else if (t.kind == u"Pod"_s) {
            const QJsonArray cs = st.value(u"containerStatuses"_s).toArray();
            int readyCount = 0;
            qint64 restarts = 0;
            for (const QJsonValue &c : cs) {
                readyCount += c.toObject().value(u"ready"_s).toBool() ? 1 : 0;
                restarts += c.toObject().value(u"restartCount"_s).toInteger();
            }
            QString phase = st.value(u"phase"_s).toString(u"Pending"_s);
            for (const QJsonValue &c : cs) {
                const QJsonObject state = c.toObject().value(u"state"_s).toObject();
                if (const QString waiting = state.value(u"waiting"_s).toObject().value(u"reason"_s).toString(); !waiting.isEmpty())
                    phase = waiting;
                else if (const QString ended = state.value(u"terminated"_s).toObject().value(u"reason"_s).toString(); !ended.isEmpty())
                    phase = ended; // Completed, Error
            }
            for (const QJsonValue &c : st.value(u"conditions"_s).toArray())
                if (c.toObject().value(u"reason"_s).toString() == u"SchedulingGated"_s)
                    phase = u"SchedulingGated"_s;
            cells.append(u"%1/%2"_s.arg(readyCount).arg(spec.value(u"containers"_s).toArray().size()));
            cells.append(phase);
            cells.append(QString::number(restarts));
        } else if (t.kind == u"Job"_s || t.kind == u"CronJob"_s || t.kind == u"HorizontalPodAutoscaler"_s) {
            for (const QString &cell : batchCells(t.kind, o))
                cells.append(cell);
        } else if (t.kind == u"ReplicaSet"_s) {
            cells.append(spec.value(u"replicas"_s).toInteger());
            cells.append(st.value(u"replicas"_s).toInteger());
            cells.append(st.value(u"readyReplicas"_s).toInteger());
        } else if (t.kind == u"Endpoints"_s || t.kind == u"EndpointSlice"_s) {
            // At most three shown, the rest counted, as kubectl's printer does.
            QStringList shown;
            qsizetype total = 0;
            auto add = [&](const QString &text) {
                if (shown.size() < 3)
                    shown << text;
                ++total;
            };
            QStringList ports;
            if (t.kind == u"Endpoints"_s) {
                for (const QJsonValue &subset : o.value(u"subsets"_s).toArray())
                    for (const QJsonValue &a : subset.toObject().value(u"addresses"_s).toArray())
                        for (const QJsonValue &p : subset.toObject().value(u"ports"_s).toArray())
                            add(a.toObject().value(u"ip"_s).toString() + u':' + QString::number(p.toObject().value(u"port"_s).toInteger()));
            } else {
                for (const QJsonValue &e : o.value(u"endpoints"_s).toArray())
                    for (const QJsonValue &ip : e.toObject().value(u"addresses"_s).toArray())
                        add(ip.toString());
                for (const QJsonValue &p : o.value(u"ports"_s).toArray())
                    ports << QString::number(p.toObject().value(u"port"_s).toInteger());
                cells.append(o.value(u"addressType"_s));
                cells.append(ports.isEmpty() ? u"<unset>"_s : ports.join(u','));
            }
            QString text = shown.isEmpty() ? u"<none>"_s : shown.join(u',');
            if (total > 3)
                text += u" + %1 more..."_s.arg(total - 3);
            cells.append(text);
        } else if (t.kind == u"Node"_s) {
            QString ready = u"Unknown"_s;
            for (const QJsonValue &c : st.value(u"conditions"_s).toArray())
                if (c.toObject().value(u"type"_s).toString() == u"Ready"_s)
                    ready = c.toObject().value(u"status"_s).toString() == u"True"_s ? u"Ready"_s : u"NotReady"_s;
            QStringList roles;
            const QJsonObject labels = meta.value(u"labels"_s).toObject();
            for (auto it = labels.begin(); it != labels.end(); ++it)
                if (it.key().startsWith(u"node-role.kubernetes.io/"_s))
                    roles << it.key().mid(24);
            cells.append(ready);
            cells.append(roles.isEmpty() ? u"<none>"_s : roles.join(u','));
        }
        if (crd)
            cells.append(meta.value(u"creationTimestamp"_s));
        else if (!events)
            cells.append(age(meta.value(u"creationTimestamp"_s).toString()));
        if (workload) {
            const QJsonObject podTemplate = t.kind == u"CronJob"_s ? spec[u"jobTemplate"_s][u"spec"_s][u"template"_s].toObject()
                                                                  : spec.value(u"template"_s).toObject();
            const auto [names, images] = containersAndImages(podTemplate);
            cells.append(names);
            cells.append(images);
            cells.append(selectorText(spec.value(u"selector"_s).toObject().value(u"matchLabels"_s).toObject()));
        } else if (t.kind == u"Pod"_s) {
            cells.append(st.value(u"podIP"_s).toString(u"<none>"_s));
            cells.append(spec.value(u"nodeName"_s).toString(u"<none>"_s));
            cells.append(st.value(u"nominatedNodeName"_s).toString(u"<none>"_s));
            cells.append(u"<none>"_s);
        } else if (t.kind == u"Service"_s) {
            cells.append(selectorText(spec.value(u"selector"_s).toObject()));
        } else if (t.kind == u"Node"_s) {
            const QJsonObject info = st.value(u"nodeInfo"_s).toObject();
            cells.append(info.value(u"kubeletVersion"_s));
            QString internal = u"<none>"_s;
            for (const QJsonValue &a : st.value(u"addresses"_s).toArray())
                if (a.toObject().value(u"type"_s).toString() == u"InternalIP"_s)
                    internal = a.toObject().value(u"address"_s).toString();
            cells.append(internal);
            cells.append(u"<none>"_s);
            cells.append(info.value(u"osImage"_s));
            cells.append(info.value(u"kernelVersion"_s));
            cells.append(info.value(u"containerRuntimeVersion"_s));
        }
        // includeObject=Object (kubectl --sort-by) gets the whole object; the default is its metadata.
        const QJsonValue rowObject = objects == TableObjects::Object
            ? QJsonValue(o)
            : objects == TableObjects::None ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(QJsonObject{{u"kind"_s, u"PartialObjectMetadata"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, meta}});
        QJsonObject row{{u"cells"_s, cells}};
        if (!rowObject.isNull())
            row.insert(u"object"_s, rowObject);
        rows.append(row);
    }
    return QJsonObject{{u"kind"_s, u"Table"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, listMeta},
                       {u"columnDefinitions"_s, columns}, {u"rows"_s, rows}};
}

TableObjects tableObjectsFrom(const QString &includeObject)
{
    if (includeObject == u"Object"_s)
        return TableObjects::Object;
    if (includeObject == u"None"_s)
        return TableObjects::None;
    return TableObjects::Metadata;
}

} // namespace dc::demo
