#pragma once

#include <QByteArray>
#include <QDateTime>

namespace dc::demo {

class ObjectStore;

/**
 * What kube-state-metrics and the kubelet's cAdvisor would say of the stored objects, in
 * Prometheus text format and with their metric and label names: per Deployment the desired,
 * available and updated replicas; per container its restarts, resource requests and limits
 * (cores and bytes), CPU seconds used (a counter) and working-set memory while it runs. The usage
 * is simulated (steady, different per pod), so the console's charts have real series to show.
 */
[[nodiscard]] QByteArray stateMetrics(const ObjectStore &store, const QDateTime &now);

} // namespace dc::demo
