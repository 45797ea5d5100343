#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dc::demo {

/// A Deployment's ReplicaSet as its rollout sees it.
struct RsView
{
    QString key;
    qint64 replicas = 0;  // spec.replicas
    qint64 current = 0;   // status.replicas: pods that exist
    qint64 available = 0; // status.availableReplicas
    qint64 createdMs = 0; // creation order: oldest first
};

struct Fenceposts
{
    qint64 surge = 0;
    qint64 unavailable = 0;
};

/// An int-or-percent value (maxSurge, maxUnavailable) scaled to `total`: percentages round up
/// or down; absent means `fallback`.
qint64 scaledValue(const QJsonValue &value, qint64 total, bool roundUp, const QString &fallback);
/// maxSurge (rounded up) and maxUnavailable (rounded down) of a Deployment's RollingUpdate
/// strategy (defaults 25%); both zero makes maxUnavailable 1, as Kubernetes resolves them.
Fenceposts resolveFenceposts(const QJsonObject &deploymentSpec);
/// maxUnavailable capped at the replicas; 0 for Recreate or no replicas.
qint64 maxUnavailable(const QJsonObject &deploymentSpec);
bool isRecreate(const QJsonObject &deploymentSpec);

/**
 * One sync of a Deployment's ReplicaSets, the steps the deployment controller takes: for a
 * RollingUpdate, scale the new ReplicaSet up within maxSurge, or else scale old ones down within
 * maxUnavailable (unhealthy pods first, oldest ReplicaSets first); for Recreate, all old ones to
 * zero and the new one up once their pods are gone. Returns the ReplicaSets whose spec.replicas
 * changes, with the new value.
 */
QHash<QString, qint64> syncReplicaSets(const QJsonObject &deploymentSpec, const RsView &newRs, QList<RsView> oldRss);

/// A pod template's pod-template-hash: FNV-32a of the template, written with the API's safe
/// alphabet (as the ReplicaSet names of a real cluster look).
QString podTemplateHash(const QJsonObject &podTemplate);
/// The 5 characters generateName appends ("model-registry-ui-5d9c7b8f4-x2m7q").
QString randomSuffix();

} // namespace dc::demo
