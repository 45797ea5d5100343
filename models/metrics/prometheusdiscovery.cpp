#include "prometheusdiscovery.h"

#include "kube/kubeclient.h"
#include "prometheusclient.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::metrics {

namespace {

struct Rule
{
    const char *selector;
    const char *kind;
};

// The labels the usual installs put on Prometheus' Service, most specific first.
constexpr Rule Rules[] = {
    {"app=kube-prometheus-stack-prometheus", "kube-prometheus-stack"},
    {"app.kubernetes.io/name=prometheus", "Prometheus"},
    {"app.kubernetes.io/name=thanos-query", "Thanos querier"},
    {"operated-prometheus=true", "Prometheus operator"},
};

// Where Prometheus usually runs, searched one by one when Services cannot be listed in all namespaces.
const QStringList UsualNamespaces{u"monitoring"_s, u"prometheus"_s, u"istio-system"_s, u"openshift-monitoring"_s, u"kube-prometheus-stack"_s, u"observability"_s};

bool openShiftMonitoring(const QString &ns)
{
    return ns == u"openshift-monitoring"_s || ns == u"openshift-user-workload-monitoring"_s;
}

} // namespace

QString PrometheusCandidate::id() const
{
    if (!routeHost.isEmpty())
        return u"route:%1/%2"_s.arg(ns, service);
    return (scheme == u"https"_s ? u"https:"_s : QString()) + ns + u'/' + service + u':' + port;
}

QString PrometheusCandidate::display() const
{
    const QString where = routeHost.isEmpty() ? id() : u"https://%1 (route %2/%3)"_s.arg(routeHost, ns, service);
    return note.isEmpty() ? u"%1 — %2"_s.arg(where, kind) : u"%1 — %2; %3"_s.arg(where, kind, note);
}

PrometheusEndpoint PrometheusCandidate::endpoint(kube::KubeClient *cluster) const
{
    PrometheusEndpoint e;
    e.cluster = cluster;
    if (!routeHost.isEmpty()) {
        e.url = QUrl(u"https://"_s + routeHost);
        e.auth = PrometheusEndpoint::Auth::KubeconfigUser;
        e.caCertificates = {}; // a route's certificate is the router's: the system's CAs
    } else {
        e.serviceProxyPath = servicePath(ns, service, port, scheme);
    }
    return e;
}

bool parseServiceId(const QString &text, PrometheusCandidate *out)
{
    static const QRegularExpression re(u"^(?:(https?):)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?::([0-9]{1,5}|[a-z0-9]([-a-z0-9]*[a-z0-9])?))?$"_s);
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    out->scheme = m.captured(1) == u"https"_s ? u"https"_s : QString();
    out->ns = m.captured(2);
    out->service = m.captured(4);
    out->port = m.captured(6).isEmpty() ? u"9090"_s : m.captured(6);
    out->kind = u"chosen by hand"_s;
    return true;
}

PrometheusDiscovery::PrometheusDiscovery(kube::KubeClient *cluster, QObject *parent)
    : QObject(parent)
    , m_cluster(cluster)
{
}

void PrometheusDiscovery::start(const QStringList &extraNamespaces)
{
    m_candidates.clear();
    m_notes.clear();
    m_forbiddenNoted = false;
    m_extra = extraNamespaces;
    m_pending = 1;
    listServices({});
    lookForRoute();
    done(); // the start's own count
}

void PrometheusDiscovery::listServices(const QString &ns)
{
    for (const Rule &rule : Rules) {
        const QString selector = QString::fromLatin1(rule.selector);
        const QString path = (ns.isEmpty() ? u"/api/v1/services"_s : u"/api/v1/namespaces/%1/services"_s.arg(ns)) + u"?labelSelector="_s
            + QString::fromLatin1(QUrl::toPercentEncoding(selector));
        kube::KubeCall *call = m_cluster->get(path);
        call->setParent(this);
        ++m_pending;
        connect(call, &kube::KubeCall::finished, this, [this, call, ns, selector] {
            call->deleteLater();
            if (call->error.ok()) {
                for (const QJsonValue &item : call->json.value(u"items"_s).toArray())
                    take(item.toObject(), selector);
            } else if (call->error.kind == kube::KubeError::Kind::Forbidden && ns.isEmpty()) {
                // No right to list Services everywhere: look where Prometheus usually is.
                QStringList namespaces = UsualNamespaces;
                for (const QString &n : std::as_const(m_extra))
                    if (!n.isEmpty() && !namespaces.contains(n))
                        namespaces << n;
                if (!m_forbiddenNoted) {
                    m_forbiddenNoted = true;
                    m_notes << u"Listing Services in all namespaces is forbidden for this user, so only %1 were searched; choose the Service by hand if Prometheus is elsewhere."_s
                                   .arg(namespaces.join(u", "_s));
                    for (const QString &n : std::as_const(namespaces))
                        listServices(n);
                }
            } else if (call->error.kind == kube::KubeError::Kind::Forbidden) {
                const QString note = u"Services in %1 cannot be listed (forbidden)."_s.arg(ns);
                if (!m_notes.contains(note))
                    m_notes << note;
            } else if (call->error.kind != kube::KubeError::Kind::NotFound) {
                const QString note = u"Services%1 could not be listed: %2"_s.arg(ns.isEmpty() ? QString() : u" in "_s + ns, call->error.message);
                if (!m_notes.contains(note))
                    m_notes << note;
            }
            done();
        });
    }
}

