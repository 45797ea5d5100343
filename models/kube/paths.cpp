#include "paths.h"

#include "manifests/kinds.h"

using namespace Qt::StringLiterals;

namespace dc::kube {

QString groupOf(const QString &apiVersion)
{
    return apiVersion.contains(u'/') ? apiVersion.section(u'/', 0, 0) : QString();
}

QString basePath(const QString &apiVersion)
{
    return apiVersion.contains(u'/') ? u"/apis/"_s + apiVersion : u"/api/"_s + apiVersion;
}

QString pluralOf(const QString &kind)
{
    const KindInfo *k = findKind(kind);
    return k ? k->plural : kind.toLower() + u's';
}

bool namespacedKind(const QString &kind)
{
    const KindInfo *k = findKind(kind);
    return !k || k->namespaced;
}

QString collectionPath(const QString &apiVersion, const QString &kind, const QString &ns)
{
    QString path = basePath(apiVersion);
    if (namespacedKind(kind) && !ns.isEmpty())
        path += u"/namespaces/"_s + ns;
    return path + u'/' + pluralOf(kind);
}

QString objectPath(const QString &apiVersion, const QString &kind, const QString &ns, const QString &name)
{
    return collectionPath(apiVersion, kind, ns) + u'/' + name;
}

} // namespace dc::kube
