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
/// (RFC 6902) and server-side apply. Pure functions on JSON objects, so they are tested without
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

/// Server-side apply of one field manager's configuration.
struct ApplyResult
{
    QJsonObject object;                 // the live object with the configuration merged in (not stamped)
    QHash<QString, QJsonObject> owners; // per manager, what it applied (this one's entry replaced)
    QJsonArray conflicts;               // FieldManagerConflict causes; non-empty means nothing changed
    QStringList conflictText;           // 'conflict with "manager": .spec.replicas'
};

/// Merges `applied` by `manager` into `live` (empty for a new object). A field another manager
/// applied with a different value is a conflict, unless `force` takes it over; fields this
/// manager applied before and now leaves out are removed unless another manager owns them.
[[nodiscard]] ApplyResult serverSideApply(const QJsonObject &live, const QJsonObject &applied, QHash<QString, QJsonObject> owners,
                                          const QString &manager, bool force);

/// metadata.managedFields for the owners: one Apply entry per manager with its FieldsV1 set.
[[nodiscard]] QJsonArray managedFields(const QHash<QString, QJsonObject> &owners, const QString &apiVersion, const QString &time);

} // namespace dc::demo
