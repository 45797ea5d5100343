#pragma once

#include "config/moduleknowledge.h"
#include "config/target.h"
#include "finding.h"

#include <QList>
#include <QSet>
#include <QString>
#include <optional>

namespace dc {

struct ManifestSet;

/// A semantic check across documents: what a cluster or a reviewer would catch.
struct LintInfo
{
    QString id;
    Severity severity;
    QString title;
    QString hint; // what to do about it
};

/// Every lint, area by area (network, workload, kustomize, platform, module).
const QList<LintInfo> &lintCatalog();
const LintInfo *findLint(QStringView id);
/// The area a lint belongs to ("network"); empty for an unknown id.
QString lintArea(QStringView id);

struct LintOptions
{
    QSet<QString> disabled;
    /// The environment the manifests are for; environment-dependent lints (latest tags,
    /// production replicas and disruption budgets) need it.
    std::optional<Environment> environment;
    /// The platform the manifests are for; platform lints (OpenShift's SCC) need it.
    std::optional<Platform> platform;
    /// What the module lints know of the modules; unset = every built-in preset's knowledge,
    /// each applying to the containers of its own images.
    std::optional<QList<ModuleKnowledge>> modules;
};

/// Runs every enabled lint over the set. Findings carry the lint id, the document, the
/// field path and line, and the lint's hint.
QList<Finding> runLints(const ManifestSet &set, const LintOptions &options);

} // namespace dc
