#pragma once

#include "../lints.h"
#include "../manifestset.h"

#include <QHash>
#include <QMultiHash>

#include <optional>
#include <vector>

namespace dc::lint {

/// A workload's pod template: what the container, service and policy lints look at.
struct PodTemplate
{
    const ManifestDoc *doc = nullptr;
    const Node *labels = nullptr; // template metadata.labels
    const Node *spec = nullptr;   // pod spec
    QString path;                 // path of the pod spec ("spec.template.spec")
    QString ns;
};

/// What every lint of one run shares: the documents indexed by kind, the pod templates, and
/// the findings so far.
struct Context
{
    Context(const ManifestSet &set, const LintOptions &options);

    const ManifestSet &set;
    const LintOptions &options;
    QList<Finding> out;
    std::vector<PodTemplate> pods;
    // Documents by kind, so that cross-document lints do not scan the whole set per object.
    QHash<QString, std::vector<const ManifestDoc *>> byKind;
    // Services by name, for route destinations.
    QMultiHash<QString, const ManifestDoc *> servicesByName;

    [[nodiscard]] const std::vector<const ManifestDoc *> &ofKind(const QString &kind) const;

    /// Reports a finding of `lint` (one of the catalogue entries, never an id typed again).
    void report(const LintInfo &lint, const ManifestDoc &d, const QString &path, const QString &message,
                std::optional<Severity> severity = std::nullopt);
};

/// One area's lints: their catalogue entries, next to the code that reports them, and the
/// function that runs them.
struct Area
{
    const char *name;
    std::vector<const LintInfo *> lints;
    void (*run)(Context &);
};

const Area &networkArea();
const Area &workloadArea();
const Area &kustomizeArea();
const Area &platformArea();
const Area &moduleArea();
const Area &namesArea();

// Helpers several areas use.
std::optional<PodTemplate> podTemplate(const ManifestDoc &d);
/// Calls `f(container, path, isInit)` for each init container and container of the pod, with
/// the container's field path ("spec.template.spec.containers[0]").
template<typename F>
void forEachContainer(const PodTemplate &p, F &&f)
{
    for (const char *list : {"initContainers", "containers"}) {
        const Node *containers = p.spec->get(QString::fromLatin1(list));
        if (!containers || !containers->isSeq())
            continue;
        const bool init = list[0] == 'i';
        int i = 0;
        for (const Node &c : containers->items())
            f(c, p.path + u'.' + QString::fromLatin1(list) + u'[' + QString::number(i++) + u']', init);
    }
}
bool sameNamespace(const QString &a, const QString &b);
/// A selector map (key: value) matches labels when every pair is present.
bool selects(const Node *selector, const Node *labels);
bool versionLike(const QString &key, const QString &value);
bool isCoreService(const ManifestDoc &d);
QString selectorText(const Node *selector);

} // namespace dc::lint
