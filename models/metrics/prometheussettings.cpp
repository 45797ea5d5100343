#include "prometheussettings.h"

#include "prometheusdiscovery.h"

#include "config/syntax.h"

#include <QFile>
#include <QSettings>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace dc::metrics {

namespace {

QString group(const QString &targetId)
{
    return u"metrics/"_s + targetId + u'/';
}

} // namespace

PrometheusSettings PrometheusSettings::load(const QString &targetId)
{
    QSettings s;
    PrometheusSettings p;
    const QString g = group(targetId);
    p.source = s.value(g + u"source"_s).toString() == u"service"_s ? Source::Service : Source::Url;
    // The URL alone was kept under metrics/url/<target> before.
    p.url = s.value(g + u"url"_s, s.value(u"metrics/url/"_s + targetId)).toString();
    p.service = s.value(g + u"service"_s).toString();
    const QString auth = s.value(g + u"auth"_s).toString();
    p.auth = auth == u"bearer"_s ? PrometheusEndpoint::Auth::Bearer
        : auth == u"basic"_s     ? PrometheusEndpoint::Auth::Basic
        : auth == u"kubeconfig"_s ? PrometheusEndpoint::Auth::KubeconfigUser
                                  : PrometheusEndpoint::Auth::None;
    p.user = s.value(g + u"user"_s).toString();
    p.caFile = s.value(g + u"caFile"_s).toString();
    p.insecureSkipTlsVerify = s.value(g + u"insecure"_s, false).toBool();
    p.headers = s.value(g + u"headers"_s).toString();
    p.tenancyNamespace = s.value(g + u"tenancyNamespace"_s).toString();
    return p;
}

void PrometheusSettings::save(const QString &targetId) const
{
    QSettings s;
    const QString g = group(targetId);
    s.setValue(g + u"source"_s, source == Source::Service ? u"service"_s : u"url"_s);
    s.setValue(g + u"url"_s, url);
    s.setValue(g + u"service"_s, service);
    s.setValue(g + u"auth"_s, auth == PrometheusEndpoint::Auth::Bearer ? u"bearer"_s
                                 : auth == PrometheusEndpoint::Auth::Basic ? u"basic"_s
                                 : auth == PrometheusEndpoint::Auth::KubeconfigUser ? u"kubeconfig"_s
                                                                                   : u"none"_s);
    s.setValue(g + u"user"_s, user);
    s.setValue(g + u"caFile"_s, caFile);
    s.setValue(g + u"insecure"_s, insecureSkipTlsVerify);
    s.setValue(g + u"headers"_s, headers);
    s.setValue(g + u"tenancyNamespace"_s, tenancyNamespace);
    s.remove(u"metrics/url/"_s + targetId);
}

QString PrometheusSettings::summary() const
{
    return source == Source::Service ? u"%1 through the cluster's API server"_s.arg(service) : url;
}

std::optional<PrometheusEndpoint> endpointOf(const PrometheusSettings &settings, const QString &token, const QString &password, kube::KubeClient *cluster,
                                             QString *error)
{
    PrometheusEndpoint e;
    if (settings.source == PrometheusSettings::Source::Service) {
        if (!cluster) {
            *error = u"Prometheus is set to be reached through the cluster, but no cluster is chosen: pick one in the target bar's Cluster list, or enter a URL."_s;
            return std::nullopt;
        }
        PrometheusCandidate c;
        if (!parseServiceId(settings.service, &c)) {
            *error = u"\"%1\" is not a Service: write it as [https:]NAMESPACE/NAME[:PORT], e.g. monitoring/prometheus-k8s:9090, or press Find."_s.arg(settings.service);
            return std::nullopt;
        }
        e = c.endpoint(cluster);
    } else {
        e.url = QUrl(settings.url.trimmed());
        if (!e.url.isValid() || (e.url.scheme() != u"http"_s && e.url.scheme() != u"https"_s) || e.url.host().isEmpty()) {
            *error = settings.url.trimmed().isEmpty() ? u"Enter Prometheus' http:// or https:// address, or choose a Service in the cluster."_s
                                                     : u"\"%1\" is no http:// or https:// address."_s.arg(settings.url);
            return std::nullopt;
        }
    }
    e.auth = settings.auth;
    e.cluster = cluster;
    switch (settings.auth) {
    case PrometheusEndpoint::Auth::Bearer:
        if (token.isEmpty()) {
            *error = u"Bearer token sign-in is chosen, but no token is set: enter it under Connection…."_s;
            return std::nullopt;
        }
        e.token = token;
        break;
    case PrometheusEndpoint::Auth::Basic:
        if (settings.user.isEmpty()) {
            *error = u"Basic auth is chosen, but no user is set: enter it under Connection…."_s;
            return std::nullopt;
        }
        e.user = settings.user;
        e.password = password;
        break;
    case PrometheusEndpoint::Auth::KubeconfigUser:
        if (!cluster) {
            *error = u"The kubeconfig user's token is chosen, but no cluster is chosen: pick one in the target bar's Cluster list."_s;
            return std::nullopt;
        }
        if (settings.source == PrometheusSettings::Source::Service) {
            *error = u"Through the API server the kubeconfig's credentials are used already (the API server keeps the token); choose None, or reach Prometheus at its URL."_s;
            return std::nullopt;
        }
        break;
    case PrometheusEndpoint::Auth::None:
        break;
    }
    if (!settings.caFile.isEmpty()) {
        QFile f(settings.caFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = u"The CA file %1 cannot be read: %2"_s.arg(settings.caFile, f.errorString());
            return std::nullopt;
        }
        e.caCertificates = f.readAll();
        if (QSslCertificate::fromData(e.caCertificates).isEmpty()) {
            *error = u"%1 holds no PEM certificate."_s.arg(settings.caFile);
            return std::nullopt;
        }
    }
    e.insecureSkipTlsVerify = settings.insecureSkipTlsVerify;
    int line = 0;
    for (const QString &h : settings.headers.split(u'\n')) {
        ++line;
        if (h.trimmed().isEmpty())
            continue;
        const QString name = h.section(u':', 0, 0).trimmed();
        if (!h.contains(u':')) {
            *error = u"Header line %1 (\"%2\") is not \"Name: value\"."_s.arg(line).arg(h.trimmed());
            return std::nullopt;
        }
        if (const QString bad = syntax::headerName(name); !bad.isEmpty()) {
            *error = u"Header line %1: %2"_s.arg(line).arg(bad);
            return std::nullopt;
        }
        e.headers.append({name.toUtf8(), h.section(u':', 1).trimmed().toUtf8()});
    }
    e.tenancyNamespace = settings.tenancyNamespace.trimmed();
    return e;
}

} // namespace dc::metrics
