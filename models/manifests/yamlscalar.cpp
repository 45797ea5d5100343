#include "yamlscalar.h"

#include <QHash>
#include <QLocale>
#include <QRegularExpression>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

// The words YAML 1.1 resolves as booleans, nulls and special floats, each in exactly the case
// variants the type specs (yaml.org/type/bool.html, null.html, float.html) list.
const QHash<QString, ResolvedScalar> &words()
{
    static const QHash<QString, ResolvedScalar> table = [] {
        QHash<QString, ResolvedScalar> t;
        const auto add = [&t](std::initializer_list<const char16_t *> spellings, ResolvedScalar::Kind kind, const Node &value) {
            for (const char16_t *s : spellings)
                t.insert(QString::fromUtf16(s), {kind, value});
        };
        using K = ResolvedScalar::Kind;
        add({u"y", u"Y", u"yes", u"Yes", u"YES", u"true", u"True", u"TRUE", u"on", u"On", u"ON"}, K::Bool, Node(true));
        add({u"n", u"N", u"no", u"No", u"NO", u"false", u"False", u"FALSE", u"off", u"Off", u"OFF"}, K::Bool, Node(false));
        add({u"", u"~", u"null", u"Null", u"NULL"}, K::Null, Node());
        add({u".nan", u".NaN", u".NAN"}, K::Float, Node(std::numeric_limits<double>::quiet_NaN()));
        add({u".inf", u".Inf", u".INF", u"+.inf", u"+.Inf", u"+.INF"}, K::Float, Node(std::numeric_limits<double>::infinity()));
        add({u"-.inf", u"-.Inf", u"-.INF"}, K::Float, Node(-std::numeric_limits<double>::infinity()));
        return t;
    }();
    return table;
}

// An integer with an optional sign and Go's base prefixes (0x, 0o, 0b, and a leading 0 for
// octal), as strconv.ParseInt(s, 0, 64) reads it; nullopt when it is not one or overflows.
std::optional<qint64> parseGoInt(QStringView s)
{
    bool negative = false;
    if (!s.isEmpty() && (s.front() == u'+' || s.front() == u'-')) {
        negative = s.front() == u'-';
        s = s.mid(1);
    }
    int base = 10;
    if (s.size() >= 2 && s.front() == u'0') {
        const QChar p = s.at(1).toLower();
        if (p == u'x' || p == u'o' || p == u'b') {
            base = p == u'x' ? 16 : p == u'o' ? 8 : 2;
            s = s.mid(2);
        } else {
            base = 8;
            s = s.mid(1);
        }
    }
    if (s.isEmpty())
        return std::nullopt;
    // Accumulate as a negative number so that the int64 minimum fits.
    qint64 v = 0;
    for (QChar c : s) {
        int d = -1;
        if (c >= u'0' && c <= u'9')
            d = c.unicode() - '0';
        else if (c.toLower() >= u'a' && c.toLower() <= u'f')
            d = c.toLower().unicode() - 'a' + 10;
        if (d < 0 || d >= base)
            return std::nullopt;
        if (v < (std::numeric_limits<qint64>::min() + d) / base)
            return std::nullopt;
        v = v * base - d;
    }
    if (!negative) {
        if (v == std::numeric_limits<qint64>::min())
            return std::nullopt;
        v = -v;
    }
    return v;
}

int digitsAt(QStringView s, qsizetype *pos, int minDigits, int maxDigits)
{
    int value = 0;
    int n = 0;
    while (*pos < s.size() && n < maxDigits && s.at(*pos).isDigit() && s.at(*pos).unicode() < 128) {
        value = value * 10 + (s.at(*pos).unicode() - '0');
        ++*pos;
        ++n;
    }
    return n >= minDigits ? value : -1;
}

