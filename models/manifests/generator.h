#pragma once

#include "bundle.h"

namespace dc {

class ResolvedConfig;
struct Project;

/**
 * The generator: a pure function from a resolved configuration to an ordered bundle
 * (namespaces first, objects that need CRDs last), byte-for-byte deterministic.
 */
Bundle generate(const ResolvedConfig &config);

/// Convenience: resolve `project` for `target` and generate.
Bundle generate(const Project &project, const Target &target);

} // namespace dc
