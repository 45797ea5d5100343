#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dc::demo {

/// The patch dialects of the API: JSON merge patch (RFC 7386), strategic merge patch, JSON patch
/// (RFC 6902); server-side apply is in managedfields.h. Pure functions on JSON objects, so they are tested without
/// a server.

/// RFC 7386: null removes, objects merge, everything else replaces.
[[nodiscard]] QJsonObject mergePatch(QJsonObject base, const QJsonObject &patch);

/// Strategic merge patch: like a JSON merge patch, but the built-in lists with a merge key
/// (containers by name, ports by containerPort or port, env by name, ...) are merged item by
/// item, with the $patch (replace, delete) and $deleteFromPrimitiveList directives;
/// $setElementOrder and $retainKeys are accepted and ignored.
[[nodiscard]] QJsonObject strategicMerge(QJsonObject base, const QJsonObject &patch);

struct PatchError
{
    ApiReason reason = ApiReason::Invalid;
    QString message;
};

/// RFC 6902: the operations (add, replace, remove, test) of a JSON array, in order, all or
/// nothing. nullopt with the error the API answers when the body is no such array or an
/// operation cannot be applied.
[[nodiscard]] std::optional<QJsonObject> applyJsonPatch(const QJsonObject &object, const QByteArray &operations, PatchError *error);

/// The API server decodes a null field as an unset one ("creationTimestamp: null" that
/// client-side dry runs print).
[[nodiscard]] QJsonObject withoutNulls(const QJsonObject &o);

} // namespace dc::demo
