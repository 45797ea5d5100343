#include "resourcetypes.h"

#include "manifests/kinds.h"

namespace dc::demo {

QList<ResourceType> allResourceTypes()
{
    // One entry per served version of every kind the registry says demo-cluster serves.
    QList<ResourceType> types;
    for (const KindInfo &k : kinds()) {
        if (!k.served)
            continue;
        for (const QString &version : k.versions)
            types.append({k.group, version, k.kind, k.plural, k.namespaced, k.shortNames, k.categories, k.subresources, k.fromCrd,
                          k.verbList()});
    }
    return types;
}

const ResourceType *builtinType(const QList<ResourceType> &types, const QString &kind)
{
    for (const ResourceType &t : types)
        if (t.kind == kind && !t.crd)
            return &t;
    Q_ASSERT_X(false, "builtinType", "every built-in kind is served");
    return nullptr;
}

} // namespace dc::demo
