#pragma once

#include <QString>

namespace dc {

/// An image reference as a container runtime reads it: [registry/]path[:tag][@digest].
struct ImageRef
{
    QString repository;
    QString tag;    // empty: none given (the runtime pulls latest)
    QString digest; // "sha256:..." or empty

    /// Splits `image`; a ':' in the registry part (host:port) is not a tag.
    static ImageRef parse(const QString &image);
    /// Pinned to content (a digest) or to a release-like tag.
    [[nodiscard]] bool floating() const;
};

/// A tag that moves to new content: latest, main, master, odh-stable, nightly, ... (names
/// registries move by convention), or no tag at all. A version-like tag (v0.3.8, 1.25-alpine,
/// 9.6) is not floating.
bool isFloatingTag(const QString &tag);

} // namespace dc
