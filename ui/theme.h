#pragma once

#include <QColor>
#include <QString>

class QDialogButtonBox;

namespace dc {

/// Applies a theme to the application: "light" and "dark" use the Fusion style with a light or
/// dark palette, "system" the platform's style and palette.
void applyTheme(const QString &theme);

/// The colour of a check's result ("ok", "warn", "fail"; anything else is muted) that reads on
/// the current palette, light or dark.
[[nodiscard]] QColor statusColour(const QString &status);

/// Gives every button of `box` without a mnemonic one (the first letter of its text no other
/// button there uses): standard buttons ("OK", "Cancel", "Save", "Discard") have none of their own.
void addMnemonics(QDialogButtonBox *box);

} // namespace dc
