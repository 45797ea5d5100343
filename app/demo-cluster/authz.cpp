#include "authz.h"

#include "apierror.h"
#include "protobuf.h"
#include "requestbody.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

Authorizer::Authorizer(QString user, QStringList groups, QList<DeniedRule> denied)
    : m_user(std::move(user))
    , m_groups(std::move(groups))
    , m_denied(std::move(denied))
{
}

bool Authorizer::allowed(const QString &verb, const QString &resource, const QString &ns) const
{
    for (const DeniedRule &d : m_denied)
        if ((d.verb == u"*"_s || d.verb == verb) && (d.resource == u"*"_s || d.resource == resource) && (d.ns.isEmpty() || d.ns == ns))
            return false;
    return true;
}

HttpResponse Authorizer::review(const HttpRequest &r, const ResourceType &t) const
{
    const std::variant<QJsonObject, BodyError> decoded = decodeBody(r);
    if (const auto *bad = std::get_if<BodyError>(&decoded))
        return apiError(bad->reason, bad->message);
    const QJsonObject &body = std::get<QJsonObject>(decoded);
    QJsonObject out = body;
    out.insert(u"apiVersion"_s, t.groupVersion());
    out.insert(u"kind"_s, t.kind);
    out.insert(u"metadata"_s, QJsonObject{{u"creationTimestamp"_s, QJsonValue::Null}});
    if (t.kind == u"SelfSubjectReview"_s) {
        out.insert(u"status"_s, QJsonObject{{u"userInfo"_s, QJsonObject{{u"username"_s, m_user}, {u"groups"_s, QJsonArray::fromStringList(m_groups)}}}});
        return json(out, 201);
    }
    const QJsonObject spec = body.value(u"spec"_s).toObject();
    const QJsonObject attrs = spec.value(u"resourceAttributes"_s).toObject();
    bool ok = true;
    QString reason;
    if (!attrs.isEmpty()) {
        ok = allowed(attrs.value(u"verb"_s).toString(), attrs.value(u"resource"_s).toString(), attrs.value(u"namespace"_s).toString());
        reason = ok ? u"allowed by the demo cluster's user configuration"_s : u"denied by the demo cluster's --deny rules"_s;
    } else {
        reason = u"non-resource URLs are allowed in the demo cluster"_s;
    }
    QJsonObject st{{u"allowed"_s, ok}, {u"reason"_s, reason}};
    if (!ok)
        st.insert(u"denied"_s, true);
    out.insert(u"status"_s, st);
    return json(out, 201);
}

} // namespace dc::demo
