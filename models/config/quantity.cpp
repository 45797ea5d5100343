#include "quantity.h"

#include <QDebug>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc {

std::optional<double> Quantity::suffixFactor(const QString &suffix)
{
    struct Entry
    {
        const char16_t *suffix;
        double factor;
    };
    static constexpr Entry table[] = {
        {u"", 1},       {u"m", 1e-3},   {u"k", 1e3},    {u"M", 1e6},    {u"G", 1e9},    {u"T", 1e12},
        {u"P", 1e15},   {u"E", 1e18},   {u"Ki", 0x1p10}, {u"Mi", 0x1p20}, {u"Gi", 0x1p30}, {u"Ti", 0x1p40},
        {u"Pi", 0x1p50}, {u"Ei", 0x1p60},
    };
    for (const Entry &e : table)
        if (suffix == QStringView(e.suffix))
            return e.factor;
    if (suffix.size() >= 2 && (suffix.front() == u'e' || suffix.front() == u'E')) {
        bool ok = false;
        const int exponent = suffix.mid(1).toInt(&ok);
        if (ok)
            return std::pow(10.0, exponent);
    }
    return std::nullopt;
}

std::optional<Quantity> Quantity::parse(const QString &text, QString *error)
{
    static const QRegularExpression grammar(u"^([-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([a-zA-Z]*|[eE][-+]?[0-9]+)$"_s);
    const auto fail = [&](const QString &why) -> std::optional<Quantity> {
        if (error)
            *error = u"\"%1\" is not a resource quantity: %2"_s.arg(text, why);
        return std::nullopt;
    };
    const auto m = grammar.match(text);
    if (!m.hasMatch())
        return fail(u"write a number with an optional unit, e.g. 500m or 1 (CPU), 256Mi or 2Gi (memory)"_s);
    Quantity q;
    q.m_text = text;
    q.m_suffix = m.captured(2);
    const double number = m.captured(1).toDouble();
    const auto factor = suffixFactor(q.m_suffix);
    if (!factor)
        return fail(u"unknown unit \"%1\"; use m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi or Ei"_s.arg(q.m_suffix));
    q.m_value = number * *factor;
    if (!std::isfinite(q.m_value))
        return fail(u"the number is too large"_s);
    return q;
}

QDebug operator<<(QDebug dbg, const Quantity &q)
{
    QDebugStateSaver saver(dbg);
    dbg.nospace() << "Quantity(" << q.text() << " = " << q.value() << ")";
    return dbg;
}

} // namespace dc
