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
        if ((d.verb == u"*"_s || d.verb == verb) && (d.resource == u"*"_s || d.resource == resource) && (d.ns.isEmpty() || d.ns == ns || (d.ns == u"-"_s && ns.isEmpty())))
            return false;
    return true;
}

Identity Authorizer::identity(const HttpRequest &r, HttpResponse *refusal) const
{
    const QString user = QString::fromUtf8(r.header("impersonate-user"));
    const QStringList groups = QString::fromUtf8(r.header("impersonate-group")).split(u", "_s, Qt::SkipEmptyParts);
    if (user.isEmpty()) {
        if (!groups.isEmpty())
            *refusal = apiError(ApiReason::BadRequest, u"requested groups without impersonating a user"_s);
        // An x509 user is who its certificate names, in its groups and system:authenticated.
        if (!r.certificateUser.isEmpty())
            return {r.certificateUser, r.certificateGroups + QStringList{u"system:authenticated"_s}};
        return {m_user, m_groups};
    }
    auto refuse = [&](const QString &resource, const QString &name) {
        *refusal = apiError(ApiReason::Forbidden, u"%1 \"%2\" is forbidden: User \"%3\" cannot impersonate resource \"%1\" in API group \"\" at the cluster scope"_s
                                                      .arg(resource, name, m_user),
                            QJsonObject{{u"name"_s, name}, {u"kind"_s, resource}});
    };
    if (!allowed(u"impersonate"_s, u"users"_s, QString())) {
        refuse(u"users"_s, user);
        return {};
    }
    for (const QString &g : groups)
        if (!allowed(u"impersonate"_s, u"groups"_s, QString())) {
            refuse(u"groups"_s, g);
            return {};
        }
    return {user, groups + QStringList{u"system:authenticated"_s}};
}

HttpResponse Authorizer::review(const HttpRequest &r, const ResourceType &t, const Identity &who, const QList<ResourceType> &types) const
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
        out.insert(u"status"_s, QJsonObject{{u"userInfo"_s, QJsonObject{{u"username"_s, who.user}, {u"groups"_s, QJsonArray::fromStringList(who.groups)}}}});
        return json(out, 201);
    }
    if (t.kind == u"SelfSubjectRulesReview"_s) {
        // Everything, unless --deny rules take some away: then each served resource with the
        // verbs left in this namespace.
        const QString ns = body.value(u"spec"_s).toObject().value(u"namespace"_s).toString();
        QJsonArray rules;
        if (m_denied.isEmpty()) {
            rules.append(QJsonObject{{u"verbs"_s, QJsonArray{u"*"_s}}, {u"apiGroups"_s, QJsonArray{u"*"_s}}, {u"resources"_s, QJsonArray{u"*"_s}}});
        } else {
            for (const ResourceType &type : types) {
                QJsonArray verbs;
                for (const QString &v : type.verbs)
                    if (allowed(v, type.plural, ns))
                        verbs.append(v);
                if (!verbs.isEmpty())
                    rules.append(QJsonObject{{u"verbs"_s, verbs}, {u"apiGroups"_s, QJsonArray{type.group}}, {u"resources"_s, QJsonArray{type.plural}}});
            }
        }
        out.insert(u"status"_s, QJsonObject{{u"resourceRules"_s, rules},
                                           {u"nonResourceRules"_s, QJsonArray{QJsonObject{{u"verbs"_s, QJsonArray{u"*"_s}}, {u"nonResourceURLs"_s, QJsonArray{u"*"_s}}}}},
                                           {u"incomplete"_s, false}});
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
