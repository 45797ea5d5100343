#include "validator.h"

#include "config/layers.h"

#include "manifests/bundle.h"
#include "manifestset.h"
#include "schemavalidator.h"

#include <algorithm>

namespace dc {

int ValidationReport::count(Severity s) const
{
    return int(std::count_if(findings.begin(), findings.end(), [s](const Finding &f) { return f.severity == s; }));
}

ValidationReport validateSet(const ManifestSet &set, const SchemaValidator &schemas, const ValidationOptions &options)
{
    ValidationReport r;
    r.documents = int(set.docs.size());
    QList<Finding> found;
    if (options.schemas)
        for (const ManifestDoc &d : set.docs)
            found.append(schemas.validate(d));
    if (options.runLints)
        found.append(runLints(set, options.lints));
    std::stable_sort(found.begin(), found.end(), [](const Finding &a, const Finding &b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    r.findings = set.readFindings + found;
    return r;
}

ValidationReport validateBundle(const Bundle &bundle, const QString &file, const SchemaValidator &schemas,
                                const ValidationOptions &options)
{
    ValidationOptions o = options;
    o.lints.environment = bundle.target.environment;
    o.lints.platform = bundle.target.platform;
    // A generated bundle is one module's: only its preset's knowledge applies.
    o.lints.modules = QList<ModuleKnowledge>{builtinProfiles().knowledge[int(bundle.target.preset)]};
    ValidationReport r = validateSet(manifestsFromBundle(bundle, file), schemas, o);
    for (const Note &n : bundle.notes)
        r.findings.append(Finding{Severity::Note, n.id, file, 0, 0, QString(), QString(), n.message, n.configPath});
    return r;
}

} // namespace dc
