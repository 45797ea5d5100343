#include "proxy.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

QString firstSet(const QProcessEnvironment &environment, const QString &upper)
{
    const QString value = environment.value(upper);
    return value.isEmpty() ? environment.value(upper.toLower()) : value;
}

// NO_PROXY as Go's httpproxy reads it: "*", or entries of host names (with a leading "." or
// "*." or none: the name and its subdomains), IP addresses and CIDR ranges, each with an optional port.
bool excluded(const QString &noProxy, const QString &host, int port)
{
    const QHostAddress address(host);
    for (QString entry : noProxy.split(u',', Qt::SkipEmptyParts)) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == u"*"_s)
            return true;
        if (entry.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (!address.isNull() && subnet.second >= 0 && address.isInSubnet(subnet))
                return true;
            continue;
        }
        int entryPort = -1;
        const int colon = entry.lastIndexOf(u':');
        if (colon > 0 && !entry.contains(u"]"_s) && entry.count(u':') == 1) {
            entryPort = entry.mid(colon + 1).toInt();
            entry.truncate(colon);
        }
        if (entryPort > 0 && entryPort != port)
            continue;
        const QHostAddress entryAddress(entry);
        if (!entryAddress.isNull()) {
            if (entryAddress == address)
                return true;
            continue;
        }
        const QString domain = entry.startsWith(u"*."_s) ? entry.mid(2) : entry.startsWith(u'.') ? entry.mid(1) : entry;
        if (host == domain || host.endsWith(u'.' + domain))
            return true;
    }
    return false;
}

} // namespace

ProxyRoute proxyFor(const Cluster &cluster, const QProcessEnvironment &environment)
{
    ProxyRoute route;
    const QUrl server(cluster.server);
    QString spec = cluster.proxyUrl.trimmed();
    QString source = u"proxy-url"_s;
    if (spec.isEmpty()) {
        const QString host = server.host().toLower();
        const QHostAddress address(host);
        if (host == u"localhost"_s || (!address.isNull() && address.isLoopback()))
            return route;
        source = server.scheme() == u"http"_s ? u"HTTP_PROXY"_s : u"HTTPS_PROXY"_s;
        spec = firstSet(environment, source);
        if (spec.isEmpty() || excluded(firstSet(environment, u"NO_PROXY"_s), host, server.port(server.scheme() == u"http"_s ? 80 : 443)))
            return route;
        if (!spec.contains(u"://"_s))
            spec.prepend(u"http://"_s);
    }
    const QUrl url(spec);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()) {
        route.error = u"the proxy \"%1\" (%2) is no proxy address: write it as http://HOST:PORT or socks5://HOST:PORT"_s.arg(spec, source);
        return route;
    }
    if (scheme == u"https"_s) {
        route.error = u"the proxy %1 (%2) is reached over HTTPS, which this client cannot do: use the proxy's http:// or socks5:// address"_s.arg(
            url.toDisplayString(QUrl::RemoveUserInfo), source);
        return route;
    }
    const bool socks = scheme == u"socks5"_s || scheme == u"socks5h"_s;
    if (!socks && scheme != u"http"_s) {
        route.error = u"the proxy %1 (%2) has the scheme \"%3\": use http://, https:// or socks5://"_s.arg(url.toDisplayString(QUrl::RemoveUserInfo), source, scheme);
        return route;
    }
    // Go's default ports: 80 for http, 1080 for socks5.
    route.proxy = QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(), quint16(url.port(socks ? 1080 : 80)),
                                url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
    route.description = u"%1://%2:%3 (%4)"_s.arg(scheme, url.host()).arg(route.proxy.port()).arg(source);
    return route;
}

} // namespace dc::kube
