#include "yaml.h"
#include "yamlscalar.h"

#include <QRegularExpression>
#include <QHash>
#include <QSet>

#include <optional>

#include <yaml.h> // libyaml

using namespace Qt::StringLiterals;

namespace dc {

namespace {

bool needsQuotes(const QString &s)
{
    if (s.isEmpty() || plainScalarChangesType(s))
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
//
// libyaml's event parser, the reference YAML implementation, reads the text. (yaml-cpp 0.7
// loops forever on some malformed inputs, which fuzzing found within seconds.)

Node scalarFromEvent(const yaml_event_t &e)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(e.data.scalar.value), qsizetype(e.data.scalar.length));
    const QByteArray tag = e.data.scalar.tag ? QByteArray(reinterpret_cast<const char *>(e.data.scalar.tag)) : QByteArray();
    if (tag == "tag:yaml.org,2002:str" || tag == "!")
        return Node(text);
    if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE && tag.isEmpty())
        return Node(text);
    return resolveScalar(text).value;
}

// Aliases are copied into our tree, so "billion laughs" documents would expand
// exponentially. Every real value takes at least a byte of text, so a tree larger than the
// text (plus some slack) can only come from aliases.
constexpr qint64 NodeSlack = 10'000;
constexpr int MaxDepth = 200;

qint64 countNodes(const Node &n)
{
    qint64 c = 1;
    for (const Node &child : n.items())
        c += countNodes(child);
    return c;
}

class EventReader
{
public:
    EventReader(const QByteArray &text, const QString &file, ParsedYaml *out)
        : m_text(text)
        , m_file(file)
        , m_out(out)
        , m_maxNodes(text.size() + NodeSlack)
    {
    }

    void run()
    {
        yaml_parser_t parser;
        if (!yaml_parser_initialize(&parser)) {
            fail(0, 0, u"out of memory"_s);
            return;
        }
        yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(m_text.constData()), size_t(m_text.size()));
        bool done = false;
        while (!done && !m_failed) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) {
                QString message = QString::fromUtf8(parser.problem ? parser.problem : "invalid YAML");
                if (parser.context)
                    message += u" ("_s + QString::fromUtf8(parser.context) + u')';
                const size_t at = parser.problem_mark.index;
                if (at < size_t(m_text.size()) && m_text.at(qsizetype(at)) == '\t')
                    message = u"tab character: YAML indents with spaces only; replace the tab with spaces"_s;
                fail(int(parser.problem_mark.line) + 1, int(parser.problem_mark.column) + 1, message);
                break;
            }
            done = event.type == YAML_STREAM_END_EVENT;
            handle(event);
            yaml_event_delete(&event);
        }
        yaml_parser_delete(&parser);
        if (m_exploded)
            m_out->documents.clear();
    }

