#pragma once

#include "resourcetypes.h"

#include <QJsonObject>

namespace dc::demo {

/**
 * Kinds served in more than one version are stored in one of them, the storage version (the
 * first served), and converted on the way in and out, as the API server converts them:
 * HorizontalPodAutoscalers between autoscaling/v1 (targetCPUUtilizationPercentage) and v2
 * (metrics); other kinds (the CRD kinds served as v1 and v1beta1) differ in apiVersion only.
 * Works on whole objects and on the partial ones of patches and server-side apply.
 */
[[nodiscard]] QJsonObject convertTo(const QJsonObject &object, const ResourceType &type);

/// The API server's defaults for an autoscaling/v2 HorizontalPodAutoscaler: without metrics,
/// 80% average CPU utilization.
[[nodiscard]] QJsonObject withHpaDefaults(QJsonObject hpa);

} // namespace dc::demo
