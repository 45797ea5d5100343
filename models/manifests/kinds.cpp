#include "kinds.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

const QString Access = u"Namespace & access"_s;
const QString Configuration = u"Configuration"_s;
const QString Workload = u"Workload"_s;
const QString Networking = u"Networking"_s;
const QString Security = u"Security"_s;
const QString Monitoring = u"Monitoring"_s;
const QString Integration = u"Platform integration"_s;

std::vector<KindInfo> build()
{
    const QStringList all = {u"all"_s};
    const QStringList status = {u"status"_s};
    const QStringList statusScale = {u"status"_s, u"scale"_s};
    using V = KindInfo::Verbs;
    // kind, group, versions, plural, short names, namespaced, subresources, categories, CRD, served,
    // apply order, tree group, pod template, verbs
    return {
        {u"Namespace"_s, u""_s, {u"v1"_s}, u"namespaces"_s, {u"ns"_s}, false, status, {}, false, true, 0, Access, {}, V::All},
        {u"ServiceAccount"_s, u""_s, {u"v1"_s}, u"serviceaccounts"_s, {u"sa"_s}, true, {}, {}, false, true, 1, Access, {}, V::All},
        {u"ClusterRole"_s, u"rbac.authorization.k8s.io"_s, {u"v1"_s}, u"clusterroles"_s, {}, false, {}, {}, false, true, 2, Access, {}, V::All},
        {u"ClusterRoleBinding"_s, u"rbac.authorization.k8s.io"_s, {u"v1"_s}, u"clusterrolebindings"_s, {}, false, {}, {}, false, true, 3, Access, {}, V::All},
        {u"Role"_s, u"rbac.authorization.k8s.io"_s, {u"v1"_s}, u"roles"_s, {}, true, {}, {}, false, true, 4, Access, {}, V::All},
        {u"RoleBinding"_s, u"rbac.authorization.k8s.io"_s, {u"v1"_s}, u"rolebindings"_s, {}, true, {}, {}, false, true, 5, Access, {}, V::All},
        {u"ConfigMap"_s, u""_s, {u"v1"_s}, u"configmaps"_s, {u"cm"_s}, true, {}, {}, false, true, 6, Configuration, {}, V::All},
        {u"Secret"_s, u""_s, {u"v1"_s}, u"secrets"_s, {}, true, {}, {}, false, true, 6, Configuration, {}, V::All},
        {u"Service"_s, u""_s, {u"v1"_s}, u"services"_s, {u"svc"_s}, true, status, all, false, true, 7, Networking, {}, V::All},
        {u"Deployment"_s, u"apps"_s, {u"v1"_s}, u"deployments"_s, {u"deploy"_s}, true, statusScale, all, false, true, 8, Workload, u"spec.template"_s, V::All},
        {u"StatefulSet"_s, u"apps"_s, {u"v1"_s}, u"statefulsets"_s, {u"sts"_s}, true, statusScale, all, false, false, 8, Workload, u"spec.template"_s, V::All},
        {u"DaemonSet"_s, u"apps"_s, {u"v1"_s}, u"daemonsets"_s, {u"ds"_s}, true, status, all, false, false, 8, Workload, u"spec.template"_s, V::All},
        {u"ReplicaSet"_s, u"apps"_s, {u"v1"_s}, u"replicasets"_s, {u"rs"_s}, true, statusScale, all, false, true, 8, Workload, u"spec.template"_s, V::All},
        {u"Job"_s, u"batch"_s, {u"v1"_s}, u"jobs"_s, {}, true, status, all, false, true, 8, Workload, u"spec.template"_s, V::All},
        {u"CronJob"_s, u"batch"_s, {u"v1"_s}, u"cronjobs"_s, {u"cj"_s}, true, status, all, false, true, 8, Workload, u"spec.jobTemplate.spec.template"_s, V::All},
        {u"Pod"_s, u""_s, {u"v1"_s}, u"pods"_s, {u"po"_s}, true, {u"status"_s, u"log"_s}, all, false, true, 8, Workload, u"."_s, V::All},
        {u"HorizontalPodAutoscaler"_s, u"autoscaling"_s, {u"v2"_s, u"v1"_s}, u"horizontalpodautoscalers"_s, {u"hpa"_s}, true, status, all, false, true, 9, Workload, {}, V::All},
        {u"PodDisruptionBudget"_s, u"policy"_s, {u"v1"_s}, u"poddisruptionbudgets"_s, {u"pdb"_s}, true, status, {}, false, true, 10, Workload, {}, V::All},
        {u"Ingress"_s, u"networking.k8s.io"_s, {u"v1"_s}, u"ingresses"_s, {u"ing"_s}, true, status, {}, false, true, 11, Networking, {}, V::All},
        {u"NetworkPolicy"_s, u"networking.k8s.io"_s, {u"v1"_s}, u"networkpolicies"_s, {u"netpol"_s}, true, {}, {}, false, false, 11, Security, {}, V::All},
        {u"Event"_s, u""_s, {u"v1"_s}, u"events"_s, {u"ev"_s}, true, {}, {}, false, true, 19, Integration, {}, V::All},
        {u"Node"_s, u""_s, {u"v1"_s}, u"nodes"_s, {u"no"_s}, false, status, {}, false, true, 19, Integration, {}, V::All},
        {u"Endpoints"_s, u""_s, {u"v1"_s}, u"endpoints"_s, {u"ep"_s}, true, {}, {}, false, true, 19, Networking, {}, V::All},
        {u"EndpointSlice"_s, u"discovery.k8s.io"_s, {u"v1"_s}, u"endpointslices"_s, {}, true, {}, {}, false, true, 19, Networking, {}, V::All},
        {u"CustomResourceDefinition"_s, u"apiextensions.k8s.io"_s, {u"v1"_s}, u"customresourcedefinitions"_s, {u"crd"_s, u"crds"_s}, false, status, {}, false, true, 1, Integration, {}, V::All},
        {u"SelfSubjectReview"_s, u"authentication.k8s.io"_s, {u"v1"_s}, u"selfsubjectreviews"_s, {}, false, {}, {}, false, true, 19, Integration, {}, V::CreateOnly},
        {u"SelfSubjectAccessReview"_s, u"authorization.k8s.io"_s, {u"v1"_s}, u"selfsubjectaccessreviews"_s, {}, false, {}, {}, false, true, 19, Integration, {}, V::CreateOnly},
        {u"SelfSubjectRulesReview"_s, u"authorization.k8s.io"_s, {u"v1"_s}, u"selfsubjectrulesreviews"_s, {}, false, {}, {}, false, true, 19, Integration, {}, V::CreateOnly},
        // Kinds that CRDs define on a real cluster go last: their CRDs must be served first.
        {u"Gateway"_s, u"networking.istio.io"_s, {u"v1"_s, u"v1beta1"_s}, u"gateways"_s, {u"gw"_s}, true, {}, {}, true, true, 20, Networking, {}, V::All},
        {u"VirtualService"_s, u"networking.istio.io"_s, {u"v1"_s, u"v1beta1"_s}, u"virtualservices"_s, {u"vs"_s}, true, {}, {}, true, true, 21, Networking, {}, V::All},
        {u"DestinationRule"_s, u"networking.istio.io"_s, {u"v1"_s, u"v1beta1"_s}, u"destinationrules"_s, {u"dr"_s}, true, {}, {}, true, true, 22, Networking, {}, V::All},
        {u"RequestAuthentication"_s, u"security.istio.io"_s, {u"v1"_s, u"v1beta1"_s}, u"requestauthentications"_s, {u"ra"_s}, true, {}, {}, true, true, 23, Security, {}, V::All},
        {u"AuthorizationPolicy"_s, u"security.istio.io"_s, {u"v1"_s, u"v1beta1"_s}, u"authorizationpolicies"_s, {u"ap"_s}, true, {}, {}, true, true, 24, Security, {}, V::All},
        {u"ServiceMonitor"_s, u"monitoring.coreos.com"_s, {u"v1"_s}, u"servicemonitors"_s, {u"smon"_s}, true, {}, {}, true, true, 25, Monitoring, {}, V::All},
        {u"Route"_s, u"route.openshift.io"_s, {u"v1"_s}, u"routes"_s, {}, true, status, {}, true, true, 21, Networking, {}, V::All},
        {u"DataScienceCluster"_s, u"datasciencecluster.opendatahub.io"_s, {u"v1"_s}, u"datascienceclusters"_s, {u"dsc"_s}, false, status, {}, true, true, 26, Integration, {}, V::All},
        {u"ModelRegistry"_s, u"modelregistry.opendatahub.io"_s, {u"v1beta1"_s}, u"modelregistries"_s, {u"mr"_s}, true, status, {}, true, true, 27, Integration, {}, V::All},
        {u"OdhDashboardConfig"_s, u"opendatahub.io"_s, {u"v1alpha"_s}, u"odhdashboardconfigs"_s, {}, true, {}, {}, true, true, 26, Integration, {}, V::All},
        {u"Pipeline"_s, u"tekton.dev"_s, {u"v1"_s}, u"pipelines"_s, {}, true, {}, {}, true, true, 26, Integration, {}, V::All},
        {u"PipelineRun"_s, u"tekton.dev"_s, {u"v1"_s}, u"pipelineruns"_s, {u"pr"_s}, true, status, {}, true, true, 27, Integration, {}, V::All},
    };
}

} // namespace

