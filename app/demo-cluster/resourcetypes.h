#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace dc::demo {

/// A kind the demo cluster serves.
struct ResourceType
{
    QString group; // "" for core
    QString version;
    QString kind;
    QString plural;
    bool namespaced = true;
    QStringList shortNames;
    QStringList categories;
    QStringList subresources;
    bool crd = false; // comes from a CRD on a real cluster (can be left out with --without)
    QStringList verbs;

    [[nodiscard]] QString groupVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    [[nodiscard]] QString singular() const { return kind.toLower(); }
    [[nodiscard]] QString id() const { return group + QLatin1Char('/') + plural; }
};

/// Every kind the generated bundles use, plus what kubectl needs around them, as the kind
/// registry (models/manifests/kinds.h) describes them: one entry per served version.
QList<ResourceType> allResourceTypes();

/// The served built-in (not CRD-defined) type of a kind; built-in kinds are always served.
const ResourceType *builtinType(const QList<ResourceType> &types, const QString &kind);

} // namespace dc::demo
