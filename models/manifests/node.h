#pragma once

#include <QString>
#include <QStringList>
#include <vector>

class QDebug;
class QJsonValue;

namespace dc {

/**
 * A YAML/JSON value tree that keeps key order (so output is deterministic and reads like
 * hand-written manifests) and, for every node, the config path that produced it (the source
 * map) or, for parsed input, the line and column it came from.
 */
class Node
{
public:
    enum class Type { Null, Bool, Int, Double, String, Map, Seq };

    Node() = default;
    Node(bool v) : m_type(Type::Bool), m_bool(v) {}
    Node(int v) : m_type(Type::Int), m_int(v) {}
    Node(qint64 v) : m_type(Type::Int), m_int(v) {}
    Node(double v) : m_type(Type::Double), m_double(v) {}
    Node(const QString &v) : m_type(Type::String), m_string(v) {}
    Node(const char *v) : m_type(Type::String), m_string(QString::fromUtf8(v)) {}
    Node(const QStringList &list);

    static Node map() { Node n; n.m_type = Type::Map; return n; }
    static Node seq() { Node n; n.m_type = Type::Seq; return n; }

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] bool isNull() const { return m_type == Type::Null; }
    [[nodiscard]] bool isMap() const { return m_type == Type::Map; }
    [[nodiscard]] bool isSeq() const { return m_type == Type::Seq; }
    [[nodiscard]] bool isScalar() const { return m_type != Type::Map && m_type != Type::Seq; }
    [[nodiscard]] bool toBool() const { return m_bool; }
    [[nodiscard]] qint64 toInt() const { return m_int; }
    [[nodiscard]] double toDouble() const { return m_type == Type::Int ? double(m_int) : m_double; }
    [[nodiscard]] const QString &toString() const { return m_string; }
    /// Scalar as text, the way YAML would show it.
    [[nodiscard]] QString scalarText() const;

    // Map access. Keys keep insertion order; set() replaces an existing key in place.
    Node &set(const QString &key, Node value);
    Node &set(const char *key, Node value) { return set(QString::fromUtf8(key), std::move(value)); }
    [[nodiscard]] const Node *get(QStringView key) const;
    Node *get(QStringView key);
    bool remove(QStringView key);
    /// Follows a dotted path of map keys ("spec.template.spec").
    [[nodiscard]] const Node *at(QStringView dottedPath) const;
    [[nodiscard]] QString str(QStringView dottedPath) const;

    // Sequence access.
    Node &append(Node value);

    [[nodiscard]] int size() const { return int(m_items.size()); }
    [[nodiscard]] const std::vector<Node> &items() const { return m_items; }
    std::vector<Node> &items() { return m_items; }
    [[nodiscard]] const QString &key() const { return m_key; }

    /// Config path that produced this node ("" if none), see DESIGN.md "source map".
    [[nodiscard]] const QString &source() const { return m_source; }
    Node &from(const QString &configPath) { m_source = configPath; return *this; }
    Node &&withSource(const QString &configPath) && { m_source = configPath; return std::move(*this); }

    /// For numbers read from YAML: the text as written ("1.10"), shown in messages.
    void setOriginalText(const QString &text) { m_string = text; }

    [[nodiscard]] int line() const { return m_line; }
    [[nodiscard]] int column() const { return m_column; }
    void setMark(int line, int column) { m_line = line; m_column = column; }
    /// Where this node's key is (map entries read from YAML); 0 when unknown.
    [[nodiscard]] int keyLine() const { return m_keyLine; }
    [[nodiscard]] int keyColumn() const { return m_keyColumn; }
    void setKeyMark(int line, int column) { m_keyLine = line; m_keyColumn = column; }

    /// Equality as data: key order, marks and sources are ignored; 1 == 1.0.
    [[nodiscard]] bool dataEquals(const Node &other) const;
    /// Strict equality including key order (used for determinism checks).
    bool operator==(const Node &other) const;
    bool operator!=(const Node &other) const { return !(*this == other); }

    [[nodiscard]] QJsonValue toJson() const;
    static Node fromJson(const QJsonValue &value);

private:
    Type m_type = Type::Null;
    bool m_bool = false;
    qint64 m_int = 0;
    double m_double = 0;
    QString m_string;
    QString m_key;
    QString m_source;
    int m_line = 0;
    int m_column = 0;
    int m_keyLine = 0;
    int m_keyColumn = 0;
    std::vector<Node> m_items;
};

QDebug operator<<(QDebug dbg, const Node &node);

} // namespace dc