void PrometheusDiscovery::lookForRoute()
{
    // OpenShift: the documented way in is the thanos-querier Route, with the user's own token
    // (the API server's service proxy keeps the token to itself, and the querier asks for it).
    kube::KubeCall *call = m_cluster->get(u"/apis/route.openshift.io/v1/namespaces/openshift-monitoring/routes/thanos-querier"_s);
    call->setParent(this);
    ++m_pending;
    connect(call, &kube::KubeCall::finished, this, [this, call] {
        call->deleteLater();
        const QString host = call->json.value(u"spec"_s).toObject().value(u"host"_s).toString();
        if (call->error.ok() && !host.isEmpty()) {
            PrometheusCandidate c;
            c.kind = u"OpenShift Thanos querier route"_s;
            c.ns = u"openshift-monitoring"_s;
            c.service = u"thanos-querier"_s;
            c.routeHost = host;
            c.note = u"needs the cluster-monitoring-view role; project users query the tenancy port 9092 with a namespace"_s;
            m_candidates.prepend(c);
        } else if (call->error.kind == kube::KubeError::Kind::Forbidden) {
            m_notes << u"The thanos-querier Route in openshift-monitoring cannot be read (forbidden)."_s;
        }
        done();
    });
}

void PrometheusDiscovery::take(const QJsonObject &service, const QString &rule)
{
    const QJsonObject meta = service.value(u"metadata"_s).toObject();
    const QString ns = meta.value(u"namespace"_s).toString();
    const QString name = meta.value(u"name"_s).toString();
    for (const PrometheusCandidate &c : std::as_const(m_candidates))
        if (c.ns == ns && c.service == name && c.routeHost.isEmpty())
            return; // matched by an earlier rule
    const QJsonArray ports = service.value(u"spec"_s).toObject().value(u"ports"_s).toArray();
    if (ports.isEmpty())
        return;
    // The HTTP API's port: by its usual names, else 9090, else the first.
    static const QStringList names{u"web"_s, u"http-web"_s, u"http"_s, u"http-prometheus"_s, u"https"_s, u"https-web"_s, u"web-tls"_s};
    QJsonObject port;
    for (const QString &n : names)
        for (const QJsonValue &p : ports)
            if (port.isEmpty() && p[u"name"_s].toString() == n)
                port = p.toObject();
    for (const QJsonValue &p : ports)
        if (port.isEmpty() && p[u"port"_s].toInt() == 9090)
            port = p.toObject();
    if (port.isEmpty())
        port = ports.first().toObject();
    PrometheusCandidate c;
    c.ns = ns;
    c.service = name;
    c.port = QString::number(port.value(u"port"_s).toInt());
    const QString portName = port.value(u"name"_s).toString();
    c.scheme = portName.startsWith(u"https"_s) || portName.endsWith(u"-tls"_s) || openShiftMonitoring(ns) ? u"https"_s : QString();
    for (const Rule &r : Rules)
        if (rule == QString::fromLatin1(r.selector))
            c.kind = QString::fromLatin1(r.kind);
    if (ns == u"istio-system"_s && rule == u"app.kubernetes.io/name=prometheus"_s)
        c.kind = u"Istio's Prometheus addon"_s;
    if (openShiftMonitoring(ns))
        c.note = u"OpenShift's monitoring checks the caller's own token, which the API server's proxy does not pass on: use the thanos-querier route"_s;
    m_candidates << c;
}

void PrometheusDiscovery::done()
{
    if (--m_pending > 0)
        return;
    // The operator's governing Service points at the same pods as the install's own Service.
    QList<PrometheusCandidate> kept;
    for (const PrometheusCandidate &c : std::as_const(m_candidates)) {
        bool shadowed = false;
        if (c.kind == u"Prometheus operator"_s)
            for (const PrometheusCandidate &o : std::as_const(m_candidates))
                shadowed = shadowed || (o.ns == c.ns && o.kind != c.kind && o.routeHost.isEmpty());
        if (!shadowed)
            kept << c;
    }
    m_candidates = kept;
    Q_EMIT finished();
}

const PrometheusCandidate *PrometheusDiscovery::unambiguous() const
{
    for (const PrometheusCandidate &c : m_candidates)
        if (!c.routeHost.isEmpty())
            return &c;
    return m_candidates.size() == 1 ? &m_candidates.first() : nullptr;
}

} // namespace dc::metrics
