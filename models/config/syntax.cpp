#include "syntax.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::syntax {

namespace {

const QRegularExpression &dnsLabel()
{
    static const QRegularExpression re(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"_s);
    return re;
}

} // namespace

QString dnsSubdomain(const QString &name)
{
    if (name.isEmpty())
        return u"a host name cannot be empty"_s;
    if (name.size() > 253)
        return u"\"%1\" is longer than 253 characters"_s.arg(name.left(40) + u'…');
    for (const QString &label : name.split(u'.')) {
        if (label.size() > 63)
            return u"\"%1\" has a part longer than 63 characters"_s.arg(name);
        if (!dnsLabel().match(label).hasMatch())
            return u"\"%1\" is not a DNS name: lower-case letters, digits and '-' between dots, each part starting and ending with a letter or digit (e.g. models.example.com)"_s
                .arg(name);
    }
    return {};
}

QString ingressHost(const QString &host)
{
    if (!QHostAddress(host).isNull())
        return u"\"%1\" is an IP address: an Ingress host must be a DNS name (leave the host out to match any address)"_s.arg(host);
    if (host.contains(u':'))
        return u"\"%1\" has a port or a scheme: an Ingress host is a bare DNS name such as models.example.com"_s.arg(host);
    const QString rest = host.startsWith(u"*."_s) ? host.mid(2) : host;
    if (rest.contains(u'*'))
        return u"\"%1\" has a '*' that is not the whole first part: only a leading \"*.\" is allowed (e.g. *.example.com)"_s.arg(host);
    return dnsSubdomain(rest);
}

QString istioHost(const QString &host)
{
    if (host == u"*"_s || !QHostAddress(host).isNull())
        return {};
    if (host.contains(u"://"_s) || host.contains(u'/') || host.contains(u':'))
        return u"\"%1\" has a scheme, port or path: a host is a name such as models.example.com, a short service name, or *"_s.arg(host);
    const QString rest = host.startsWith(u"*."_s) ? host.mid(2) : host;
    if (rest.contains(u'*'))
        return u"\"%1\": a wildcard is only allowed as the whole first part (\"*.example.com\") or alone (\"*\")"_s.arg(host);
    return dnsSubdomain(rest);
}

QString gatewayHost(const QString &host)
{
    QString name = host;
    if (const qsizetype slash = host.indexOf(u'/'); slash >= 0) {
        const QString ns = host.left(slash);
        name = host.mid(slash + 1);
        if (ns != u"*"_s && ns != u"."_s && (ns.size() > 63 || !dnsLabel().match(ns).hasMatch()))
            return u"\"%1\": before the '/' comes a namespace, \".\" or \"*\""_s.arg(host);
    }
    if (name == u"*"_s)
        return {};
    if (!QHostAddress(name).isNull())
        return u"\"%1\" is an IP address: a Gateway's hosts are DNS names"_s.arg(host);
    return istioHost(name);
}

QString origin(const QString &origin)
{
    if (origin == u"*"_s)
        return {};
    const QUrl url(origin, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
        return u"\"%1\" is not an origin: write scheme://host[:port], e.g. https://dashboard.example.com, or *"_s.arg(origin);
    if (!url.path().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return u"\"%1\" has more than an origin: leave out the path, query and credentials (https://dashboard.example.com)"_s.arg(origin);
    if (!QHostAddress(url.host()).isNull() || url.host() == u"localhost"_s)
        return {};
    return dnsSubdomain(url.host());
}

QString headerName(const QString &name)
{
    static const QRegularExpression token(u"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"_s);
    if (!token.match(name).hasMatch())
        return u"\"%1\" is not an HTTP header name: letters, digits and !#$%&'*+.^_`|~- only, no spaces or ':' (e.g. X-Forwarded-Prefix)"_s.arg(name);
    return {};
}

QString qualifiedName(const QString &key)
{
    static const QRegularExpression name(u"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"_s);
    QString local = key;
    if (const qsizetype slash = key.indexOf(u'/'); slash >= 0) {
        if (const QString error = dnsSubdomain(key.left(slash)); !error.isEmpty())
            return u"\"%1\": the prefix before '/' must be a DNS name (e.g. app.kubernetes.io)"_s.arg(key);
        local = key.mid(slash + 1);
    }
    if (local.isEmpty() || local.size() > 63 || !name.match(local).hasMatch())
        return u"\"%1\" is not a valid key: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional DNS prefix and '/'"_s
            .arg(key);
    return {};
}

QString labelValue(const QString &value)
{
    static const QRegularExpression re(u"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$"_s);
    if (value.size() > 63 || !re.match(value).hasMatch())
        return u"\"%1\" is not a valid label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty)"_s.arg(value);
    return {};
}

} // namespace dc::syntax
