#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace dc::demo {

/**
 * Field ownership as the API server keeps it in metadata.managedFields, and server-side apply on
 * top of it. Pure functions on JSON objects, tested without a server.
 *
 * A field path is a list of FieldsV1 elements joined with U+001F: "f:spec" for a map member,
 * "k:{\"name\":\"ui\"}" for the item of a keyed list (containers by name, ports by port and
 * protocol, ...), "v:\"x\"" for a member of a set list (finalizers), and "." for the list item
 * itself. Other lists are atomic: their field is one leaf.
 */
using FieldSet = QSet<QString>;

struct ManagedEntry
{
    QString manager;
    QString operation; // Apply or Update
    QString apiVersion;
    QString time;
    QString subresource; // "" for the main resource
    FieldSet fields;
};

/// Who writes: the field manager, its operation and the API version it wrote with.
struct FieldWriter
{
    QString manager;
    QString operation;
    QString apiVersion;
    QString time;
    QString subresource = {};
};

/// The fields an object sets, without what the server sets (apiVersion, kind, name, namespace,
/// uid, resourceVersion, generation, creationTimestamp, managedFields) and without status.
[[nodiscard]] FieldSet fieldsOf(const QJsonObject &object);
[[nodiscard]] QJsonObject toFieldsV1(const FieldSet &fields);
[[nodiscard]] FieldSet fromFieldsV1(const QJsonObject &fieldsV1);
/// The value at a field path; nullopt when the object does not have it.
[[nodiscard]] std::optional<QJsonValue> valueAt(const QJsonObject &object, const QString &path);
/// ".spec.template.spec.containers[name=\"ui\"].image", as the API server names a field.
[[nodiscard]] QString fieldPathText(const QString &path);

[[nodiscard]] QList<ManagedEntry> managedEntries(const QJsonObject &object);
[[nodiscard]] QJsonArray toManagedFields(const QList<ManagedEntry> &entries);

/// Ownership after an update (create, update, patch) from `before` to `after` by `writer`: every
/// field whose value it changed becomes its own and leaves the other managers; fields that are
/// gone leave every entry. Entries with no fields left are dropped.
[[nodiscard]] QList<ManagedEntry> recordUpdate(QList<ManagedEntry> entries, const QJsonObject &before, const QJsonObject &after,
                                               const FieldWriter &writer);

/// The object with these managedFields entries (none: no managedFields).
[[nodiscard]] QJsonObject withManagedFields(QJsonObject object, const QList<ManagedEntry> &entries);

/// The object with fields it no longer has left out of its managedFields entries.
[[nodiscard]] QJsonObject withOwnershipPruned(const QJsonObject &object);

/// Server-side apply of one field manager's configuration.
struct ApplyResult
{
    QJsonObject object;       // the live object with the configuration merged in, managedFields set (not stamped)
    QJsonArray conflicts;     // FieldManagerConflict causes; non-empty means nothing changed
    QStringList conflictText; // 'conflict with "manager": .spec.replicas'
};

/// Merges `applied` by `writer` (operation Apply) into `live` (empty for a new object), keyed
/// lists item by item. A field another manager owns with a different value is a conflict unless
/// `force` takes it over; fields this manager applied before and now leaves out are removed
/// unless another manager owns them. For the manager "kubectl", as the API server does for
/// kubectl's move from client-side apply: conflicts on fields its last-applied-configuration
/// annotation holds with their live values are no conflicts, and the annotation, when present,
/// follows the applied configuration.
[[nodiscard]] ApplyResult serverSideApply(const QJsonObject &live, const QJsonObject &applied, const FieldWriter &writer, bool force);

} // namespace dc::demo
