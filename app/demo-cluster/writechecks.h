#pragma once

#include "httpserver.h"
#include "resourcetypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace dc {
class SchemaValidator;
}

namespace dc::demo {

struct FieldWriter;

/// What every write is checked with before it is stored: the size limits and the JSON schemas.
/// Unknown fields are refused under fieldValidation Strict (the default); under Warn they are
/// dropped and named in `warnings`, under Ignore dropped silently, as a real API server does.
/// Wrong values are refused whatever the mode. Objects of a user's CRD are checked against its
/// openAPIV3Schema (`crdSchema`). Top-level fields equal to those of `previous` (the stored
/// version, checked when it was written) are not checked again. nullopt when the object may be
/// stored.
[[nodiscard]] std::optional<HttpResponse> checkWrite(const SchemaValidator &schemas, QJsonObject &object, const QString &mode,
                                                     QList<QByteArray> *warnings, const QJsonObject &crdSchema = {},
                                                     const QJsonObject &previous = {});

/// metadata.name by the kind's rule, as the API server answers a name it refuses.
[[nodiscard]] std::optional<HttpResponse> invalidName(const ResourceType &type, const QString &name);

/// The field manager of a request: its fieldManager parameter, else its User-Agent up to the
/// first "/" (as the API server names an unnamed client), else "unknown".
[[nodiscard]] FieldWriter fieldWriter(const HttpRequest &request, const QString &operation, const ResourceType &type,
                                      const QString &subresource = {});

/// `after` with its metadata.managedFields after an update (create, update, patch, scale) by the
/// request's field manager. Entries the request itself sets (an edited or migrated list, kubectl's
/// client-side to server-side apply upgrade) replace the live ones; an empty list resets them.
[[nodiscard]] QJsonObject recordOwnership(const HttpRequest &request, const ResourceType &type, const QJsonObject &before, const QJsonObject &after,
                                          const QString &subresource = {});

} // namespace dc::demo
