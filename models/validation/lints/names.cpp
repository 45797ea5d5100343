// Names the API server and Istio check when an object is applied: label and annotation keys
// and values, Ingress hosts, VirtualService and Gateway hosts, HTTP header names. The rules are
// the ones the form checks typed text with (config/syntax.h).
#include "lintcontext.h"

#include "config/syntax.h"

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

const LintInfo LabelSyntax{u"label-syntax"_s, Severity::Error, u"Label or annotation key or value the API server refuses"_s,
    u"Keys are [DNS prefix/]name, the name at most 63 letters, digits, '-', '_' and '.'; label values the same or empty."_s};
const LintInfo IngressHostSyntax{u"ingress-host-syntax"_s, Severity::Error, u"Ingress host that is not a DNS name"_s,
    u"Write a lower-case DNS name (a leading \"*.\" is allowed), no IP address, port or scheme."_s};
const LintInfo IstioHostSyntax{u"istio-host-syntax"_s, Severity::Error, u"VirtualService or Gateway host Istio refuses"_s,
    u"Write a DNS name, \"*\" or \"*.domain\" (Gateway hosts may carry a namespace/ prefix); no scheme, port or path."_s};
const LintInfo HeaderNameSyntax{u"header-name-syntax"_s, Severity::Error, u"HTTP header name that is not a token"_s,
    u"Header names are letters, digits and !#$%&'*+.^_`|~- without spaces or ':'."_s};

void checkMetadata(Context &ctx, const ManifestDoc &d, const QString &at)
{
    for (const char *which : {"labels", "annotations"}) {
        const QString path = at + u'.' + QLatin1String(which);
        const Node *map = d.root.at(path);
        if (!map || !map->isMap())
            continue;
        for (const Node &entry : map->items()) {
            QString error = syntax::qualifiedName(entry.key());
            if (error.isEmpty() && which[0] == 'l')
                error = syntax::labelValue(entry.scalarText());
            if (!error.isEmpty())
                ctx.report(LabelSyntax, d, path + u'.' + entry.key(), error);
        }
    }
}

void checkHeaders(Context &ctx, const ManifestDoc &d, const Node &headers, const QString &path)
{
    for (const char *direction : {"request", "response"}) {
        const Node *ops = headers.get(QString::fromLatin1(direction));
        if (!ops)
            continue;
        for (const char *op : {"set", "add"})
            if (const Node *map = ops->get(QString::fromLatin1(op)); map && map->isMap())
                for (const Node &entry : map->items())
                    if (const QString error = syntax::headerName(entry.key()); !error.isEmpty())
                        ctx.report(HeaderNameSyntax, d, u"%1.%2.%3.%4"_s.arg(path, QLatin1String(direction), QLatin1String(op), entry.key()), error);
        if (const Node *remove = ops->get(u"remove"); remove && remove->isSeq()) {
            int i = 0;
            for (const Node &name : remove->items()) {
                if (const QString error = syntax::headerName(name.scalarText()); !error.isEmpty())
                    ctx.report(HeaderNameSyntax, d, u"%1.%2.remove[%3]"_s.arg(path, QLatin1String(direction)).arg(i), error);
                ++i;
            }
        }
    }
}

void run(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        checkMetadata(ctx, d, u"metadata"_s);
        if (d.root.at(u"spec.template.metadata"_s))
            checkMetadata(ctx, d, u"spec.template.metadata"_s);
        const QString kind = d.root.str(u"kind");
        const bool istio = d.root.str(u"apiVersion").startsWith(u"networking.istio.io/"_s);
        if (kind == u"Ingress"_s) {
            if (const Node *rules = d.root.at(u"spec.rules"); rules && rules->isSeq()) {
                int i = 0;
                for (const Node &r : rules->items()) {
                    const QString host = r.str(u"host");
                    if (!host.isEmpty())
                        if (const QString error = syntax::ingressHost(host); !error.isEmpty())
                            ctx.report(IngressHostSyntax, d, u"spec.rules[%1].host"_s.arg(i), error);
                    ++i;
                }
            }
            if (const Node *tls = d.root.at(u"spec.tls"); tls && tls->isSeq()) {
                int i = 0;
                for (const Node &t : tls->items()) {
                    int j = 0;
                    if (const Node *hosts = t.get(u"hosts"); hosts && hosts->isSeq())
                        for (const Node &h : hosts->items()) {
                            if (const QString error = syntax::ingressHost(h.scalarText()); !error.isEmpty())
                                ctx.report(IngressHostSyntax, d, u"spec.tls[%1].hosts[%2]"_s.arg(i).arg(j), error);
                            ++j;
                        }
                    ++i;
                }
            }
        } else if (istio && kind == u"VirtualService"_s) {
            if (const Node *hosts = d.root.at(u"spec.hosts"); hosts && hosts->isSeq()) {
                int i = 0;
                for (const Node &h : hosts->items()) {
                    if (const QString error = syntax::istioHost(h.scalarText()); !error.isEmpty())
                        ctx.report(IstioHostSyntax, d, u"spec.hosts[%1]"_s.arg(i), error);
                    ++i;
                }
            }
            if (const Node *http = d.root.at(u"spec.http"); http && http->isSeq()) {
                int i = 0;
                for (const Node &h : http->items()) {
                    if (const Node *headers = h.get(u"headers"))
                        checkHeaders(ctx, d, *headers, u"spec.http[%1].headers"_s.arg(i));
                    if (const Node *routes = h.get(u"route"); routes && routes->isSeq()) {
                        int j = 0;
                        for (const Node &r : routes->items()) {
                            if (const Node *headers = r.get(u"headers"))
                                checkHeaders(ctx, d, *headers, u"spec.http[%1].route[%2].headers"_s.arg(i).arg(j));
                            ++j;
                        }
                    }
                    ++i;
                }
            }
        } else if (istio && kind == u"Gateway"_s) {
            if (const Node *servers = d.root.at(u"spec.servers"); servers && servers->isSeq()) {
                int i = 0;
                for (const Node &s : servers->items()) {
                    int j = 0;
                    if (const Node *hosts = s.get(u"hosts"); hosts && hosts->isSeq())
                        for (const Node &h : hosts->items()) {
                            if (const QString error = syntax::gatewayHost(h.scalarText()); !error.isEmpty())
                                ctx.report(IstioHostSyntax, d, u"spec.servers[%1].hosts[%2]"_s.arg(i).arg(j), error);
                            ++j;
                        }
                    ++i;
                }
            }
        }
    }
}

} // namespace

const Area &namesArea()
{
    static const Area area{"names", {&LabelSyntax, &IngressHostSyntax, &IstioHostSyntax, &HeaderNameSyntax}, &run};
    return area;
}

} // namespace dc::lint
