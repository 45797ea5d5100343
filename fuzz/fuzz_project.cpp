// Project-file loader: any input either loads or gives issues with a file name; a project that
// loads must save and load again to the same values, and must render.

#include "config/project.h"
#include "config/resolvedconfig.h"
#include "manifests/generator.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const dc::ProjectLoad loaded = dc::parseProject(text, QStringLiteral("fuzz.yaml"));
    if (!loaded.project) {
        if (loaded.issues.isEmpty())
            abort(); // rejected without saying why
        return 0;
    }
    const QByteArray saved = dc::serializeProject(*loaded.project);
    const dc::ProjectLoad again = dc::parseProject(saved, QStringLiteral("saved.yaml"));
    if (!again.project)
        abort(); // what we write we must read
    for (auto it = loaded.project->values.begin(); it != loaded.project->values.end(); ++it)
        if (again.project->values.value(it.key()).value != it->value)
            abort();
    const dc::Bundle b = dc::generate(*loaded.project, loaded.project->target);
    if (b.documents.empty())
        abort();
    return 0;
}