QStringList KindInfo::verbList() const
{
    if (verbs == Verbs::CreateOnly)
        return {u"create"_s};
    return {u"create"_s, u"delete"_s, u"get"_s, u"list"_s, u"patch"_s, u"update"_s, u"watch"_s};
}

const std::vector<KindInfo> &kinds()
{
    static const std::vector<KindInfo> registry = [] {
        std::vector<KindInfo> k = build();
        for (KindInfo &info : k) {
            if (info.kind == u"Namespace"_s)
                info.nameRule = KindInfo::NameRule::Label;
            else if (info.kind == u"Service"_s)
                info.nameRule = KindInfo::NameRule::Dns1035Label;
            else if (info.group == u"rbac.authorization.k8s.io"_s)
                info.nameRule = KindInfo::NameRule::PathSegment;
        }
        return k;
    }();
    return registry;
}

QString checkObjectName(QStringView kind, const QString &name)
{
    static const QRegularExpression label(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"_s);
    static const QRegularExpression subdomain(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    static const QRegularExpression dns1035(u"^[a-z]([-a-z0-9]*[a-z0-9])?$"_s);
    const KindInfo *info = findKind(kind);
    switch (info ? info->nameRule : KindInfo::NameRule::Subdomain) {
    case KindInfo::NameRule::Subdomain:
        if (name.size() > 253)
            return u"must be no more than 253 characters"_s;
        if (!subdomain.match(name).hasMatch())
            return u"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"_s;
        return {};
    case KindInfo::NameRule::Label:
        if (name.size() > 63)
            return u"must be no more than 63 characters"_s;
        if (!label.match(name).hasMatch())
            return u"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"_s;
        return {};
    case KindInfo::NameRule::Dns1035Label:
        if (name.size() > 63)
            return u"must be no more than 63 characters"_s;
        if (!dns1035.match(name).hasMatch())
            return u"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"_s;
        return {};
    case KindInfo::NameRule::PathSegment:
        if (name == u"."_s || name == u".."_s)
            return u"may not be '%1'"_s.arg(name);
        for (const char16_t *bad : {u"/", u"%"})
            if (name.contains(QStringView(bad)))
                return u"may not contain '%1'"_s.arg(QStringView(bad));
        return {};
    }
    return {};
}

const KindInfo *findKind(QStringView kind)
{
    for (const KindInfo &k : kinds())
        if (k.kind == kind)
            return &k;
    return nullptr;
}

int applyOrder(QStringView kind)
{
    const KindInfo *k = findKind(kind);
    return k ? k->applyOrder : 19;
}

QString treeGroup(QStringView kind)
{
    const KindInfo *k = findKind(kind);
    return k ? k->treeGroup : Integration;
}

QStringList treeGroups()
{
    return {Access, Configuration, Workload, Networking, Security, Monitoring, Integration};
}

} // namespace dc
