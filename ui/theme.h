#pragma once

#include <QColor>
#include <QString>

class QDialogButtonBox;
class QPalette;
class QIcon;

namespace dc {

/// Applies a theme to the application: "light" and "dark" use the Fusion style with a light or
/// dark palette, "system" the platform's style and palette; every one shows the focus on each
/// control (a frame in the highlight colour where the style draws none).
void applyTheme(const QString &theme);

/// The colour of a check's result ("ok", "warn", "fail"; anything else is muted) that reads on
/// the current palette, light or dark.
[[nodiscard]] QColor statusColour(const QString &status);

/// The YAML preview's colours for a palette (light or dark by its base), each at least 4.5:1
/// (WCAG AA) against the base and against the marked line's background.
struct SyntaxColours
{
    QColor key, string, number, comment, separator;
    QColor markedLine;  // background of the lines a field produces
    QColor currentLine; // background of the cursor's line
};
[[nodiscard]] SyntaxColours syntaxColours(const QPalette &palette);

/// WCAG 2 contrast ratio of two colours (1 to 21).
[[nodiscard]] double contrastRatio(const QColor &a, const QColor &b);

/// An icon from the desktop's icon theme (`themeName`), else the bundled SVG :/icons/<bundled>.svg
/// (sharp at any scale).
[[nodiscard]] QIcon themedIcon(const QString &themeName, const QString &bundled);

/// "1 object", "5 objects": a count with the noun in the right number.
[[nodiscard]] QString countOf(qsizetype n, const QString &one, const QString &many);

/// Gives every button of `box` without a mnemonic one (the first letter of its text no other
/// button there uses): standard buttons ("OK", "Cancel", "Save", "Discard") have none of their own.
void addMnemonics(QDialogButtonBox *box);

} // namespace dc
