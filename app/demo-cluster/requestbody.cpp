#include "requestbody.h"

#include "manifests/node.h"
#include "manifests/yaml.h"
#include "protobuf.h"

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
    // JSON is YAML, and the one reader reads both as Kubernetes does.
    const ParsedYaml parsed = parseYaml(r.body, u"request"_s);
    if (!parsed.ok())
        return BodyError{ApiReason::BadRequest, u"the request body could not be decoded: "_s + parsed.issues.front().message};
    if (parsed.documents.size() != 1 || !parsed.documents.front().isMap())
        return BodyError{ApiReason::BadRequest, u"the request body could not be decoded: the request body must be one object"_s};
    return parsed.documents.front().toJson().toObject();
}

} // namespace dc::demo
