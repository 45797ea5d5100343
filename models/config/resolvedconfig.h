#pragma once

#include "layers.h"
#include "target.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace dc {

struct Project;

struct ResolvedValue
{
    QVariant value;
    Layer layer = Layer::Default;
    QString origin; // "built-in", a profile or project file, with line
    bool operator==(const ResolvedValue &o) const = default;
};

/**
 * Every field's effective value for one target, and which layer it came from:
 * built-in default -> module preset -> platform profile -> environment profile -> project.
 */
class ResolvedConfig
{
public:
    Target target;
    QHash<QString, ResolvedValue> values;

    [[nodiscard]] QString str(const QString &path) const;
    [[nodiscard]] qint64 integer(const QString &path) const;
    [[nodiscard]] bool flag(const QString &path) const;
    [[nodiscard]] QStringList list(const QString &path) const;
    [[nodiscard]] QVariantMap map(const QString &path) const;
    [[nodiscard]] ResolvedValue at(const QString &path) const;
};

/// Resolves `project` for `target` (which may differ from the project's own, e.g. for export).
ResolvedConfig resolve(const Project &project, const Target &target, const Profiles &profiles = builtinProfiles());

/// The value `path` would have without this project's override (what "reset" restores).
ResolvedValue inheritedValue(const Project &project, const Target &target, const QString &path,
                             const Profiles &profiles = builtinProfiles());

} // namespace dc
