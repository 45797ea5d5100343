#include "apierror.h"

#include <QDateTime>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace dc::demo {

int httpCode(ApiReason reason)
{
    switch (reason) {
    case ApiReason::Success: return 200;
    case ApiReason::BadRequest: return 400;
    case ApiReason::Unauthorized: return 401;
    case ApiReason::Forbidden: return 403;
    case ApiReason::NotFound: return 404;
    case ApiReason::MethodNotAllowed: return 405;
    case ApiReason::AlreadyExists:
    case ApiReason::Conflict: return 409;
    case ApiReason::Expired: return 410;
    case ApiReason::RequestEntityTooLarge: return 413;
    case ApiReason::UnsupportedMediaType: return 415;
    case ApiReason::Invalid: return 422;
    case ApiReason::InternalError: return 500;
    case ApiReason::ServiceUnavailable: return 503;
    }
    return 500;
}

QString reasonText(ApiReason reason)
{
    switch (reason) {
    case ApiReason::Success: return u"Success"_s;
    case ApiReason::BadRequest: return u"BadRequest"_s;
    case ApiReason::Unauthorized: return u"Unauthorized"_s;
    case ApiReason::Forbidden: return u"Forbidden"_s;
    case ApiReason::NotFound: return u"NotFound"_s;
    case ApiReason::MethodNotAllowed: return u"MethodNotAllowed"_s;
    case ApiReason::AlreadyExists: return u"AlreadyExists"_s;
    case ApiReason::Conflict: return u"Conflict"_s;
    case ApiReason::Expired: return u"Expired"_s;
    case ApiReason::RequestEntityTooLarge: return u"RequestEntityTooLarge"_s;
    case ApiReason::UnsupportedMediaType: return u"UnsupportedMediaType"_s;
    case ApiReason::Invalid: return u"Invalid"_s;
    case ApiReason::InternalError: return u"InternalError"_s;
    case ApiReason::ServiceUnavailable: return u"ServiceUnavailable"_s;
    }
    return u"InternalError"_s;
}

QJsonObject statusObject(ApiReason reason, const QString &message, const QJsonObject &details)
{
    const int code = httpCode(reason);
    QJsonObject s{{u"kind"_s, u"Status"_s}, {u"apiVersion"_s, u"v1"_s}, {u"metadata"_s, QJsonObject()},
                  {u"status"_s, code < 400 ? u"Success"_s : u"Failure"_s}, {u"message"_s, message}, {u"reason"_s, reasonText(reason)},
                  {u"code"_s, code}};
    if (!details.isEmpty())
        s.insert(u"details"_s, details);
    return s;
}

HttpResponse apiError(ApiReason reason, const QString &message, const QJsonObject &details)
{
    return json(statusObject(reason, message, details), httpCode(reason));
}

HttpResponse notFound(const ResourceType &t, const QString &name)
{
    return apiError(ApiReason::NotFound, u"%1 \"%2\" not found"_s.arg(pluralGroup(t), name),
                    QJsonObject{{u"name"_s, name}, {u"group"_s, t.group}, {u"kind"_s, t.plural}});
}

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpResponse json(const QJsonObject &o, int status, const QByteArray &type)
{
    return {status, type, toJson(o)};
}

QString pluralGroup(const ResourceType &t)
{
    return t.group.isEmpty() ? t.plural : t.plural + u'.' + t.group;
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

} // namespace dc::demo
