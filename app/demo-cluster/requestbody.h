#pragma once

#include "apierror.h"
#include "httpserver.h"

#include <QJsonObject>

#include <variant>

namespace dc::demo {

struct BodyError
{
    ApiReason reason = ApiReason::BadRequest;
    QString message;
};

/// The object a request carries, in JSON or YAML (one document) or, for the kinds kubectl sends
/// that way, Kubernetes protobuf. A body that cannot be decoded is BadRequest; a protobuf body of
/// a kind or field this server does not decode is UnsupportedMediaType, as on a real server.
[[nodiscard]] std::variant<QJsonObject, BodyError> decodeBody(const HttpRequest &r);

} // namespace dc::demo
