#pragma once

#include "kubeconfig.h"

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QString>

namespace dc::kube {

/// How requests to a cluster travel: directly or through a proxy, as client-go decides it.
struct ProxyRoute
{
    QNetworkProxy proxy{QNetworkProxy::NoProxy};
    QString description; // "http://127.0.0.1:3128 (proxy-url)"; "" when direct
    QString error;       // a proxy-url that cannot be used, with what to do
};

/**
 * The cluster's `proxy-url` when set (http and socks5; an https proxy is refused with a clear
 * message, Qt cannot speak TLS to a proxy); otherwise the environment as Go reads it for
 * kubectl: HTTPS_PROXY (https servers) or HTTP_PROXY (http servers), upper case first, a value
 * without a scheme meaning http, NO_PROXY excluding hosts, domains, IPs and CIDRs, and never for
 * localhost or a loopback address.
 */
[[nodiscard]] ProxyRoute proxyFor(const Cluster &cluster, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

} // namespace dc::kube
