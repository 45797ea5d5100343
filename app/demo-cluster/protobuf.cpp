#include "protobuf.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// How a field is written in JSON. Kubernetes' protobuf (proto2) always writes non-pointer
// fields, so their zero values are dropped to match the JSON form (omitempty); pointer fields
// (Pointer) are written only when set and keep their zero values.
enum class Kind { String, Int, Bool, Message, StringMap, BytesMap, QuantityMap, Time };

struct Field
{
    int number;
    const char *json;
    Kind kind;
    const char *message = nullptr; // Kind::Message
    bool repeated = false;
    bool pointer = false;
};

// Field numbers from the Kubernetes API types' generated.proto (k8s.io/api, apimachinery).
const QHash<QString, QList<Field>> &messages()
{
    static const QHash<QString, QList<Field>> m = {
        {u"TypeMeta"_s, {{1, "apiVersion", Kind::String}, {2, "kind", Kind::String}}},
        {u"ObjectMeta"_s,
         {{1, "name", Kind::String}, {2, "generateName", Kind::String}, {3, "namespace", Kind::String},
          {8, "creationTimestamp", Kind::Time}, {11, "labels", Kind::StringMap}, {12, "annotations", Kind::StringMap},
          {13, "ownerReferences", Kind::Message, "OwnerReference", true}, {14, "finalizers", Kind::String, nullptr, true}}},
        {u"OwnerReference"_s,
         {{1, "kind", Kind::String}, {3, "name", Kind::String}, {4, "uid", Kind::String}, {5, "apiVersion", Kind::String},
          {6, "controller", Kind::Bool, nullptr, false, true}, {7, "blockOwnerDeletion", Kind::Bool, nullptr, false, true}}},
        {u"Namespace"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "NamespaceSpec"}, {3, "status", Kind::Message, "Empty"}}},
        {u"NamespaceSpec"_s, {{1, "finalizers", Kind::String, nullptr, true}}},
        {u"Empty"_s, {}},
        {u"ConfigMap"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "data", Kind::StringMap}, {3, "binaryData", Kind::BytesMap},
          {4, "immutable", Kind::Bool, nullptr, false, true}}},
        {u"Secret"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "data", Kind::BytesMap}, {3, "type", Kind::String},
          {4, "stringData", Kind::StringMap}, {5, "immutable", Kind::Bool, nullptr, false, true}}},
        {u"ServiceAccount"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "secrets", Kind::Message, "ObjectReference", true},
          {3, "imagePullSecrets", Kind::Message, "LocalObjectReference", true}, {4, "automountServiceAccountToken", Kind::Bool, nullptr, false, true}}},
        {u"ObjectReference"_s, {{1, "kind", Kind::String}, {2, "namespace", Kind::String}, {3, "name", Kind::String}}},
        {u"LocalObjectReference"_s, {{1, "name", Kind::String}}},
        {u"Deployment"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "DeploymentSpec"}, {3, "status", Kind::Message, "Empty"}}},
        {u"DeploymentSpec"_s,
         {{1, "replicas", Kind::Int, nullptr, false, true}, {2, "selector", Kind::Message, "LabelSelector"},
          {3, "template", Kind::Message, "PodTemplateSpec"}, {4, "strategy", Kind::Message, "DeploymentStrategy"},
          {5, "minReadySeconds", Kind::Int}, {6, "revisionHistoryLimit", Kind::Int, nullptr, false, true}, {7, "paused", Kind::Bool},
          {9, "progressDeadlineSeconds", Kind::Int, nullptr, false, true}}},
        {u"LabelSelector"_s, {{1, "matchLabels", Kind::StringMap}}},
        // kubectl create job | cronjob, kubectl run (batch/v1, core/v1).
        {u"Job"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "JobSpec"}, {3, "status", Kind::Message, "Empty"}}},
        {u"JobSpec"_s,
         {{1, "parallelism", Kind::Int, nullptr, false, true}, {2, "completions", Kind::Int, nullptr, false, true},
          {3, "activeDeadlineSeconds", Kind::Int, nullptr, false, true}, {4, "selector", Kind::Message, "LabelSelector"},
          {5, "manualSelector", Kind::Bool, nullptr, false, true}, {6, "template", Kind::Message, "PodTemplateSpec"},
          {7, "backoffLimit", Kind::Int, nullptr, false, true}, {8, "ttlSecondsAfterFinished", Kind::Int, nullptr, false, true},
          {9, "completionMode", Kind::String}, {10, "suspend", Kind::Bool, nullptr, false, true}}},
        {u"CronJob"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "CronJobSpec"}, {3, "status", Kind::Message, "Empty"}}},
        {u"CronJobSpec"_s,
         {{1, "schedule", Kind::String}, {2, "startingDeadlineSeconds", Kind::Int, nullptr, false, true}, {3, "concurrencyPolicy", Kind::String},
          {4, "suspend", Kind::Bool, nullptr, false, true}, {5, "jobTemplate", Kind::Message, "JobTemplateSpec"},
          {6, "successfulJobsHistoryLimit", Kind::Int, nullptr, false, true}, {7, "failedJobsHistoryLimit", Kind::Int, nullptr, false, true},
          {8, "timeZone", Kind::String}}},
        {u"JobTemplateSpec"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "JobSpec"}}},
        // kubectl autoscale (autoscaling/v1).
        {u"HorizontalPodAutoscaler/autoscaling/v1"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "HorizontalPodAutoscalerSpecV1"}, {3, "status", Kind::Message, "Empty"}}},
        {u"HorizontalPodAutoscalerSpecV1"_s,
         {{1, "scaleTargetRef", Kind::Message, "CrossVersionObjectReference"}, {2, "minReplicas", Kind::Int, nullptr, false, true},
          {3, "maxReplicas", Kind::Int}, {4, "targetCPUUtilizationPercentage", Kind::Int, nullptr, false, true}}},
        {u"CrossVersionObjectReference"_s, {{1, "kind", Kind::String}, {2, "name", Kind::String}, {3, "apiVersion", Kind::String}}},
        {u"Pod"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "PodSpec"}, {3, "status", Kind::Message, "Empty"}}},
        {u"DeploymentStrategy"_s, {{1, "type", Kind::String}}},
        {u"PodTemplateSpec"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "PodSpec"}}},
        {u"PodSpec"_s,
         {{2, "containers", Kind::Message, "Container", true}, {3, "restartPolicy", Kind::String},
          {4, "terminationGracePeriodSeconds", Kind::Int, nullptr, false, true}, {6, "dnsPolicy", Kind::String},
          {7, "nodeSelector", Kind::StringMap}, {8, "serviceAccountName", Kind::String}, {20, "initContainers", Kind::Message, "Container", true}}},
        {u"Container"_s,
         {{1, "name", Kind::String}, {2, "image", Kind::String}, {3, "command", Kind::String, nullptr, true},
          {4, "args", Kind::String, nullptr, true}, {5, "workingDir", Kind::String}, {6, "ports", Kind::Message, "ContainerPort", true},
          {7, "env", Kind::Message, "EnvVar", true}, {8, "resources", Kind::Message, "ResourceRequirements"},
          {13, "terminationMessagePath", Kind::String}, {14, "imagePullPolicy", Kind::String}, {16, "stdin", Kind::Bool},
          {17, "stdinOnce", Kind::Bool}, {18, "tty", Kind::Bool}, {20, "terminationMessagePolicy", Kind::String}}},
        {u"ContainerPort"_s, {{1, "name", Kind::String}, {2, "hostPort", Kind::Int}, {3, "containerPort", Kind::Int}, {4, "protocol", Kind::String}}},
        {u"EnvVar"_s, {{1, "name", Kind::String}, {2, "value", Kind::String}}},
        {u"ResourceRequirements"_s, {{1, "limits", Kind::QuantityMap}, {2, "requests", Kind::QuantityMap}}},
        // kubectl auth can-i and whoami (authorization.k8s.io/v1, authentication.k8s.io/v1).
        {u"SelfSubjectAccessReview"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "SelfSubjectAccessReviewSpec"},
          {3, "status", Kind::Message, "SubjectAccessReviewStatus"}}},
        {u"SubjectAccessReviewStatus"_s,
         {{1, "allowed", Kind::Bool}, {2, "reason", Kind::String}, {3, "evaluationError", Kind::String}, {4, "denied", Kind::Bool}}},
        {u"SelfSubjectAccessReviewSpec"_s,
         {{1, "resourceAttributes", Kind::Message, "ResourceAttributes"}, {2, "nonResourceAttributes", Kind::Message, "NonResourceAttributes"}}},
        {u"ResourceAttributes"_s,
         {{1, "namespace", Kind::String}, {2, "verb", Kind::String}, {3, "group", Kind::String}, {4, "version", Kind::String},
          {5, "resource", Kind::String}, {6, "subresource", Kind::String}, {7, "name", Kind::String}}},
        {u"NonResourceAttributes"_s, {{1, "path", Kind::String}, {2, "verb", Kind::String}}},
        {u"SelfSubjectRulesReview"_s,
         {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "spec", Kind::Message, "SelfSubjectRulesReviewSpec"},
          {3, "status", Kind::Message, "SubjectRulesReviewStatus"}}},
        {u"SubjectRulesReviewStatus"_s, {{3, "incomplete", Kind::Bool}, {4, "evaluationError", Kind::String}}},
        {u"SelfSubjectRulesReviewSpec"_s, {{1, "namespace", Kind::String}}},
        {u"SelfSubjectReview"_s, {{1, "metadata", Kind::Message, "ObjectMeta"}, {2, "status", Kind::Message, "SelfSubjectReviewStatus"}}},
        {u"SelfSubjectReviewStatus"_s, {{1, "userInfo", Kind::Message, "UserInfo"}}},
        {u"UserInfo"_s, {{1, "username", Kind::String}, {2, "uid", Kind::String}, {3, "groups", Kind::String, nullptr, true}}},
    };
    return m;
}

