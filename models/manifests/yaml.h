#pragma once

#include "node.h"

#include <QList>
#include <QString>
#include <vector>

namespace dc {

/// What one emitted YAML line shows: the field path inside the document
/// ("spec.template.spec.containers[0].image") and the config path that produced it.
struct LineInfo
{
    QString fieldPath;
    QString source;
};

struct YamlText
{
    QString text;
    std::vector<LineInfo> lines; // index 0 = line 1 of text
};

/// Deterministic block-style YAML (kubectl style: sequences not indented under their key).
YamlText writeYaml(const Node &root);
inline QString toYaml(const Node &root) { return writeYaml(root).text; }

/// Where a problem in a YAML text is (1-based line and column; 0 when unknown).
struct YamlIssue
{
    QString file;
    int line = 0;
    int column = 0;
    QString message;
    bool operator==(const YamlIssue &o) const = default;
};

struct ParsedYaml
{
    std::vector<Node> documents; // null documents (empty "---" sections) are dropped
    QList<YamlIssue> issues;     // syntax errors, duplicate keys
    [[nodiscard]] bool ok() const { return issues.isEmpty(); }
};

/// Parses one or more YAML documents. Plain scalars resolve as Kubernetes' YAML reader does
/// (YAML 1.1: see resolveScalar() in yamlscalar.h); quoted scalars stay strings; map keys are
/// spelled as JSON sees them. Never throws.
ParsedYaml parseYaml(const QByteArray &text, const QString &fileName = {});

} // namespace dc
