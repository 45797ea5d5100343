#pragma once

#include "node.h"

#include <QString>

namespace dc {

/**
 * How Kubernetes reads an untagged plain YAML scalar. kubectl and the API machinery read YAML
 * with sigs.k8s.io/yaml over go-yaml v2, which resolves scalars by YAML 1.1's rules:
 * `0644` is the octal 420, `0x1F`, `0o17`, `0b101`, `1_000` and `+12` are integers, `y`/`on`/`No`
 * are booleans, `.inf`/`.NaN` floats, `2024-01-31` a timestamp (which reaches JSON as the
 * RFC 3339 string "2024-01-31T00:00:00Z"). Everything else is a string.
 */
struct ResolvedScalar
{
    enum class Kind { Null, Bool, Int, Float, Timestamp, String };
    Kind kind = Kind::String;
    Node value; // the value as JSON sees it (a timestamp is its RFC 3339 text)
};

[[nodiscard]] ResolvedScalar resolveScalar(const QString &plainText);

/// True when `text` written as a plain scalar would be read back as something other than that
/// string (under YAML 1.1, and also as YAML 1.1's sexagesimal numbers, which other readers use).
[[nodiscard]] bool plainScalarChangesType(const QString &text);

/// A map key as JSON spells it after sigs.k8s.io/yaml: `yes:` is "true", `0644:` is "420".
[[nodiscard]] QString jsonKeyText(const Node &key);

} // namespace dc
