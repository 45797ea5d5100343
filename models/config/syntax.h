#pragma once

#include <QString>

namespace dc {

/// The syntax rules the API server and Istio apply to names the form and the manifests hold.
/// Each returns "" when the text is valid, else a message saying what is wrong and what to
/// write instead. The form checks typed text with them and `deployctl validate`'s lints check
/// generated and hand-written objects with the same functions.
namespace syntax {

/// A DNS subdomain (RFC 1123): lower-case labels of letters, digits and '-', dots between,
/// at most 253 characters.
[[nodiscard]] QString dnsSubdomain(const QString &name);
/// An Ingress rule's host: a DNS subdomain, optionally with a "*." wildcard as its first label;
/// no IP address, no port.
[[nodiscard]] QString ingressHost(const QString &host);
/// A VirtualService host: "*", a short or fully qualified name, a "*."-prefixed wildcard name, or
/// an IP address; no scheme, port or path.
[[nodiscard]] QString istioHost(const QString &host);
/// A Gateway server host: [namespace/]host where host is "*", "*.domain" or a DNS name, and the
/// namespace "*", "." or a namespace name.
[[nodiscard]] QString gatewayHost(const QString &host);
/// A CORS origin: "*" or scheme://host[:port] with scheme http or https, nothing after.
[[nodiscard]] QString origin(const QString &origin);
/// An HTTP header name (RFC 9110 token).
[[nodiscard]] QString headerName(const QString &name);
/// A label or annotation key: [prefix/]name, the prefix a DNS subdomain, the name at most 63
/// characters of letters, digits, '-', '_' and '.', starting and ending alphanumeric.
[[nodiscard]] QString qualifiedName(const QString &key);
/// A label value: empty, or at most 63 such characters.
[[nodiscard]] QString labelValue(const QString &value);

} // namespace syntax
} // namespace dc
