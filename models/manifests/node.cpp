#include "node.h"

#include <cmath>
#include <QDebug>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc {

Node::Node(const QStringList &list)
    : m_type(Type::Seq)
{
    m_items.reserve(list.size());
    for (const QString &s : list)
        m_items.emplace_back(s);
}

QString Node::scalarText() const
{
    switch (m_type) {
    case Type::Null: return u"null"_s;
    case Type::Bool: return m_bool ? u"true"_s : u"false"_s;
    case Type::Int: return m_string.isEmpty() ? QString::number(m_int) : m_string;
    case Type::Double: return m_string.isEmpty() ? QString::number(m_double, 'g', QLocale::FloatingPointShortest) : m_string;
    case Type::String: return m_string;
    case Type::Map: return u"{...}"_s;
    case Type::Seq: return u"[...]"_s;
    }
    return {};
}

Node &Node::set(const QString &key, Node value)
{
    if (m_type != Type::Map) {
        m_type = Type::Map;
        m_items.clear();
    }
    value.m_key = key;
    for (Node &item : m_items) {
        if (item.m_key == key) {
            item = std::move(value);
            return item;
        }
    }
    m_items.push_back(std::move(value));
    return m_items.back();
}

const Node *Node::get(QStringView key) const
{
    if (m_type != Type::Map)
        return nullptr;
    for (const Node &item : m_items)
        if (item.m_key == key)
            return &item;
    return nullptr;
}

Node *Node::get(QStringView key)
{
    return const_cast<Node *>(std::as_const(*this).get(key));
}

bool Node::remove(QStringView key)
{
    auto it = std::find_if(m_items.begin(), m_items.end(), [&](const Node &n) { return n.m_key == key; });
    if (m_type != Type::Map || it == m_items.end())
        return false;
    m_items.erase(it);
    return true;
}

const Node *Node::at(QStringView dottedPath) const
{
    const Node *cur = this;
    for (QStringView part : dottedPath.split(u'.')) {
        cur = cur->get(part);
        if (!cur)
            return nullptr;
    }
    return cur;
}

QString Node::str(QStringView dottedPath) const
{
    const Node *n = at(dottedPath);
    return n && n->isScalar() && !n->isNull() ? n->scalarText() : QString();
}

Node &Node::append(Node value)
{
    if (m_type != Type::Seq) {
        m_type = Type::Seq;
        m_items.clear();
    }
    value.m_key.clear();
    m_items.push_back(std::move(value));
    return m_items.back();
}

bool Node::dataEquals(const Node &o) const
{
    const bool numeric = (m_type == Type::Int || m_type == Type::Double);
    const bool otherNumeric = (o.m_type == Type::Int || o.m_type == Type::Double);
    if (numeric && otherNumeric)
        return toDouble() == o.toDouble();
    if (m_type != o.m_type)
        return false;
    switch (m_type) {
    case Type::Null: return true;
    case Type::Bool: return m_bool == o.m_bool;
    case Type::String: return m_string == o.m_string;
    case Type::Int:
    case Type::Double: return true; // handled above
    case Type::Seq:
        if (m_items.size() != o.m_items.size())
            return false;
        for (size_t i = 0; i < m_items.size(); ++i)
            if (!m_items[i].dataEquals(o.m_items[i]))
                return false;
        return true;
    case Type::Map:
        if (m_items.size() != o.m_items.size())
            return false;
        for (const Node &item : m_items) {
            const Node *other = o.get(item.m_key);
            if (!other || !item.dataEquals(*other))
                return false;
        }
        return true;
    }
    return false;
}

bool Node::operator==(const Node &o) const
{
    const bool numeric = m_type == Type::Int || m_type == Type::Double;
    return m_type == o.m_type && m_bool == o.m_bool && m_int == o.m_int && m_double == o.m_double
        && (numeric || m_string == o.m_string) && m_key == o.m_key && m_items == o.m_items;
}

QJsonValue Node::toJson() const
{
    switch (m_type) {
    case Type::Null: return QJsonValue(QJsonValue::Null);
    case Type::Bool: return m_bool;
    case Type::Int: return m_int;
    case Type::Double: return m_double;
    case Type::String: return m_string;
    case Type::Seq: {
        QJsonArray a;
        for (const Node &n : m_items)
            a.append(n.toJson());
        return a;
    }
    case Type::Map: {
        QJsonObject o;
        for (const Node &n : m_items)
            o.insert(n.m_key, n.toJson());
        return o;
    }
    }
    return {};
}

Node Node::fromJson(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return Node(v.toBool());
    case QJsonValue::Double: {
        const double d = v.toDouble();
        // Only doubles that hold an exact integer become one; the range check comes first, since
        // converting a double outside the int64 range (1e300) to an integer is undefined.
        if (std::abs(d) < 9e15 && d == std::trunc(d))
            return Node(qint64(d));
        return Node(d);
    }
    case QJsonValue::String: return Node(v.toString());
    case QJsonValue::Array: {
        Node n = Node::seq();
        const QJsonArray a = v.toArray();
        for (const QJsonValue &item : a)
            n.append(fromJson(item));
        return n;
    }
    case QJsonValue::Object: {
        Node n = Node::map();
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            n.set(it.key(), fromJson(it.value()));
        return n;
    }
    default: return {};
    }
}

QDebug operator<<(QDebug dbg, const Node &node)
{
    QDebugStateSaver saver(dbg);
    dbg.nospace() << "Node(" << int(node.type()) << ", " << node.scalarText() << ", size " << node.size() << ")";
    return dbg;
}

} // namespace dc
