#pragma once

#include "bundle.h"

#include <QList>
#include <QString>
#include <vector>

namespace dc {

/// What one line of a bundle's YAML shows (index 0 = line 1).
struct BundleLine
{
    int document = -1;  // index into Bundle::documents; -1 for the header and separators
    QString fieldPath;  // path inside the document ("spec.replicas")
    QString source;     // config path that produced it ("" if none)
};

/// A bundle's multi-document YAML (exactly Bundle::yaml(true)) with its source map.
struct BundleText
{
    QString text;
    std::vector<BundleLine> lines;
    std::vector<int> documentLines; // 1-based first line of each document

    /// 1-based lines produced by a config path (and by its children: "resources" matches
    /// "resources.requests.cpu").
    [[nodiscard]] QList<int> linesFrom(const QString &configPath) const;
    /// The config path behind a 1-based line, looking up to the enclosing fields ("" if none).
    [[nodiscard]] QString sourceAt(int line) const;
};

BundleText bundleText(const Bundle &bundle);

} // namespace dc
