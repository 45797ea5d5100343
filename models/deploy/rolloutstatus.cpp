#include "rolloutstatus.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::deploy {

qint64 revisionOf(const QJsonObject &object)
{
    return object[u"metadata"_s][u"annotations"_s][u"deployment.kubernetes.io/revision"_s].toString().toLongLong();
}

RolloutStatus deploymentRolloutStatus(const QJsonObject &deployment, qint64 revision)
{
    const QJsonObject metadata = deployment.value(u"metadata"_s).toObject();
    const QJsonObject spec = deployment.value(u"spec"_s).toObject();
    const QJsonObject status = deployment.value(u"status"_s).toObject();
    const QString name = metadata.value(u"name"_s).toString();
    if (revision > 0) {
        const qint64 running = revisionOf(deployment);
        if (running != revision)
            return {u"desired revision (%1) is different from the running revision (%2)"_s.arg(revision).arg(running), false, true};
    }
    if (metadata.value(u"generation"_s).toInteger() > status.value(u"observedGeneration"_s).toInteger())
        return {u"Waiting for deployment spec update to be observed..."_s, false, false};
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
        if (c[u"type"_s].toString() == u"Progressing"_s && c[u"reason"_s].toString() == u"ProgressDeadlineExceeded"_s)
            return {u"deployment \"%1\" exceeded its progress deadline"_s.arg(name), false, true};
    }
    const qint64 updated = status.value(u"updatedReplicas"_s).toInteger();
    const qint64 replicas = status.value(u"replicas"_s).toInteger();
    const qint64 available = status.value(u"availableReplicas"_s).toInteger();
    if (spec.contains(u"replicas"_s) && updated < spec.value(u"replicas"_s).toInteger())
        return {u"Waiting for deployment \"%1\" rollout to finish: %2 out of %3 new replicas have been updated..."_s.arg(name).arg(updated).arg(
                    spec.value(u"replicas"_s).toInteger()),
                false, false};
    if (replicas > updated)
        return {u"Waiting for deployment \"%1\" rollout to finish: %2 old replicas are pending termination..."_s.arg(name).arg(replicas - updated), false, false};
    if (available < updated)
        return {u"Waiting for deployment \"%1\" rollout to finish: %2 of %3 updated replicas are available..."_s.arg(name).arg(available).arg(updated), false,
                false};
    return {u"deployment \"%1\" successfully rolled out"_s.arg(name), true, false};
}

} // namespace dc::deploy
