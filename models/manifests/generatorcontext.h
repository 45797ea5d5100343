#pragma once

// Shared helpers of the generator's per-platform files; not part of the public API.

#include "bundle.h"
#include "config/resolvedconfig.h"

namespace dc::gen {

class Context
{
public:
    explicit Context(const ResolvedConfig &config);

    const ResolvedConfig &c;
    Bundle bundle;
    QString name;
    QString ns;

    [[nodiscard]] bool on(Platform p) const { return c.target.platform == p; }
    [[nodiscard]] bool split() const { return c.target.preset == Preset::Split; }
    [[nodiscard]] bool in(Environment e) const { return c.target.environment == e; }

    // Config values as nodes that remember their config path.
    [[nodiscard]] Node s(const QString &path) const { return Node(c.str(path)).withSource(path); }
    [[nodiscard]] Node i(const QString &path) const { return Node(c.integer(path)).withSource(path); }
    [[nodiscard]] Node b(const QString &path) const { return Node(c.flag(path)).withSource(path); }
    [[nodiscard]] Node list(const QString &path) const { return Node(c.list(path)).withSource(path); }

    /// metadata with name, namespace (unless cluster-scoped), the standard labels and the
    /// project's extra labels and annotations.
    [[nodiscard]] Node metadata(const QString &objectName, bool namespaced = true, const QString &component = QString()) const;
    /// The Deployment's selector: one stable label, never a version.
    [[nodiscard]] Node selector() const;
    /// Labels of the pod template: selector + standard + extra labels.
    [[nodiscard]] Node podLabels() const;
    [[nodiscard]] QString serviceHost(const QString &service) const;
    [[nodiscard]] Node imageRef(const QString &prefix) const; // prefix "image" or "frontend.image"
    [[nodiscard]] QString istioNetworking() const;
    [[nodiscard]] QString istioSecurity() const;
    [[nodiscard]] QString modulePortName() const;
    [[nodiscard]] QString frontendPortName() const;
    /// image.pullPolicy, or Always for a floating tag without a digest (unless Never).
    [[nodiscard]] Node pullPolicy(const QString &imagePrefix) const;
    [[nodiscard]] QString bffServiceName() const { return name + QStringLiteral("-bff"); }
    [[nodiscard]] bool proxyEnabled() const;

    Node &add(Node doc);
    void note(const QString &id, const QString &message, const QString &configPath = QString());
    void action(MergeAction a);
};

/// apiVersion, kind and metadata: the start of every object.
Node makeObject(const QString &apiVersion, const char *kind, Node metadata);
/// {matchLabels: <selector>}, as Deployments, PDBs and Istio policies select the pods.
Node matchLabels(const Context &ctx);
/// [{name: N, value: V}, ...] as Tekton params.
Node nameValueList(const QList<std::pair<QString, QString>> &pairs);

/// A Service selecting the module's pods with one port. `component` "" is the module's main
/// Service (on ODH it gets the serving certificate).
Node makeService(Context &ctx, const QString &serviceName, const QString &portName, const Node &portNumber,
                 const Node &targetPort, const QString &component = QString());

bool metricsOn(const Context &ctx);
/// Kubeflow with sidecars: Prometheus scrapes Istio's merged metrics endpoint.
bool metricsMerged(const Context &ctx);
void addMetricsAnnotations(const Context &ctx, Node &podAnnotations);

void addCommon(Context &ctx);
void addRbac(Context &ctx);
void addMonitoring(Context &ctx);
void addKubeflow(Context &ctx);
void addOdh(Context &ctx);
void addStandalone(Context &ctx);

} // namespace dc::gen
