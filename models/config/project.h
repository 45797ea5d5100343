#pragma once

#include "layers.h"
#include "target.h"

#include <QFileDevice>
#include <QMap>
#include <QString>
#include <array>
#include <optional>

namespace dc {

/**
 * A deployment project: the chosen target and this project's own overrides, for every
 * environment and per environment. Saved as a Kubernetes-style YAML object:
 *   apiVersion: console.modarch.io/v1alpha1   (the file's schema version)
 *   kind: DeploymentProject
 */
struct Project
{
    QString name = QStringLiteral("model-registry-ui");
    QString description;
    Target target;
    ValueMap values;                       // overrides for every environment
    std::array<ValueMap, 3> environments;  // overrides for one environment
    QMap<QString, QString> disabledLints;  // lint id -> why it is off for this project

    bool operator==(const Project &o) const = default;
};

inline constexpr const char *ProjectApiVersion = "console.modarch.io/v1alpha1";
inline constexpr const char *ProjectKind = "DeploymentProject";

struct ProjectLoad
{
    std::optional<Project> project;
    QList<ConfigIssue> issues;
};

/// Parses a project file's text. On any issue, `project` is empty: nothing half-read is used.
ProjectLoad parseProject(const QByteArray &text, const QString &fileName);
ProjectLoad loadProjectFile(const QString &path);

QByteArray serializeProject(const Project &project);
/// Atomic save (QSaveFile): the old file stays intact if anything fails.
bool saveProjectFile(const Project &project, const QString &path, QString *error);

/// A text file written atomically; used by every writer in the project.
/// Writes through a temporary file renamed over `path`, so a crash leaves the old or the new
/// content, never a mix. With `permissions` (secrets: owner read/write) the file has them from
/// its creation on.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error,
                         std::optional<QFileDevice::Permissions> permissions = std::nullopt);

/// The sample project "Try the demo" opens: the Model Registry UI on plain Kubernetes, development.
Project demoProject();

} // namespace dc
