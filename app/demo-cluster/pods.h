#pragma once

#include "resourcetypes.h"

#include <QJsonObject>
#include <QString>

namespace dc::demo {

class ObjectStore;

/// The ownerReference a controller puts on what it creates (controller: true).
[[nodiscard]] QJsonObject controllerRef(const QJsonObject &owner);

/// Creates and stores a pod from a workload's pod template, owned by `owner` and named after it
/// with a random suffix, as the ReplicaSet and Job controllers do; `restartPolicy` when the
/// template has none. Returns the pod's storage key.
QString createPodFor(ObjectStore &store, const ResourceType &podType, const QJsonObject &owner, const QJsonObject &podTemplate,
                     const QString &restartPolicy);

} // namespace dc::demo
