#pragma once

#include <QJsonObject>
#include <QString>

namespace dc::demo {

/// A label selector as kubectl sends it: comma-separated `key=value`, `key==value`, `key!=value`,
/// `key` and `!key` terms, all of which must hold.
[[nodiscard]] bool labelsMatch(const QJsonObject &labels, const QString &selector);

/// A field selector: comma-separated "path=value", "path==value" or "path!=value" terms on dotted
/// paths (metadata.name, involvedObject.uid, status.phase, ...). A missing field reads as "".
[[nodiscard]] bool fieldsMatch(const QJsonObject &object, const QString &selector);

} // namespace dc::demo
