#pragma once

#include "finding.h"
#include "manifests/node.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <vector>

namespace dc {

struct Bundle;

/// One Kubernetes object to check, with what is needed to point at its lines.
struct ManifestDoc
{
    Node root;
    QString file;
    /// Generated documents: field path -> line in the rendered text. Empty for documents read
    /// from files, whose nodes carry their own line marks.
    QHash<QString, int> lines;
    int startLine = 0;
    bool rendered = false; // came out of `kubectl kustomize`: lines refer to its output

    [[nodiscard]] QString id() const;
    /// The line of `path` ("spec.ports[0].port"), or of its closest existing parent.
    [[nodiscard]] int lineOf(const QString &path) const;
    /// The node at `path`, or its closest existing parent.
    [[nodiscard]] const Node *nodeAt(const QString &path) const;
};

/// The documents of one validation run plus what went wrong while reading them.
struct ManifestSet
{
    std::vector<ManifestDoc> docs;
    QList<Finding> readFindings; // unreadable files, YAML errors, kustomize failures
    QStringList sources;         // files and kustomizations read
};

/// A generated bundle; lines refer to Bundle::yaml(true).
ManifestSet manifestsFromBundle(const Bundle &bundle, const QString &file);

/// YAML files, folders (recursively) and kustomization folders (rendered with
/// `kubectl kustomize` when kubectl is on PATH; a finding says so when it is not).
/// "kind: List" documents are expanded. Files larger than `maxFileBytes` are refused.
ManifestSet manifestsFromPaths(const QStringList &paths, qint64 maxFileBytes = 64 * 1024 * 1024);

/// Documents of one YAML text (used by the fuzzers and the GUI).
ManifestSet manifestsFromText(const QByteArray &text, const QString &file);

} // namespace dc
