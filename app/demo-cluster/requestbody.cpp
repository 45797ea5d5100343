#include "requestbody.h"

#include "manifests/node.h"
#include "manifests/yaml.h"
#include "protobuf.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace dc::demo {

std::variant<QJsonObject, BodyError> decodeBody(const HttpRequest &r)
{
    if (r.header("content-type").startsWith("application/vnd.kubernetes.protobuf")) {
        ProtobufError error;
        if (auto object = objectFromProtobuf(r.body, &error))
            return *object;
        if (error.kind == ProtobufError::Unsupported)
            return BodyError{ApiReason::UnsupportedMediaType, error.message};
        return BodyError{ApiReason::BadRequest, u"the request body could not be decoded: "_s + error.message};
    }
    // What kubectl sends (JSON, also as the body of an apply-patch+yaml) is read as JSON; anything
    // else goes to the one YAML reader, which reads JSON too, with its line-precise errors.
    if (r.body.trimmed().startsWith('{')) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
        if (error.error == QJsonParseError::NoError && doc.isObject())
            return doc.object();
    }
    const ParsedYaml parsed = parseYaml(r.body, u"request"_s);
    if (!parsed.ok())
        return BodyError{ApiReason::BadRequest, u"the request body could not be decoded: "_s + parsed.issues.front().message};
    if (parsed.documents.size() != 1 || !parsed.documents.front().isMap())
        return BodyError{ApiReason::BadRequest, u"the request body could not be decoded: the request body must be one object"_s};
    return parsed.documents.front().toJson().toObject();
}

} // namespace dc::demo
