#pragma once

#include "resourcetypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace dc::demo {

/// The Table kubectl asks for (Accept: ...;as=Table): the columns a real cluster shows for the
/// common kinds, name and age for the rest.
[[nodiscard]] QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta);

/// An age as kubectl prints it ("45s", "3m12s", "5h", "2d").
[[nodiscard]] QString age(const QString &timestamp);

} // namespace dc::demo
