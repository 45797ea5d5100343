#include "target.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace dc {

QString toId(Platform p)
{
    switch (p) {
    case Platform::Kubeflow: return u"kubeflow"_s;
    case Platform::Odh: return u"odh"_s;
    case Platform::Standalone: return u"standalone"_s;
    }
    return {};
}

QString toId(Environment e)
{
    switch (e) {
    case Environment::Development: return u"development"_s;
    case Environment::Staging: return u"staging"_s;
    case Environment::Production: return u"production"_s;
    }
    return {};
}

QString toId(Preset p)
{
    return p == Preset::ModelRegistryUi ? u"model-registry-ui"_s : u"split"_s;
}

QString displayName(Platform p)
{
    switch (p) {
    case Platform::Kubeflow: return u"Kubeflow"_s;
    case Platform::Odh: return u"ODH / RHOAI"_s;
    case Platform::Standalone: return u"Standalone"_s;
    }
    return {};
}

QString displayName(Environment e)
{
    switch (e) {
    case Environment::Development: return u"Development"_s;
    case Environment::Staging: return u"Staging"_s;
    case Environment::Production: return u"Production"_s;
    }
    return {};
}

QString displayName(Preset p)
{
    return p == Preset::ModelRegistryUi ? u"Model Registry UI"_s : u"Split frontend + BFF"_s;
}

QString description(Platform p)
{
    switch (p) {
    case Platform::Kubeflow:
        return u"Kubeflow: behind the shared Istio kubeflow-gateway, linked from the central dashboard menu"_s;
    case Platform::Odh:
        return u"Open Data Hub / Red Hat OpenShift AI: loaded into the ODH dashboard through module federation (HTTPS 8043)"_s;
    case Platform::Standalone:
        return u"Plain Kubernetes: a Service and an optional Ingress, no service mesh or dashboard"_s;
    }
    return {};
}

QString description(Environment e)
{
    switch (e) {
    case Environment::Development: return u"1 replica, small requests, debug logging and mock data"_s;
    case Environment::Staging: return u"2 replicas, production-like settings with developer tools"_s;
    case Environment::Production: return u"3 replicas, PodDisruptionBudget, monitoring where the module exposes metrics"_s;
    }
    return {};
}

QString description(Preset p)
{
    return p == Preset::ModelRegistryUi
        ? u"The upstream Model Registry UI: one container, the Go BFF serving the React frontend"_s
        : u"A module shipped as two images: a frontend container and a BFF container in one pod, each with a Service"_s;
}

std::optional<Platform> platformFromId(QStringView id)
{
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        if (toId(p) == id)
            return p;
    if (id == u"rhoai"_s)
        return Platform::Odh;
    return std::nullopt;
}

std::optional<Environment> environmentFromId(QStringView id)
{
    for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
        if (toId(e) == id)
            return e;
    return std::nullopt;
}

std::optional<Preset> presetFromId(QStringView id)
{
    for (Preset p : {Preset::ModelRegistryUi, Preset::Split})
        if (toId(p) == id)
            return p;
    return std::nullopt;
}

QStringList platformIds() { return {u"kubeflow"_s, u"odh"_s, u"standalone"_s}; }
QStringList environmentIds() { return {u"development"_s, u"staging"_s, u"production"_s}; }
QStringList presetIds() { return {u"model-registry-ui"_s, u"split"_s}; }

QString Target::id() const
{
    return toId(platform) + u'-' + toId(environment) + u'-' + toId(preset);
}

QDebug operator<<(QDebug dbg, const Target &t)
{
    QDebugStateSaver saver(dbg);
    dbg.nospace() << "Target(" << t.id() << ")";
    return dbg;
}

} // namespace dc
