#pragma once

#include <QJsonObject>

#include <QList>
#include <QString>

class QDebug;

namespace dc {

enum class Severity { Error, Warning, Note };
QString toId(Severity s);

/// One validation result: where it is (file, line, document, field), what is wrong, and,
/// for generated bundles, the config path behind the field.
struct Finding
{
    Severity severity = Severity::Error;
    QString id;        // "schema", "unknown-kind", "yaml", ...
    QString file;
    int line = 0;
    int column = 0;
    QString document;  // "Deployment/model-registry-ui"
    QString path;      // field path inside the document
    QString message;
    QString configPath;
    /// Schema findings: a field the schema does not have (a server's strict field validation
    /// answers it with a strict decoding error, 400, rather than 422 Invalid).
    bool unknownField = false;
    QString unknownFieldName = {}; // that field's key; `path` is the object holding it

    /// file:line[:column]: kind/name: path: message
    [[nodiscard]] QString format() const;
    bool operator==(const Finding &o) const = default;
};

QDebug operator<<(QDebug dbg, const Finding &f);
/// As deployctl's --output json writes it.
QJsonObject toJson(const Finding &f);

} // namespace dc
