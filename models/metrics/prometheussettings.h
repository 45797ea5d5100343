#pragma once

#include "prometheusclient.h"

#include <QString>

#include <optional>

namespace dc::kube {
class KubeClient;
}

namespace dc::metrics {

/**
 * How the console reaches Prometheus for one target (platform × environment × preset): at a
 * URL, or a Service through the cluster's API server; the sign-in, CA, TLS check, headers and
 * Thanos tenancy. Kept in the settings, except the token and the password: those live in the
 * keychain under tokenKey() and passwordKey().
 */
struct PrometheusSettings
{
    enum class Source { Url, Service };
    Source source = Source::Url;
    QString url;
    QString service; // "[https:]NAMESPACE/NAME[:PORT]"
    PrometheusEndpoint::Auth auth = PrometheusEndpoint::Auth::None;
    QString user;    // basic auth
    QString caFile;  // PEM
    bool insecureSkipTlsVerify = false;
    QString headers; // a "Name: value" per line
    QString tenancyNamespace;

    [[nodiscard]] static PrometheusSettings load(const QString &targetId);
    void save(const QString &targetId) const;
    [[nodiscard]] static QString tokenKey(const QString &targetId) { return QStringLiteral("prometheus/%1/token").arg(targetId); }
    [[nodiscard]] static QString passwordKey(const QString &targetId) { return QStringLiteral("prometheus/%1/password").arg(targetId); }
    /// Whether the keychain holds something these settings need.
    [[nodiscard]] bool needsToken() const { return auth == PrometheusEndpoint::Auth::Bearer; }
    [[nodiscard]] bool needsPassword() const { return auth == PrometheusEndpoint::Auth::Basic; }
    /// One line for the window: "http://…", "monitoring/prometheus-k8s:9090 through the cluster".
    [[nodiscard]] QString summary() const;
    bool operator==(const PrometheusSettings &) const = default;
};

/// The endpoint these settings describe, with the secrets from the keychain and the cluster
/// (for a Service, or the kubeconfig user's token); nullopt and what to fix in `error`.
[[nodiscard]] std::optional<PrometheusEndpoint> endpointOf(const PrometheusSettings &settings, const QString &token, const QString &password,
                                                           kube::KubeClient *cluster, QString *error);

} // namespace dc::metrics
