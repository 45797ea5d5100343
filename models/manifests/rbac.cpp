// The module's ServiceAccount permissions, per auth method: what the BFF itself calls with its
// own token, nothing more.

#include "generatorcontext.h"

using namespace Qt::StringLiterals;

namespace dc::gen {

namespace {

struct Rule
{
    const char *group;
    QStringList resources;
    QStringList verbs;
};

struct Role
{
    const char *suffix;
    QList<Rule> rules;
};

Node ruleNode(const Rule &r)
{
    Node rule = Node::map();
    Node groups = Node::seq();
    groups.append(Node(r.group));
    rule.set("apiGroups", groups);
    rule.set("resources", Node(r.resources));
    rule.set("verbs", Node(r.verbs));
    return rule;
}

// What the BFF calls with its ServiceAccount under auth method internal (its static client):
// services and their endpoints to find registries, clusterrolebindings to tell cluster admins,
// SubjectAccessReviews to check each user, and namespaces for the namespace selector it shows
// outside Kubeflow.
QList<Role> internalRoles(const Context &ctx)
{
    const QStringList read{u"get"_s, u"list"_s, u"watch"_s};
    QList<Role> roles = {
        {"-services-reader", {{"", {u"services"_s}, read}, {"", {u"endpoints"_s}, {u"get"_s}}}},
        {"-retrieve-clusterrolebindings", {{"rbac.authorization.k8s.io", {u"clusterrolebindings"_s}, read}}},
        {"-create-sars", {{"authorization.k8s.io", {u"subjectaccessreviews"_s}, {u"create"_s}}}},
    };
    if (ctx.c.str(u"deploymentMode"_s) != u"kubeflow"_s)
        roles.append({"-namespaces-reader", {{"", {u"namespaces"_s}, read}}});
    return roles;
}

} // namespace

void addRbac(Context &ctx)
{
    const bool userToken = ctx.c.str(u"auth.method"_s) == u"user_token"_s;
    if (userToken) {
        ctx.note(u"rbac-user-token"_s,
                 u"RBAC: with auth method user_token the BFF makes every Kubernetes call with the user's own token (SelfSubjectAccessReviews, services, namespaces), so its ServiceAccount gets no role at all; its token stays mounted because the in-cluster client reads the API address and CA from there. The upstream ODH module grants subjectaccessreviews create, which this mode never uses."_s,
                 u"auth.method"_s);
        return;
    }
    const QList<Role> roles = internalRoles(ctx);
    QStringList granted;
    for (const Role &r : roles) {
        const QString roleName = ctx.name + QString::fromLatin1(r.suffix);
        Node role = makeObject(u"rbac.authorization.k8s.io/v1"_s, "ClusterRole", ctx.metadata(roleName, false));
        Node rules = Node::seq();
        for (const Rule &rule : r.rules) {
            rules.append(ruleNode(rule));
            granted << u"%1 %2"_s.arg(rule.resources.join(u'/'), rule.verbs.join(u'/'));
        }
        role.set("rules", rules);
        ctx.add(role).from(u"rbac.create"_s);

        Node binding = makeObject(u"rbac.authorization.k8s.io/v1"_s, "ClusterRoleBinding", ctx.metadata(roleName, false));
        Node ref = Node::map();
        ref.set("apiGroup", Node("rbac.authorization.k8s.io"));
        ref.set("kind", Node("ClusterRole"));
        ref.set("name", Node(roleName));
        binding.set("roleRef", ref);
        Node subject = Node::map();
        subject.set("kind", Node("ServiceAccount"));
        subject.set("name", ctx.s(u"serviceAccount.name"_s));
        subject.set("namespace", ctx.s(u"namespace"_s));
        Node subjects = Node::seq();
        subjects.append(subject);
        binding.set("subjects", subjects);
        ctx.add(binding).from(u"rbac.create"_s);
    }
    ctx.note(u"rbac-internal"_s,
             u"RBAC: with auth method internal the BFF acts with its ServiceAccount, which is granted what it calls: %1. Upstream grants no endpoints get (the BFF then assumes every registry is available) and nothing for the catalog source settings (configmaps, secrets) or model transfer jobs (batch jobs), so those features answer 403 with internal auth; granting them cluster-wide would let every UI user write any Secret, so they are not generated either."_s
                 .arg(granted.join(u", "_s)),
             u"rbac.create"_s);
}

} // namespace dc::gen
