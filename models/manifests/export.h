#pragma once

#include "bundle.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace dc {

struct Project;

struct ExportedFile
{
    QString path; // relative to the export folder
    QByteArray content;
    bool operator==(const ExportedFile &o) const = default;
};

struct ExportPlan
{
    QList<ExportedFile> files;
};

/**
 * A kustomize tree for all three environments of one platform and preset:
 *   base/                 objects present in every environment (production values) and a
 *                         `labels` transformer for the labels every object shares
 *   overlays/<env>/       RFC 6902 patches turning the base into that environment, plus the
 *                         objects only that environment has
 *   merge/                the shared-object merges (patch files; commands in README.md)
 *   konflux/              (ODH) Dockerfile and tekton.dev/v1 PipelineRun
 * `kubectl kustomize overlays/<env>` yields the same objects as `deployctl render` for <env>.
 */
ExportPlan kustomizeExport(const Project &project, Platform platform, Preset preset);

/// One multi-document YAML file per environment (<platform>-<env>-<preset>.yaml, exactly what
/// `deployctl render` prints), the merge files, a README with the merge commands and, for
/// ODH, the Konflux files.
ExportPlan yamlExport(const Project &project, Platform platform, Preset preset);

/// The Konflux build files for ODH (Dockerfile, .tekton PipelineRun), relative to konflux/.
QList<ExportedFile> konfluxFiles(const Project &project, const Target &target);

/// Patch files and the kubectl commands for the bundle's merge actions.
QList<ExportedFile> mergeFiles(const Bundle &bundle, const QString &folder);
QString mergeCommand(const MergeAction &action, const QString &patchPath);
/// The jq program of a JsonEntry merge command; reads our entry from `--slurpfile e FILE`.
QString mergeJqFilter(const MergeAction &action);

/// What an export folder holds, for the one rule both the console and deployctl follow: a new or
/// empty folder is written into; a folder with an earlier export (DIR/.deploy-console-export)
/// only when the user asks to replace it; any other non-empty folder never.
enum class ExportFolder { Empty, EarlierExport, Foreign };
ExportFolder exportFolderState(const QString &dir);

/// Writes a plan into `dir` by that rule (`replace` = the user asked to replace an earlier
/// export). Files the earlier export listed are replaced or removed, other files are left alone.
/// Every file is written atomically. Returns false with `error` set on failure.
bool writeExport(const ExportPlan &plan, const QString &dir, bool replace, QString *error, QStringList *written = nullptr);

} // namespace dc
