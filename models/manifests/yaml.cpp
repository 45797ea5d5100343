#include "yaml.h"

#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

bool looksNonString(const QString &s)
{
    static const QSet<QString> words = {
        u"true"_s, u"false"_s, u"yes"_s, u"no"_s, u"on"_s, u"off"_s, u"y"_s, u"n"_s,
        u"null"_s, u"~"_s, u".inf"_s, u"-.inf"_s, u"+.inf"_s, u".nan"_s,
    };
    if (words.contains(s.toLower()))
        return true;
    static const QRegularExpression number(
        uR"(^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F_]+$|^0o?[0-7_]+$|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$)"_s);
    return number.match(s).hasMatch();
}

bool needsQuotes(const QString &s)
{
    if (s.isEmpty() || looksNonString(s))
        return true;
    const QChar first = s.front();
    static const QString indicators = u"?:,[]{}#&*!|>'\"%@`"_s;
    if (indicators.contains(first))
        return true;
    if (first == u'-' && (s.size() == 1 || s.at(1) == u' '))
        return true;
    if (first.isSpace() || s.back().isSpace() || s.back() == u':')
        return true;
    if (s.contains(u": "_s) || s.contains(u" #"_s))
        return true;
    for (QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    return s.startsWith(u"---"_s) || s.startsWith(u"..."_s);
}

bool literalBlockOk(const QString &s)
{
    if (!s.contains(u'\n') || s.front().isSpace())
        return false;
    const auto lines = QStringView(s).split(u'\n');
    for (QStringView line : lines) {
        if (!line.isEmpty() && line.back().isSpace())
            return false;
        for (QChar c : line)
            if (c.unicode() < 0x20 && c != u'\t')
                return false;
        if (line.contains(u'\t'))
            return false;
    }
    // A trailing blank line would need "|+"; keep those double-quoted.
    return !s.endsWith(u"\n\n"_s);
}

QString doubleQuoted(const QString &s)
{
    QString out = u"\""_s;
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"': out += u"\\\""_s; break;
        case '\\': out += u"\\\\"_s; break;
        case '\n': out += u"\\n"_s; break;
        case '\t': out += u"\\t"_s; break;
        case '\r': out += u"\\r"_s; break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0');
            else
                out += c;
        }
    }
    return out + u'"';
}

class Writer
{
public:
    YamlText result;

    void line(const QString &text, const QString &field, const QString &source)
    {
        result.text += text;
        result.text += u'\n';
        result.lines.push_back({field, source});
    }

    // Returns the inline form of a scalar or empty collection, or an empty string when the
    // value needs block lines of its own.
    static QString inlineForm(const Node &n)
    {
        switch (n.type()) {
        case Node::Type::Map: return n.size() == 0 ? u"{}"_s : QString();
        case Node::Type::Seq: return n.size() == 0 ? u"[]"_s : QString();
        case Node::Type::String: {
            const QString &s = n.toString();
            if (s.contains(u'\n'))
                return QString(); // block or double-quoted, decided by the caller
            if (!needsQuotes(s))
                return s;
            bool printable = true;
            for (QChar c : s)
                if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                    printable = false;
            if (!printable)
                return doubleQuoted(s);
            QString q = s;
            q.replace(u"'"_s, u"''"_s);
            return u'\'' + q + u'\'';
        }
        default: return n.scalarText();
        }
    }

    void multiline(const QString &prefix, const Node &n, int indent, const QString &field)
    {
        const QString &s = n.toString();
        if (!literalBlockOk(s)) {
            line(prefix + u' ' + doubleQuoted(s), field, n.source());
            return;
        }
        const bool trailingNewline = s.endsWith(u'\n');
        line(prefix + (trailingNewline ? u" |"_s : u" |-"_s), field, n.source());
        QStringView body(s);
        if (trailingNewline)
            body.chop(1);
        const QString pad(indent + 2, u' ');
        for (QStringView l : body.split(u'\n'))
            line(l.isEmpty() ? QString() : pad + l.toString(), field, n.source());
    }

    void mapEntries(const Node &map, int indent, const QString &path, const QString &firstPad = QString())
    {
        bool first = true;
        for (const Node &child : map.items()) {
            const QString pad = (first && !firstPad.isEmpty()) ? firstPad : QString(indent, u' ');
            first = false;
            QString key = child.key();
            if (needsQuotes(key))
                key = doubleQuoted(key);
            const QString field = path.isEmpty() ? child.key() : path + u'.' + child.key();
            const QString prefix = pad + key + u':';
            const QString inl = inlineForm(child);
            if (!inl.isEmpty()) {
                line(prefix + u' ' + inl, field, child.source());
            } else if (child.type() == Node::Type::String) {
                multiline(prefix, child, indent, field);
            } else if (child.isMap()) {
                line(prefix, field, child.source());
                mapEntries(child, indent + 2, field);
            } else {
                line(prefix, field, child.source());
                seqItems(child, indent, field);
            }
        }
    }

    void seqItems(const Node &seq, int indent, const QString &path)
    {
        const QString pad(indent, u' ');
        int i = 0;
        for (const Node &item : seq.items()) {
            const QString field = path + u'[' + QString::number(i++) + u']';
            const QString inl = inlineForm(item);
            if (!inl.isEmpty()) {
                line(pad + u"- "_s + inl, field, item.source());
            } else if (item.type() == Node::Type::String) {
                multiline(pad + u'-', item, indent, field);
            } else if (item.isMap()) {
                // The first key shares the "- " line.
                mapEntries(item, indent + 2, field, pad + u"- "_s);
            } else {
                line(pad + u'-', field, item.source());
                seqItems(item, indent + 2, field);
            }
        }
    }
};

