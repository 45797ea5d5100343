#pragma once

#include "httpserver.h"
#include "resourcetypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dc::demo {

struct DeniedRule
{
    QString verb;      // "*" for any
    QString resource;  // plural, "*" for any
    QString ns;        // "" for any, "-" for requests across all namespaces only
};

/**
 * Who the client is and what it may do: one user with its groups, allowed everything except the
 * --deny rules, and whom it impersonates. Answers SelfSubjectReview (kubectl auth whoami),
 * SelfSubjectAccessReview (kubectl auth can-i, JSON and protobuf) and SelfSubjectRulesReview
 * (kubectl auth can-i --list).
 */
/// Who a request acts as.
struct Identity
{
    QString user;
    QStringList groups;
};

class Authorizer
{
public:
    Authorizer(QString user, QStringList groups, QList<DeniedRule> denied);

    [[nodiscard]] bool allowed(const QString &verb, const QString &resource, const QString &ns) const;
    [[nodiscard]] const QString &user() const { return m_user; }
    /// The identity a request acts as: the configured user, or whom its Impersonate-User and
    /// Impersonate-Group headers name when the user may impersonate them (verb impersonate on
    /// users and groups, like any other request); otherwise `refusal` is set (403).
    [[nodiscard]] Identity identity(const HttpRequest &r, HttpResponse *refusal) const;
    /// POST of a review object of type `t` (SelfSubjectReview, SelfSubjectAccessReview,
    /// SelfSubjectRulesReview over the served `types`).
    [[nodiscard]] HttpResponse review(const HttpRequest &r, const ResourceType &t, const Identity &who, const QList<ResourceType> &types) const;

private:
    QString m_user;
    QStringList m_groups;
    QList<DeniedRule> m_denied;
};

} // namespace dc::demo
