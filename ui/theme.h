#pragma once

#include <QString>

namespace dc {

/// Applies a theme to the application: "light" and "dark" use the Fusion style with a light or
/// dark palette, "system" the platform's style and palette.
void applyTheme(const QString &theme);

} // namespace dc
