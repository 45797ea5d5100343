#pragma once

#include "resourcetypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace dc::demo {

/// What each row carries besides its cells (the includeObject parameter).
enum class TableObjects { None, Metadata, Object };
[[nodiscard]] TableObjects tableObjectsFrom(const QString &includeObject);

/// The Table kubectl asks for (Accept: ...;as=Table): the columns a real cluster shows for the
/// common kinds (with the -o wide ones at priority 1), name and age for the rest.
[[nodiscard]] QJsonObject tableOf(const ResourceType &t, const QJsonArray &items, const QJsonObject &listMeta,
                                  TableObjects objects = TableObjects::Metadata);

/// An age as kubectl prints it ("45s", "3m12s", "5h", "2d").
[[nodiscard]] QString age(const QString &timestamp);
/// A duration in seconds as kubectl prints ages.
[[nodiscard]] QString shortDuration(qint64 seconds);

} // namespace dc::demo
