#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dc::demo {

/// Decodes a request body in Kubernetes' protobuf encoding ("k8s\0" + runtime.Unknown) into
/// the object's JSON, for the kinds kubectl's typed `create` commands send: Namespace,
/// ConfigMap, Secret, ServiceAccount and Deployment (with the pod template fields those
/// commands set). Other kinds, and fields not described here, are refused with a message.
std::optional<QJsonObject> objectFromProtobuf(const QByteArray &body, QString *error);

} // namespace dc::demo
