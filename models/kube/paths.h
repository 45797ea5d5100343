#pragma once

#include <QString>

namespace dc::kube {

/// "apps" of "apps/v1", "" of "v1".
[[nodiscard]] QString groupOf(const QString &apiVersion);
/// "/api/v1" or "/apis/apps/v1".
[[nodiscard]] QString basePath(const QString &apiVersion);
/// The resource of a kind the project knows ("deployments"), else the lower-case plural guess.
[[nodiscard]] QString pluralOf(const QString &kind);
/// Whether a kind lives in namespaces (unknown kinds: yes).
[[nodiscard]] bool namespacedKind(const QString &kind);
/// The collection of a kind ("/apis/apps/v1/namespaces/NS/deployments"; `ns` "" for all).
[[nodiscard]] QString collectionPath(const QString &apiVersion, const QString &kind, const QString &ns);
/// One object ("/apis/apps/v1/namespaces/NS/deployments/NAME").
[[nodiscard]] QString objectPath(const QString &apiVersion, const QString &kind, const QString &ns, const QString &name);

} // namespace dc::kube
