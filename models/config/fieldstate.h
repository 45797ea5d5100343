#pragma once

#include <QString>

namespace dc {

class ResolvedConfig;

/// What the form says next to a field beyond its value: that it is not used with the other
/// settings as they are (and why), that another setting overrides it, or that turning it on
/// generates nothing yet.
struct FieldState
{
    QString inactive;         // "Not used: …" (the editor is shown greyed)
    QString overriddenBy;     // "Overridden by Debug mode: …"
    QString generatesNothing; // "Generates nothing: …"
    [[nodiscard]] QString note() const { return !inactive.isEmpty() ? inactive : !overriddenBy.isEmpty() ? overriddenBy : generatesNothing; }
};

/// The state of field `path` under `config` (the generator's own rules, said in words).
[[nodiscard]] FieldState fieldState(const QString &path, const ResolvedConfig &config);

} // namespace dc
