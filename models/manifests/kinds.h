#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace dc {

/**
 * What the project knows of one Kubernetes kind, in one place: the apiVersions it is expected
 * with, how the API serves it (plural, short names, scope, verbs, subresources — what
 * demo-cluster's discovery says), the order a bundle applies it in, its group in the console's
 * resource tree, and where a workload keeps its pod template.
 */
struct KindInfo
{
    QString kind;
    QString group;           // "" for the core group
    QStringList versions;    // served versions, the preferred one first
    QString plural;
    QStringList shortNames;
    bool namespaced = true;
    QStringList subresources;
    QStringList categories;  // "all" for the kinds `kubectl get all` lists
    bool fromCrd = false;    // defined by a CRD on a real cluster (Istio, ODH, Tekton, ...)
    bool served = true;      // demo-cluster serves it
    int applyOrder = 19;     // lower applies first
    QString treeGroup;       // group in the console's resource tree
    QString podTemplatePath; // workloads: "spec.template" ("." for a Pod itself); "" otherwise
    enum class Verbs { All, CreateOnly } verbs = Verbs::All;
    /// The rule the API server checks metadata.name with.
    enum class NameRule { Subdomain, Label, Dns1035Label, PathSegment } nameRule = NameRule::Subdomain;

    [[nodiscard]] QString apiVersion(const QString &version) const { return group.isEmpty() ? version : group + u'/' + version; }
    /// The apiVersion a manifest should use ("apps/v1").
    [[nodiscard]] QString preferredApiVersion() const { return apiVersion(versions.value(0)); }
    /// The verbs discovery lists for it.
    [[nodiscard]] QStringList verbList() const;
};

/// Every kind the generator writes, validation knows and demo-cluster serves.
const std::vector<KindInfo> &kinds();
/// The kind of that name (kinds are unique by name in this registry); nullptr if unknown.
const KindInfo *findKind(QStringView kind);
/// Apply order of a kind: namespaces and access first, CRD-defined kinds last; unknown kinds in between.
int applyOrder(QStringView kind);
/// The console's resource tree group of a kind ("Workload", "Networking", ...).
QString treeGroup(QStringView kind);
/// Tree groups in apply order.
QStringList treeGroups();

/// What is wrong with `name` as the metadata.name of a `kind` by the API server's rule for it
/// (DNS-1123 subdomain for most kinds, DNS-1123 label for Namespaces, DNS-1035 label for Services,
/// a path segment for RBAC kinds), worded as the API server words it; empty when it is fine.
QString checkObjectName(QStringView kind, const QString &name);

} // namespace dc
