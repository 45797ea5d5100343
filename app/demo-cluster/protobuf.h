#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dc::demo {

struct ProtobufError
{
    enum Kind { Malformed, Unsupported } kind = Malformed;
    QString message;
};

/// Decodes a request body in Kubernetes' protobuf encoding ("k8s\0" + runtime.Unknown) into
/// the object's JSON, for the kinds kubectl sends that way: its typed `create` commands'
/// Namespace, ConfigMap, Secret, ServiceAccount, Deployment, Job, CronJob and Pod (`kubectl
/// run`), with the pod template fields
/// those commands set), and the access reviews of `auth can-i` and `auth whoami`. Other kinds,
/// and fields not described here, are Unsupported; broken encodings are Malformed.
std::optional<QJsonObject> objectFromProtobuf(const QByteArray &body, ProtobufError *error);

} // namespace dc::demo
