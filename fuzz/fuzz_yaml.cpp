// YAML reader and writer: anything the reader accepts, the writer writes back as YAML that
// reads to the same data.

#include "manifests/node.h"
#include "manifests/yaml.h"

#include <QJsonValue>

#include <cmath>
#include <cstdlib>

namespace {

bool hasNaN(const dc::Node &n)
{
    if (n.type() == dc::Node::Type::Double && std::isnan(n.toDouble()))
        return true;
    for (const dc::Node &c : n.items())
        if (hasNaN(c))
            return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const dc::ParsedYaml parsed = dc::parseYaml(text, QStringLiteral("fuzz.yaml"));
    if (!parsed.ok())
        return 0;
    for (const dc::Node &doc : parsed.documents) {
        if (hasNaN(doc))
            continue; // NaN never equals itself
        const QString written = dc::toYaml(doc);
        const dc::ParsedYaml back = dc::parseYaml(written.toUtf8());
        if (!back.ok() || back.documents.size() != 1 || !back.documents.front().dataEquals(doc)) {
            // Scalars and empty documents read back as a single scalar or nothing.
            if (doc.isScalar())
                continue;
            abort();
        }
        (void)doc.toJson();
    }
    return 0;
}
