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
    QString ns;        // "" for any
};

/**
 * Who the client is and what it may do: one user with its groups, allowed everything except the
 * --deny rules. Answers SelfSubjectReview (kubectl auth whoami) and SelfSubjectAccessReview
 * (kubectl auth can-i) in JSON and protobuf.
 */
class Authorizer
{
public:
    Authorizer(QString user, QStringList groups, QList<DeniedRule> denied);

    [[nodiscard]] bool allowed(const QString &verb, const QString &resource, const QString &ns) const;
    [[nodiscard]] const QString &user() const { return m_user; }
    /// POST of a review object of type `t`.
    [[nodiscard]] HttpResponse review(const HttpRequest &r, const ResourceType &t) const;

private:
    QString m_user;
    QStringList m_groups;
    QList<DeniedRule> m_denied;
};

} // namespace dc::demo
