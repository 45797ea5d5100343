#pragma once

#include "finding.h"
#include "lints.h"

#include <QList>

namespace dc {

struct Bundle;
struct ManifestSet;
class SchemaValidator;

struct ValidationOptions
{
    LintOptions lints;
    bool schemas = true;
    bool runLints = true;
};

struct ValidationReport
{
    QList<Finding> findings; // read errors first, then by file and line
    int documents = 0;
    [[nodiscard]] int count(Severity s) const;
};

/// Schema validation and lints over one set of documents.
ValidationReport validateSet(const ManifestSet &set, const SchemaValidator &schemas, const ValidationOptions &options);

/// A generated bundle: schemas, lints (for the bundle's environment) and the bundle's notes
/// (where it departs from the guide) as Note findings.
ValidationReport validateBundle(const Bundle &bundle, const QString &file, const SchemaValidator &schemas,
                                const ValidationOptions &options);

} // namespace dc
