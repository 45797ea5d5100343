#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace dc::kube {
class KubeClient;
}

namespace dc::metrics {

struct PrometheusEndpoint;

/// A Prometheus (or Thanos querier) found in a cluster.
struct PrometheusCandidate
{
    QString kind;      // "kube-prometheus-stack", "Prometheus operator", "Istio", "Prometheus", "Thanos querier", "OpenShift Thanos querier route"
    QString ns;
    QString service;   // the Service; the Route's name for a route
    QString port;      // the Service port's number as text (the proxy path names it)
    QString scheme;    // "" (http) or "https"
    QString routeHost; // an OpenShift Route: reached directly, with the user's token
    QString note;      // what to know about it ("needs the tenancy port", ...)

    /// "[https:]NS/NAME:PORT" — what `deployctl metrics --prometheus-service` takes.
    [[nodiscard]] QString id() const;
    /// For lists: "monitoring/prometheus-k8s:9090 — kube-prometheus-stack".
    [[nodiscard]] QString display() const;
    /// How to reach it with `cluster`: the service proxy, or the route's URL with the user's token.
    [[nodiscard]] PrometheusEndpoint endpoint(kube::KubeClient *cluster) const;
};

/// Reads "[https:]NS/NAME:PORT" (or NS/NAME, port 9090); false when it is not one.
bool parseServiceId(const QString &text, PrometheusCandidate *out);

/**
 * Finds Prometheus in a cluster by the labels the usual installs give its Service:
 * kube-prometheus-stack (app=kube-prometheus-stack-prometheus), the Prometheus operator's
 * governing Service (operated-prometheus=true; left out when the same namespace has another),
 * app.kubernetes.io/name=prometheus (kube-prometheus, the prometheus chart, Istio's addon in
 * istio-system), app.kubernetes.io/name=thanos-query (OpenShift's thanos-querier), and on
 * OpenShift the thanos-querier Route in openshift-monitoring. Services are listed across
 * namespaces; when that is forbidden, in the usual namespaces one by one, and `notes` say so.
 */
class PrometheusDiscovery : public QObject
{
    Q_OBJECT
public:
    explicit PrometheusDiscovery(kube::KubeClient *cluster, QObject *parent = nullptr);

    /// Starts; `finished` once. `extraNamespaces` are also searched when listing all is forbidden.
    void start(const QStringList &extraNamespaces = {});
    [[nodiscard]] const QList<PrometheusCandidate> &candidates() const { return m_candidates; }
    /// What could not be searched and why ("" entries never).
    [[nodiscard]] const QStringList &notes() const { return m_notes; }
    /// The candidate to use without asking: the only one, or the OpenShift route when there is one.
    [[nodiscard]] const PrometheusCandidate *unambiguous() const;

Q_SIGNALS:
    void finished();

private:
    void listServices(const QString &ns);
    void lookForRoute();
    void take(const QJsonObject &service, const QString &rule);
    void done();

    kube::KubeClient *m_cluster;
    QList<PrometheusCandidate> m_candidates;
    QStringList m_notes;
    QStringList m_extra;
    int m_pending = 0;
    bool m_forbiddenNoted = false;
};

} // namespace dc::metrics
