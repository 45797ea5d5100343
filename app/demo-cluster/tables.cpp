#include "tables.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace dc::demo {

QString age(const QString &timestamp)
{
    const QDateTime t = QDateTime::fromString(timestamp, Qt::ISODate);
    if (!t.isValid())
        return u"<unknown>"_s;
    const qint64 s = std::max<qint64>(0, t.secsTo(QDateTime::currentDateTimeUtc()));
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

QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta)
{
    const bool events = t.kind == u"Event"_s;
    // Events list what happened first, and their generated names only with -o wide.
    QJsonArray columns{QJsonObject{{u"name"_s, u"Name"_s}, {u"type"_s, u"string"_s}, {u"format"_s, u"name"_s}, {u"description"_s, u"Name"_s},
                                   {u"priority"_s, events ? 1 : 0}}};
    auto col = [&](const QString &name, const QString &type) {
        columns.append(QJsonObject{{u"name"_s, name}, {u"type"_s, type}, {u"format"_s, QString()}, {u"description"_s, name}, {u"priority"_s, 0}});
    };
    if (events) {
        for (const QString &c : {u"Last Seen"_s, u"Type"_s, u"Reason"_s, u"Object"_s, u"Message"_s})
            col(c, u"string"_s);
    } else if (t.kind == u"Deployment"_s) {
        col(u"Ready"_s, u"string"_s);
        col(u"Up-to-date"_s, u"integer"_s);
        col(u"Available"_s, u"integer"_s);
    } else if (t.kind == u"Service"_s) {
        col(u"Type"_s, u"string"_s);
        col(u"Ports"_s, u"string"_s);
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
    }
    if (!events)
        col(u"Age"_s, u"string"_s);
    QJsonArray rows;
    for (const QJsonValue &v : std::as_const(items)) {
        const QJsonObject o = v.toObject();
        const QJsonObject meta = o.value(u"metadata"_s).toObject();
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
            const qint64 want = o.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger(1);
            cells.append(u"%1/%2"_s.arg(st.value(u"readyReplicas"_s).toInteger()).arg(want));
            cells.append(st.value(u"updatedReplicas"_s).toInteger());
            cells.append(st.value(u"availableReplicas"_s).toInteger());
        } else if (t.kind == u"Service"_s) {
            const QJsonObject spec = o.value(u"spec"_s).toObject();
            QStringList ports;
            for (const QJsonValue &p : spec.value(u"ports"_s).toArray())
                ports << u"%1/%2"_s.arg(p.toObject().value(u"port"_s).toInteger()).arg(p.toObject().value(u"protocol"_s).toString(u"TCP"_s));
            cells.append(spec.value(u"type"_s).toString(u"ClusterIP"_s));
            cells.append(ports.join(u','));
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
            for (const QJsonValue &c : cs)
                if (const QString waiting = c.toObject().value(u"state"_s).toObject().value(u"waiting"_s).toObject().value(u"reason"_s).toString(); !waiting.isEmpty())
                    phase = waiting;
            cells.append(u"%1/%2"_s.arg(readyCount).arg(cs.size()));
            cells.append(phase);
            cells.append(QString::number(restarts));
        } else if (t.kind == u"ReplicaSet"_s) {
            cells.append(o.value(u"spec"_s).toObject().value(u"replicas"_s).toInteger());
            cells.append(st.value(u"replicas"_s).toInteger());
            cells.append(st.value(u"readyReplicas"_s).toInteger());
        }
        if (!events)
            cells.append(age(meta.value(u"creationTimestamp"_s).toString()));
        rows.append(QJsonObject{{u"cells"_s, cells},
                                {u"object"_s, QJsonObject{{u"kind"_s, u"PartialObjectMetadata"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, meta}}}});
    }
    return QJsonObject{{u"kind"_s, u"Table"_s}, {u"apiVersion"_s, u"meta.k8s.io/v1"_s}, {u"metadata"_s, listMeta},
                       {u"columnDefinitions"_s, columns}, {u"rows"_s, rows}};
}

} // namespace dc::demo