// --- reading ---------------------------------------------------------------------------

Node scalarFromYaml(const YAML::Node &y)
{
    const QString text = QString::fromStdString(y.Scalar());
    if (y.Tag() == "!" || y.Tag() == "tag:yaml.org,2002:str")
        return Node(text);
    if (y.Tag() == "tag:yaml.org,2002:int") {
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        return ok ? Node(v) : Node(text);
    }
    static const QSet<QString> trues = {u"true"_s, u"True"_s, u"TRUE"_s, u"yes"_s, u"Yes"_s, u"YES"_s,
                                        u"on"_s, u"On"_s, u"ON"_s, u"y"_s, u"Y"_s};
    static const QSet<QString> falses = {u"false"_s, u"False"_s, u"FALSE"_s, u"no"_s, u"No"_s, u"NO"_s,
                                         u"off"_s, u"Off"_s, u"OFF"_s, u"n"_s, u"N"_s};
    static const QSet<QString> nulls = {u""_s, u"~"_s, u"null"_s, u"Null"_s, u"NULL"_s};
    if (trues.contains(text))
        return Node(true);
    if (falses.contains(text))
        return Node(false);
    if (nulls.contains(text))
        return Node();
    static const QRegularExpression intRe(u"^[-+]?[0-9]+$"_s);
    static const QRegularExpression hexRe(u"^0x[0-9a-fA-F]+$"_s);
    static const QRegularExpression octRe(u"^0o[0-7]+$"_s);
    static const QRegularExpression floatRe(u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    bool ok = false;
    if (intRe.match(text).hasMatch()) {
        const qint64 v = text.toLongLong(&ok, 10);
        if (ok) {
            Node n(v);
            if (text != QString::number(v))
                n.setOriginalText(text);
            return n;
        }
    } else if (hexRe.match(text).hasMatch()) {
        const qint64 v = text.mid(2).toLongLong(&ok, 16);
        if (ok)
            return Node(v);
    } else if (octRe.match(text).hasMatch()) {
        const qint64 v = text.mid(2).toLongLong(&ok, 8);
        if (ok)
            return Node(v);
    }
    if (floatRe.match(text).hasMatch()) {
        const double d = text.toDouble(&ok);
        if (ok) {
            Node n(d);
            n.setOriginalText(text);
            return n;
        }
    }
    const QString lower = text.toLower();
    if (lower == u".inf"_s || lower == u"+.inf"_s)
        return Node(std::numeric_limits<double>::infinity());
    if (lower == u"-.inf"_s)
        return Node(-std::numeric_limits<double>::infinity());
    if (lower == u".nan"_s)
        return Node(std::numeric_limits<double>::quiet_NaN());
    return Node(text);
}

struct Reader
{
    QString file;
    QList<YamlIssue> *issues;
    int depth = 0;

    Node convert(const YAML::Node &y)
    {
        Node out;
        const YAML::Mark mark = y.Mark();
        if (++depth > 200) {
            issues->append({file, mark.line + 1, mark.column + 1, u"nesting deeper than 200 levels"_s});
            --depth;
            return out;
        }
        switch (y.Type()) {
        case YAML::NodeType::Scalar: out = scalarFromYaml(y); break;
        case YAML::NodeType::Sequence:
            out = Node::seq();
            for (const YAML::Node &item : y)
                out.append(convert(item));
            break;
        case YAML::NodeType::Map: {
            out = Node::map();
            for (auto it = y.begin(); it != y.end(); ++it) {
                // The iterator yields a temporary pair: copy the (cheap, shared) node handles.
                const YAML::Node k = it->first;
                const YAML::Node v = it->second;
                const QString key = k.IsScalar() ? QString::fromStdString(k.Scalar()) : QString();
                const YAML::Mark km = k.Mark();
                if (!k.IsScalar()) {
                    issues->append({file, km.line + 1, km.column + 1, u"mapping key is not a scalar"_s});
                    continue;
                }
                if (out.get(key)) {
                    issues->append({file, km.line + 1, km.column + 1,
                                    u"duplicate key \"%1\": the second value would silently replace the first; remove one"_s.arg(key)});
                    continue;
                }
                Node &child = out.set(key, convert(v));
                child.setKeyMark(km.line + 1, km.column + 1);
                // An empty value has no position of its own: use the key's.
                if (child.line() == 0 || child.isNull())
                    child.setMark(km.line + 1, km.column + 1);
            }
            break;
        }
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: break;
        }
        if (mark.line >= 0)
            out.setMark(mark.line + 1, mark.column + 1);
        --depth;
        return out;
    }
};

} // namespace

YamlText writeYaml(const Node &root)
{
    Writer w;
    if (root.isMap() && root.size() > 0)
        w.mapEntries(root, 0, QString());
    else if (root.isSeq() && root.size() > 0)
        w.seqItems(root, 0, QString());
    else if (root.type() == Node::Type::String && root.toString().contains(u'\n'))
        w.multiline(QString(), root, -2, QString());
    else
        w.line(Writer::inlineForm(root).isEmpty() ? root.scalarText() : Writer::inlineForm(root), QString(), root.source());
    return std::move(w.result);
}

ParsedYaml parseYaml(const QByteArray &text, const QString &fileName)
{
    ParsedYaml out;
    try {
        const std::vector<YAML::Node> docs = YAML::LoadAll(text.toStdString());
        Reader r{fileName, &out.issues};
        for (const YAML::Node &d : docs) {
            if (d.IsNull() || !d.IsDefined())
                continue;
            out.documents.push_back(r.convert(d));
        }
    } catch (const YAML::Exception &e) {
        out.issues.append({fileName, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0,
                           QString::fromStdString(e.msg)});
    }
    return out;
}

} // namespace dc
