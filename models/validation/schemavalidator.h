#pragma once

#include "finding.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>

namespace dc {

class Node;
struct Bundle;
struct ManifestDoc;

/**
 * Validates Kubernetes objects against the JSON schemas in resources/schemas (Kubernetes 1.30
 * strict schemas and CRD schemas), like kubeconform, with two tightenings: CRD schemas are
 * closed at the root (a misspelt "sepc" fails) and a bare CRD metadata gets the ObjectMeta
 * schema. A kind without a schema is a finding of its own, never a silent pass.
 * Compiled schemas are cached; the object is safe to use from several threads.
 */
class SchemaValidator
{
public:
    explicit SchemaValidator(const QString &schemaRoot = QStringLiteral(":/schemas"));
    ~SchemaValidator();
    SchemaValidator(const SchemaValidator &) = delete;
    SchemaValidator &operator=(const SchemaValidator &) = delete;

    /// Validates one document; lines come from the document (its marks or its render lines).
    /// Kustomization files are not Kubernetes objects and give no schema findings.
    [[nodiscard]] QList<Finding> validate(const ManifestDoc &doc) const;
    /// Validates one object. Lines come from the node marks (parsed input).
    [[nodiscard]] QList<Finding> validate(const Node &object, const QString &file = {}) const;
    /// Validates a generated bundle; lines refer to the bundle's rendered YAML (Bundle::yaml()).
    [[nodiscard]] QList<Finding> validate(const Bundle &bundle, const QString &file = {}) const;

    /// Validates one object against a CRD's openAPIV3Schema (closed as the project's CRD schemas
    /// are unless it preserves unknown fields); compiled once per schema.
    [[nodiscard]] QList<Finding> validateAgainst(const Node &object, const QJsonObject &crdSchema) const;

    /// The schema file for apiVersion + kind, or "" when there is none.
    [[nodiscard]] QString schemaFile(const QString &apiVersion, const QString &kind) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace dc
