#pragma once

#include <QJsonObject>

#include "moduleknowledge.h"

#include "target.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QVariant>
#include <array>

class QDebug;

namespace dc {

class Node;

/// Where a resolved value came from, lowest first. A higher layer overrides a lower one.
enum class Layer { Default, Preset, Platform, Environment, Project };
QString toId(Layer l);

struct LayerValue
{
    QVariant value;
    QString origin; // file the value was read from, or "" for built-ins
    int line = 0;
    bool operator==(const LayerValue &o) const = default;
};

/// Field path -> value, one layer.
using ValueMap = QHash<QString, LayerValue>;

/// A problem in a project or profile file: file:line:column: field: message.
struct ConfigIssue
{
    QString file;
    int line = 0;
    int column = 0;
    QString field;
    QString message;
    [[nodiscard]] QString format() const;
    bool operator==(const ConfigIssue &o) const = default;
};

QDebug operator<<(QDebug dbg, const ConfigIssue &i);
/// As deployctl's --output json writes it.
QJsonObject toJson(const ConfigIssue &i);

/// Reads a nested `values` mapping into typed field values. Unknown keys get a
/// "did you mean" hint, wrongly typed values say what is expected.
ValueMap readValues(const Node &mapping, const QString &file, const QString &context, QList<ConfigIssue> *issues);

/// A platform's distribution (ODH's rhoai): values over the platform's, for all presets and per preset.
struct VariantValues
{
    ValueMap values;
    std::array<ValueMap, 2> preset;
};

/// The built-in profiles in resources/profiles: presets, platforms (with per-preset values and
/// variants) and environments.
struct Profiles
{
    std::array<ValueMap, 2> preset;
    std::array<ValueMap, 3> platform;
    std::array<std::array<ValueMap, 2>, 3> platformPreset;
    std::array<QHash<QString, VariantValues>, 3> platformVariant; // variant name -> values
    std::array<ValueMap, 3> environment;
    std::array<ModuleKnowledge, 2> knowledge; // per preset: what validation knows of the module
    QList<ConfigIssue> issues; // empty unless a profile file is broken
};

const Profiles &builtinProfiles();
/// Reads profiles from a folder laid out like resources/profiles (for tests and custom profile sets).
Profiles loadProfiles(const QString &dir);

} // namespace dc
