#pragma once

#include <QStringList>

namespace dc::cli {

/// Stable exit codes of deployctl.
enum ExitCode { Ok = 0, Findings = 1, Usage = 2, BadInput = 3 };

int run(const QStringList &arguments);

} // namespace dc::cli
