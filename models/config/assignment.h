#pragma once

#include <QString>
#include <QVariant>

#include <optional>

namespace dc {

/// One FIELD=VALUE setting from a command line (`deployctl render --set`, `deploy-console --set`).
struct SettingAssignment
{
    QString path;
    QVariant value; // converted to the field's type, checked
    bool operator==(const SettingAssignment &o) const = default;
};

/**
 * Parses FIELD=VALUE: the one reader of command-line settings for deployctl and the console.
 * Text fields (strings, choices, quantities) take the value as written, since the shell already
 * delimits it; numbers, booleans, lists and maps are read as YAML (`replicas=3`,
 * `allowedOrigins=[a, b]`, `annotations={team: ml}`) and converted and checked exactly as in a
 * project file. nullopt with the message (unknown setting with "did you mean", wrong type, out of
 * range) otherwise.
 */
std::optional<SettingAssignment> parseSettingAssignment(const QString &text, QString *error);

} // namespace dc
