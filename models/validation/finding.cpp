#include "finding.h"

#include <QJsonObject>
#include <QDebug>

using namespace Qt::StringLiterals;

namespace dc {

QString toId(Severity s)
{
    switch (s) {
    case Severity::Error: return u"error"_s;
    case Severity::Warning: return u"warning"_s;
    case Severity::Note: return u"note"_s;
    }
    return {};
}

QString Finding::format() const
{
    QString out = file.isEmpty() ? u"<input>"_s : file;
    if (line > 0)
        out += u':' + QString::number(line);
    if (line > 0 && column > 0)
        out += u':' + QString::number(column);
    out += u": "_s;
    if (!document.isEmpty())
        out += document + u": "_s;
    if (!path.isEmpty())
        out += path + u": "_s;
    out += message;
    if (!configPath.isEmpty())
        out += u" [config: "_s + configPath + u']';
    return out;
}

QDebug operator<<(QDebug dbg, const Finding &f)
{
    QDebugStateSaver saver(dbg);
    dbg.noquote() << toId(f.severity) << f.format();
    return dbg;
}

QJsonObject toJson(const Finding &f)
{
    return QJsonObject{{u"severity"_s, toId(f.severity)}, {u"id"_s, f.id}, {u"file"_s, f.file}, {u"line"_s, f.line},
                       {u"document"_s, f.document}, {u"path"_s, f.path}, {u"message"_s, f.message}, {u"configPath"_s, f.configPath}};
}

} // namespace dc
