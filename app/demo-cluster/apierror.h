#pragma once

#include "httpserver.h"
#include "resourcetypes.h"

#include <QJsonObject>
#include <QString>

namespace dc::demo {

/// The reasons of the API's Status objects; each has exactly one HTTP status code, so a
/// response's code always follows from the reason and never from the wording of a message.
enum class ApiReason {
    Success,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    AlreadyExists,
    Conflict,
    Expired,
    RequestEntityTooLarge,
    UnsupportedMediaType,
    Invalid,
    InternalError,
    ServiceUnavailable,
};

[[nodiscard]] int httpCode(ApiReason reason);
[[nodiscard]] QString reasonText(ApiReason reason);

/// A metav1.Status object for the reason, with a message and optional details.
[[nodiscard]] QJsonObject statusObject(ApiReason reason, const QString &message, const QJsonObject &details = {});
/// The same as a response.
[[nodiscard]] HttpResponse apiError(ApiReason reason, const QString &message, const QJsonObject &details = {});
[[nodiscard]] HttpResponse notFound(const ResourceType &t, const QString &name);

[[nodiscard]] QByteArray toJson(const QJsonObject &o);
[[nodiscard]] HttpResponse json(const QJsonObject &o, int status = 200, const QByteArray &type = "application/json");
/// "deployments.apps", "pods": how the API names a resource in messages.
[[nodiscard]] QString pluralGroup(const ResourceType &t);
/// The current time as the API writes timestamps.
[[nodiscard]] QString now();

} // namespace dc::demo
