// Validator: schemas and lints over any manifest text never crash and always say where.

#include "validation/manifestset.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const dc::SchemaValidator schemas;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const dc::ManifestSet set = dc::manifestsFromText(text, QStringLiteral("fuzz.yaml"));
    dc::ValidationOptions options;
    options.lints.environment = dc::Environment::Production;
    const dc::ValidationReport report = dc::validateSet(set, schemas, options);
    for (const dc::Finding &f : report.findings)
        if (f.file.isEmpty() || f.message.isEmpty())
            abort();
    return 0;
}
