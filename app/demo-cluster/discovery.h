#pragma once

#include "httpserver.h"
#include "resourcetypes.h"

namespace dc::demo {

/// /api, /apis and their group versions: the legacy discovery documents and the aggregated
/// one (Accept: ...;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList) for the served types.
[[nodiscard]] HttpResponse discovery(const QList<ResourceType> &types, const QString &address, const HttpRequest &r, const QString &path);


} // namespace dc::demo
