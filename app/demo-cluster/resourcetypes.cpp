#include "resourcetypes.h"

using namespace Qt::StringLiterals;

namespace dc::demo {

QList<ResourceType> allResourceTypes()
{
    const QStringList all = {u"all"_s};
    QList<ResourceType> t = {
        {u""_s, u"v1"_s, u"Namespace"_s, u"namespaces"_s, false, {u"ns"_s}, {}, {u"status"_s}, false},
        {u""_s, u"v1"_s, u"ServiceAccount"_s, u"serviceaccounts"_s, true, {u"sa"_s}, {}, {}, false},
        {u""_s, u"v1"_s, u"ConfigMap"_s, u"configmaps"_s, true, {u"cm"_s}, {}, {}, false},
        {u""_s, u"v1"_s, u"Secret"_s, u"secrets"_s, true, {}, {}, {}, false},
        {u""_s, u"v1"_s, u"Service"_s, u"services"_s, true, {u"svc"_s}, all, {u"status"_s}, false},
        {u""_s, u"v1"_s, u"Pod"_s, u"pods"_s, true, {u"po"_s}, all, {u"status"_s, u"log"_s}, false},
        {u""_s, u"v1"_s, u"Event"_s, u"events"_s, true, {u"ev"_s}, {}, {}, false},
        {u"apps"_s, u"v1"_s, u"Deployment"_s, u"deployments"_s, true, {u"deploy"_s}, all, {u"status"_s, u"scale"_s}, false},
        {u"apps"_s, u"v1"_s, u"ReplicaSet"_s, u"replicasets"_s, true, {u"rs"_s}, all, {u"status"_s, u"scale"_s}, false},
        {u"rbac.authorization.k8s.io"_s, u"v1"_s, u"ClusterRole"_s, u"clusterroles"_s, false, {}, {}, {}, false},
        {u"rbac.authorization.k8s.io"_s, u"v1"_s, u"ClusterRoleBinding"_s, u"clusterrolebindings"_s, false, {}, {}, {}, false},
        {u"rbac.authorization.k8s.io"_s, u"v1"_s, u"Role"_s, u"roles"_s, true, {}, {}, {}, false},
        {u"rbac.authorization.k8s.io"_s, u"v1"_s, u"RoleBinding"_s, u"rolebindings"_s, true, {}, {}, {}, false},
        {u"policy"_s, u"v1"_s, u"PodDisruptionBudget"_s, u"poddisruptionbudgets"_s, true, {u"pdb"_s}, {}, {u"status"_s}, false},
        {u"autoscaling"_s, u"v2"_s, u"HorizontalPodAutoscaler"_s, u"horizontalpodautoscalers"_s, true, {u"hpa"_s}, all, {u"status"_s}, false},
        {u"networking.k8s.io"_s, u"v1"_s, u"Ingress"_s, u"ingresses"_s, true, {u"ing"_s}, {}, {u"status"_s}, false},
        {u"apiextensions.k8s.io"_s, u"v1"_s, u"CustomResourceDefinition"_s, u"customresourcedefinitions"_s, false, {u"crd"_s, u"crds"_s}, {}, {u"status"_s}, false},
        {u"authentication.k8s.io"_s, u"v1"_s, u"SelfSubjectReview"_s, u"selfsubjectreviews"_s, false, {}, {}, {}, false},
        {u"authorization.k8s.io"_s, u"v1"_s, u"SelfSubjectAccessReview"_s, u"selfsubjectaccessreviews"_s, false, {}, {}, {}, false},
    };
    // Kinds that come from CRDs on a real cluster; both served Istio versions.
    for (const QString &v : {u"v1"_s, u"v1beta1"_s}) {
        t.append({u"networking.istio.io"_s, v, u"Gateway"_s, u"gateways"_s, true, {u"gw"_s}, {}, {}, true});
        t.append({u"networking.istio.io"_s, v, u"VirtualService"_s, u"virtualservices"_s, true, {u"vs"_s}, {}, {}, true});
        t.append({u"networking.istio.io"_s, v, u"DestinationRule"_s, u"destinationrules"_s, true, {u"dr"_s}, {}, {}, true});
        t.append({u"security.istio.io"_s, v, u"AuthorizationPolicy"_s, u"authorizationpolicies"_s, true, {u"ap"_s}, {}, {}, true});
        t.append({u"security.istio.io"_s, v, u"RequestAuthentication"_s, u"requestauthentications"_s, true, {u"ra"_s}, {}, {}, true});
    }
    t.append({u"monitoring.coreos.com"_s, u"v1"_s, u"ServiceMonitor"_s, u"servicemonitors"_s, true, {u"smon"_s}, {}, {}, true});
    t.append({u"modelregistry.opendatahub.io"_s, u"v1beta1"_s, u"ModelRegistry"_s, u"modelregistries"_s, true, {u"mr"_s}, {}, {u"status"_s}, true});
    t.append({u"opendatahub.io"_s, u"v1alpha"_s, u"OdhDashboardConfig"_s, u"odhdashboardconfigs"_s, true, {}, {}, {}, true});
    t.append({u"datasciencecluster.opendatahub.io"_s, u"v1"_s, u"DataScienceCluster"_s, u"datascienceclusters"_s, false, {u"dsc"_s}, {}, {u"status"_s}, true});
    t.append({u"tekton.dev"_s, u"v1"_s, u"Pipeline"_s, u"pipelines"_s, true, {}, {}, {}, true});
    t.append({u"tekton.dev"_s, u"v1"_s, u"PipelineRun"_s, u"pipelineruns"_s, true, {u"pr"_s}, {}, {u"status"_s}, true});
    t.append({u"route.openshift.io"_s, u"v1"_s, u"Route"_s, u"routes"_s, true, {}, {}, {u"status"_s}, true});
    return t;
}

} // namespace dc::demo