private:
    struct Frame
    {
        Node node;
        bool haveKey = false;   // maps: a key is waiting for its value
        bool skipValue = false; // the key was not usable (duplicate, not a scalar)
        QString key;
        int keyLine = 0;
        int keyColumn = 0;
        QByteArray anchor;
    };

    void fail(int line, int column, const QString &message)
    {
        m_out->issues.append({m_file, line, column, message});
        m_failed = true;
    }

    void handle(const yaml_event_t &e)
    {
        const int line = int(e.start_mark.line) + 1;
        const int column = int(e.start_mark.column) + 1;
        switch (e.type) {
        case YAML_DOCUMENT_START_EVENT:
            m_anchors.clear();
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
            if (int(m_stack.size()) >= MaxDepth) {
                fail(line, column, u"nesting deeper than %1 levels"_s.arg(MaxDepth));
                return;
            }
            Frame f;
            f.node = e.type == YAML_MAPPING_START_EVENT ? Node::map() : Node::seq();
            f.node.setMark(line, column);
            const yaml_char_t *anchor = e.type == YAML_MAPPING_START_EVENT ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
            if (anchor)
                f.anchor = QByteArray(reinterpret_cast<const char *>(anchor));
            m_stack.push_back(std::move(f));
            count(1, line, column);
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: {
            Frame f = std::move(m_stack.back());
            m_stack.pop_back();
            if (!f.anchor.isEmpty())
                m_anchors.insert(f.anchor, f.node);
            complete(std::move(f.node));
            break;
        }
        case YAML_SCALAR_EVENT: {
            Node n = scalarFromEvent(e);
            n.setMark(line, column);
            if (e.data.scalar.anchor)
                m_anchors.insert(QByteArray(reinterpret_cast<const char *>(e.data.scalar.anchor)), n);
            count(1, line, column);
            complete(std::move(n));
            break;
        }
        case YAML_ALIAS_EVENT: {
            const QByteArray name(reinterpret_cast<const char *>(e.data.alias.anchor));
            const auto it = m_anchors.constFind(name);
            if (it == m_anchors.constEnd()) {
                fail(line, column, u"alias *%1 names no anchor defined before it"_s.arg(QString::fromUtf8(name)));
                return;
            }
            count(countNodes(*it), line, column);
            if (m_failed)
                return;
            Node copy = *it;
            copy.setMark(line, column);
            complete(std::move(copy));
            break;
        }
        default: break;
        }
    }

    void count(qint64 n, int line, int column)
    {
        m_nodes += n;
        if (m_nodes > m_maxNodes && !m_failed) {
            m_exploded = true;
            fail(line, column, u"aliases expand the document to more than %1 values, far more than its text holds; refusing to read it"_s.arg(m_maxNodes));
        }
    }

    // A finished node goes into its parent, or becomes a document.
    void complete(Node n)
    {
        if (m_failed)
            return;
        if (m_stack.empty()) {
            if (!n.isNull())
                m_out->documents.push_back(std::move(n));
            return;
        }
        Frame &parent = m_stack.back();
        if (parent.node.isSeq()) {
            parent.node.append(std::move(n));
            return;
        }
        if (!parent.haveKey) {
            parent.haveKey = true;
            parent.skipValue = false;
            parent.keyLine = n.line();
            parent.keyColumn = n.column();
            if (!n.isScalar()) {
                m_out->issues.append({m_file, n.line(), n.column(), u"mapping key is not a scalar"_s});
                parent.skipValue = true;
                return;
            }
            parent.key = jsonKeyText(n);
            if (parent.node.get(parent.key) && parent.key != u"<<"_s) {
                m_out->issues.append({m_file, n.line(), n.column(),
                                      u"duplicate key \"%1\": the second value would silently replace the first; remove one"_s.arg(parent.key)});
                parent.skipValue = true;
            }
            return;
        }
        parent.haveKey = false;
        if (parent.skipValue)
            return;
        if (parent.key == u"<<"_s && (n.isMap() || n.isSeq())) {
            // Merge keys: the merged maps' entries that this map does not set itself.
            const std::vector<Node> sources = n.isMap() ? std::vector<Node>{n} : n.items();
            for (const Node &src : sources)
                for (const Node &entry : src.items())
                    if (!parent.node.get(entry.key()))
                        parent.node.set(entry.key(), entry);
            return;
        }
        // An empty value has no position of its own: use the key's.
        if (n.isNull())
            n.setMark(parent.keyLine, parent.keyColumn);
        Node &child = parent.node.set(parent.key, std::move(n));
        child.setKeyMark(parent.keyLine, parent.keyColumn);
    }

    const QByteArray &m_text;
    QString m_file;
    ParsedYaml *m_out;
    std::vector<Frame> m_stack;
    QHash<QByteArray, Node> m_anchors;
    qint64 m_nodes = 0;
    qint64 m_maxNodes;
    bool m_failed = false;
    bool m_exploded = false;
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
    EventReader(text, fileName, &out).run();
    return out;
}

} // namespace dc