bool validDate(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The timestamp forms go-yaml v2 accepts ("2006-1-2", "2006-1-2T15:4:5.999999999Z07:00" with
// T or t, "2006-1-2 15:4:5.999999999"), as the RFC 3339 text Go's JSON encoder writes for them.
std::optional<QString> parseTimestamp(QStringView s)
{
    qsizetype i = 0;
    const int year = digitsAt(s, &i, 4, 4);
    if (year < 0 || i >= s.size() || s.at(i) != u'-')
        return std::nullopt;
    ++i;
    const int month = digitsAt(s, &i, 1, 2);
    if (month < 0 || i >= s.size() || s.at(i) != u'-')
        return std::nullopt;
    ++i;
    const int day = digitsAt(s, &i, 1, 2);
    if (day < 0 || !validDate(year, month, day))
        return std::nullopt;
    const auto two = [](int v) { return QString::number(v).rightJustified(2, u'0'); };
    const QString date = QString::number(year) + u'-' + two(month) + u'-' + two(day);
    if (i == s.size())
        return date + u"T00:00:00Z"_s;
    const QChar sep = s.at(i);
    if (sep != u'T' && sep != u't' && sep != u' ')
        return std::nullopt;
    ++i;
    const int hour = digitsAt(s, &i, 1, 2);
    if (hour < 0 || hour > 23 || i >= s.size() || s.at(i) != u':')
        return std::nullopt;
    ++i;
    const int minute = digitsAt(s, &i, 1, 2);
    if (minute < 0 || minute > 59 || i >= s.size() || s.at(i) != u':')
        return std::nullopt;
    ++i;
    const int second = digitsAt(s, &i, 1, 2);
    if (second < 0 || second > 59)
        return std::nullopt;
    QString fraction;
    if (i < s.size() && s.at(i) == u'.') {
        ++i;
        const qsizetype start = i;
        while (i < s.size() && s.at(i).isDigit() && s.at(i).unicode() < 128 && i - start < 9)
            ++i;
        if (i == start)
            return std::nullopt;
        fraction = s.mid(start, i - start).toString();
        while (fraction.endsWith(u'0'))
            fraction.chop(1);
    }
    QString zone = u"Z"_s;
    if (sep == u' ') {
        if (i != s.size())
            return std::nullopt; // the space-separated form has no zone
    } else {
        if (i >= s.size())
            return std::nullopt; // RFC 3339 needs a zone
        if (s.at(i) == u'Z') {
            ++i;
        } else if (s.at(i) == u'+' || s.at(i) == u'-') {
            const QChar sign = s.at(i++);
            const int zh = digitsAt(s, &i, 2, 2);
            if (zh < 0 || zh > 23 || i >= s.size() || s.at(i) != u':')
                return std::nullopt;
            ++i;
            const int zm = digitsAt(s, &i, 2, 2);
            if (zm < 0 || zm > 59)
                return std::nullopt;
            if (zh != 0 || zm != 0)
                zone = QString(sign) + two(zh) + u':' + two(zm);
        } else {
            return std::nullopt;
        }
        if (i != s.size())
            return std::nullopt;
    }
    return date + u'T' + two(hour) + u':' + two(minute) + u':' + two(second) + (fraction.isEmpty() ? QString() : u'.' + fraction) + zone;
}

std::optional<double> parseFloat(const QString &s)
{
    static const QRegularExpression yamlFloat(u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    if (!yamlFloat.match(s).hasMatch())
        return std::nullopt;
    const QByteArray latin = s.toLatin1();
    errno = 0;
    char *end = nullptr;
    const double d = std::strtod(latin.constData(), &end);
    // Go's ParseFloat fails on overflow, so go-yaml keeps "1e400" a string.
    if (end != latin.constData() + latin.size() || std::isinf(d))
        return std::nullopt;
    return d;
}

ResolvedScalar number(Node n, ResolvedScalar::Kind kind, const QString &text, const QString &canonical)
{
    if (text != canonical)
        n.setOriginalText(text);
    return {kind, std::move(n)};
}

} // namespace

ResolvedScalar resolveScalar(const QString &text)
{
    using K = ResolvedScalar::Kind;
    const QChar first = text.isEmpty() ? QChar() : text.front();
    const bool sign = first == u'+' || first == u'-';
    const bool digit = first >= u'0' && first <= u'9';
    // go-yaml only tries to resolve scalars whose first character can start a non-string.
    if (!text.isEmpty() && !sign && !digit && first != u'.' && !QStringView(u"yYnNtTfFoO~").contains(first))
        return {K::String, Node(text)};
    const auto word = words().constFind(text);
    if (word != words().constEnd())
        return *word;
    if (first == u'.') {
        if (const auto d = parseFloat(text))
            return number(Node(*d), K::Float, text, QString());
        return {K::String, Node(text)};
    }
    if (!sign && !digit)
        return {K::String, Node(text)};
    if (const auto ts = parseTimestamp(text))
        return {K::Timestamp, Node(*ts)};
    QString plain = text;
    plain.remove(u'_');
    if (const auto i = parseGoInt(plain))
        return number(Node(*i), K::Int, text, QString::number(*i));
    // Above the int64 range go-yaml yields a uint64 and then a float; both are numbers in JSON.
    if (const auto d = parseFloat(plain))
        return number(Node(*d), K::Float, text, QString());
    if (!sign && plain.size() > 2 && plain.startsWith(u'0') && plain.at(1).toLower() == u'x') {
        bool ok = false;
        const qulonglong u = plain.mid(2).toULongLong(&ok, 16);
        if (ok)
            return number(Node(double(u)), K::Int, text, QString());
    }
    return {K::String, Node(text)};
}

bool plainScalarChangesType(const QString &text)
{
    if (resolveScalar(text).kind != ResolvedScalar::Kind::String)
        return true;
    // YAML 1.1's base-60 numbers ("12:30"); go-yaml does not read them, other YAML 1.1 readers do.
    static const QRegularExpression sexagesimal(u"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?$"_s);
    return sexagesimal.match(text).hasMatch();
}

QString jsonKeyText(const Node &key)
{
    switch (key.type()) {
    case Node::Type::String: return key.toString();
    case Node::Type::Bool: return key.toBool() ? u"true"_s : u"false"_s;
    case Node::Type::Int: return QString::number(key.toInt());
    case Node::Type::Double: {
        const double d = key.toDouble();
        if (std::isnan(d))
            return u".nan"_s;
        if (std::isinf(d))
            return d > 0 ? u".inf"_s : u"-.inf"_s;
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case Node::Type::Null: return u"null"_s;
    default: return key.scalarText();
    }
}

} // namespace dc
