#pragma once

#include "target.h"

#include <QString>
#include <QStringList>
#include <QVariant>
#include <vector>

namespace dc {

enum class FieldType { Bool, Int, String, Enum, Quantity, StringList, StringMap };

enum PlatformMask { OnKubeflow = 1, OnOdh = 2, OnStandalone = 4, OnAll = 7 };
enum PresetMask { ForModelRegistryUi = 1, ForSplit = 2, ForAll = 3 };

/**
 * One configurable field: its dotted path in the project file, type, the form page it lives
 * on, a label and help text in the deployment's own terms, the built-in default and where it
 * applies. The registry is the single list every layer, the loader and the UI work from.
 */
struct FieldDef
{
    QString path;
    FieldType type = FieldType::String;
    QString page;
    QString label;
    QString help;
    QVariant defaultValue;
    int platforms = OnAll;
    int presets = ForAll;
    QStringList choices; // Enum
    qint64 min = 0;      // Int
    qint64 max = 0;      // Int (0 = no bound)

    [[nodiscard]] bool appliesTo(const Target &t) const;
};

const std::vector<FieldDef> &fieldDefs();
const FieldDef *findField(QStringView path);
/// True when some field path starts with prefix + ".".
bool isFieldPrefix(QStringView prefix);
/// The closest known field path or child key, for "did you mean" hints ("" if none is close).
QString suggestField(const QString &path);
QString typeName(FieldType t);

/// The candidate closest to `word` by edit distance (case-insensitive), or "" when none is
/// within max(2, length/3) edits: the "did you mean" of every message.
QString closestMatch(const QString &word, const QStringList &candidates);

/// Checks a value already converted to the field's type (range, enum, quantity syntax).
/// Returns an empty string when valid, else the message.
QString checkFieldValue(const FieldDef &def, const QVariant &value);


} // namespace dc
