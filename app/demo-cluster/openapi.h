#pragma once

#include "httpserver.h"
#include "resourcetypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace dc::demo {

/// The schema of a served kind (an OpenAPI v3 / JSON schema object), or an empty object.
using SchemaLookup = std::function<QJsonObject(const ResourceType &type)>;

/**
 * /openapi/v2 and /openapi/v3 as kubectl reads them. v3 has one document per group version with
 * the PATCH operations of its kinds (taking fieldValidation, so kubectl leaves validation to the
 * server) and, under components.schemas, each kind's schema marked with its
 * x-kubernetes-group-version-kind, so `kubectl explain` works for built-in kinds and CRDs.
 * v2 has no definitions: kubectl's fallback then skips kinds v3 does not describe, and applying
 * a kind nothing serves gives kubectl's usual "no matches for kind".
 */
[[nodiscard]] HttpResponse openApi(const QList<ResourceType> &types, const QString &path, const SchemaLookup &schemaOf);

/// A schema as an OpenAPI v3 document carries it: JSON-schema nullable types ("type": ["integer",
/// "null"]) as the one type, no "$schema".
[[nodiscard]] QJsonObject openApiSchema(const QJsonObject &jsonSchema);

/// The built-in kinds' schemas from the project's JSON schemas (resources/schemas); Pod,
/// ReplicaSet, Job and CronJob are made of the Deployment's pod template, selector and object
/// metadata, the kinds without any of their own describe their metadata only.
[[nodiscard]] QJsonObject builtinSchema(const ResourceType &type, const QString &schemaFile, const QString &deploymentSchemaFile);

} // namespace dc::demo