struct Wire
{
    int number = 0;
    int type = 0;
    quint64 varint = 0;
    QByteArray bytes;
};

bool readVarint(const QByteArray &data, qsizetype *i, quint64 *v)
{
    *v = 0;
    for (int shift = 0; *i < data.size() && shift < 64; shift += 7) {
        const quint8 b = quint8(data[(*i)++]);
        *v |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

std::optional<QList<Wire>> readFields(const QByteArray &data)
{
    QList<Wire> out;
    qsizetype i = 0;
    while (i < data.size()) {
        Wire w;
        quint64 tag = 0;
        if (!readVarint(data, &i, &tag))
            return std::nullopt;
        w.number = int(tag >> 3);
        w.type = int(tag & 7);
        switch (w.type) {
        case 0:
            if (!readVarint(data, &i, &w.varint))
                return std::nullopt;
            break;
        case 1:
        case 5:
            i += w.type == 1 ? 8 : 4;
            if (i > data.size())
                return std::nullopt;
            break;
        case 2: {
            quint64 length = 0;
            if (!readVarint(data, &i, &length) || length > quint64(data.size() - i))
                return std::nullopt;
            w.bytes = data.mid(i, qsizetype(length));
            i += qsizetype(length);
            break;
        }
        default: return std::nullopt;
        }
        out.append(w);
    }
    return out;
}

std::optional<QJsonObject> decode(const QByteArray &data, const QString &message, const QString &path, ProtobufError *error, int depth);

// A map entry: key = 1, value = 2.
std::optional<QPair<QString, QByteArray>> mapEntry(const QByteArray &data)
{
    const auto fields = readFields(data);
    if (!fields)
        return std::nullopt;
    QPair<QString, QByteArray> entry;
    for (const Wire &w : *fields) {
        if (w.number == 1)
            entry.first = QString::fromUtf8(w.bytes);
        else if (w.number == 2)
            entry.second = w.bytes;
    }
    return entry;
}

std::optional<QJsonObject> decode(const QByteArray &data, const QString &message, const QString &path, ProtobufError *error, int depth)
{
    if (depth > 16) {
        *error = {ProtobufError::Malformed, u"%1: nested too deeply"_s.arg(path)};
        return std::nullopt;
    }
    const auto fields = readFields(data);
    if (!fields) {
        *error = {ProtobufError::Malformed, u"%1: malformed protobuf"_s.arg(path)};
        return std::nullopt;
    }
    const QList<Field> &known = messages().value(message);
    QJsonObject out;
    for (const Wire &w : *fields) {
        const Field *f = nullptr;
        for (const Field &candidate : known)
            if (candidate.number == w.number)
                f = &candidate;
        const QString name = f ? QString::fromLatin1(f->json) : QString();
        const QString at = path.isEmpty() ? name : path + u'.' + name;
        if (!f) {
            // A field this decoder does not know: refuse rather than drop what the client sent.
            if ((w.type == 2 && w.bytes.isEmpty()) || (w.type == 0 && w.varint == 0))
                continue; // a zero value of a non-pointer field: the same as absent
            *error = {ProtobufError::Unsupported,
                      u"%1: field %2 of %3 is not supported in protobuf by demo-cluster; send JSON (kubectl apply)"_s.arg(path).arg(w.number).arg(message)};
            return std::nullopt;
        }
        QJsonValue value;
        switch (f->kind) {
        case Kind::String:
            if (w.bytes.isEmpty() && !f->repeated && !f->pointer)
                continue;
            value = QString::fromUtf8(w.bytes);
            break;
        case Kind::Int:
            if (w.varint == 0 && !f->pointer)
                continue;
            value = qint64(qint32(quint32(w.varint)));
            break;
        case Kind::Bool:
            if (w.varint == 0 && !f->pointer)
                continue;
            value = w.varint != 0;
            break;
        case Kind::Time: {
            quint64 seconds = 0;
            for (const Wire &t : readFields(w.bytes).value_or(QList<Wire>()))
                if (t.number == 1)
                    seconds = t.varint;
            if (seconds == 0)
                continue; // the zero time is JSON null
            value = QDateTime::fromSecsSinceEpoch(qint64(seconds), Qt::UTC).toString(Qt::ISODate);
            break;
        }
        case Kind::Message: {
            const auto child = decode(w.bytes, QString::fromLatin1(f->message), at, error, depth + 1);
            if (!child)
                return std::nullopt;
            value = *child;
            break;
        }
        case Kind::StringMap:
        case Kind::BytesMap:
        case Kind::QuantityMap: {
            const auto entry = mapEntry(w.bytes);
            if (!entry) {
                *error = {ProtobufError::Malformed, u"%1: malformed map entry"_s.arg(at)};
                return std::nullopt;
            }
            QJsonObject map = out.value(name).toObject();
            if (f->kind == Kind::StringMap) {
                map.insert(entry->first, QString::fromUtf8(entry->second));
            } else if (f->kind == Kind::BytesMap) {
                map.insert(entry->first, QString::fromLatin1(entry->second.toBase64()));
            } else {
                QString quantity;
                for (const Wire &q : readFields(entry->second).value_or(QList<Wire>()))
                    if (q.number == 1)
                        quantity = QString::fromUtf8(q.bytes);
                map.insert(entry->first, quantity);
            }
            out.insert(name, map);
            continue;
        }
        }
        if (f->repeated) {
            QJsonArray list = out.value(name).toArray();
            list.append(value);
            out.insert(name, list);
        } else {
            out.insert(name, value);
        }
    }
    return out;
}

} // namespace

std::optional<QJsonObject> objectFromProtobuf(const QByteArray &body, ProtobufError *error)
{
    if (!body.startsWith(QByteArray("k8s\0", 4))) {
        *error = {ProtobufError::Malformed, u"not a Kubernetes protobuf body (no k8s\\0 prefix)"_s};
        return std::nullopt;
    }
    const auto unknown = readFields(body.mid(4));
    if (!unknown) {
        *error = {ProtobufError::Malformed, u"malformed protobuf envelope"_s};
        return std::nullopt;
    }
    QByteArray typeMeta, raw;
    for (const Wire &w : *unknown) {
        if (w.number == 1)
            typeMeta = w.bytes;
        else if (w.number == 2)
            raw = w.bytes;
    }
    const auto type = decode(typeMeta, u"TypeMeta"_s, QString(), error, 0);
    if (!type)
        return std::nullopt;
    const QString kind = type->value(u"kind"_s).toString();
    if (!QStringList{u"Namespace"_s, u"ConfigMap"_s, u"Secret"_s, u"ServiceAccount"_s, u"Deployment"_s, u"Job"_s, u"CronJob"_s, u"Pod"_s,
                     u"HorizontalPodAutoscaler"_s,
                     u"SelfSubjectAccessReview"_s,
                     u"SelfSubjectReview"_s, u"SelfSubjectRulesReview"_s}
             .contains(kind)) {
        *error = {ProtobufError::Unsupported,
                  u"%1 in protobuf is not supported by demo-cluster; send JSON (kubectl apply -f)"_s.arg(kind.isEmpty() ? u"an object"_s : kind)};
        return std::nullopt;
    }
    // Kinds whose messages differ between versions are named with their apiVersion.
    const QString versioned = kind + u'/' + type->value(u"apiVersion"_s).toString();
    auto object = decode(raw, messages().contains(versioned) ? versioned : kind, QString(), error, 0);
    if (!object)
        return std::nullopt;
    object->insert(u"apiVersion"_s, type->value(u"apiVersion"_s));
    object->insert(u"kind"_s, kind);
    return object;
}

} // namespace dc::demo
