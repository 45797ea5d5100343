#include "cron.h"

#include <QHash>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// One field into `bits` (values lo..hi); false when it is not one.
template<size_t N>
bool parseField(const QString &field, int lo, int hi, const QStringList &names, std::bitset<N> *bits, bool *star)
{
    *star = field == u"*"_s || field == u"?"_s;
    auto value = [&](const QString &text, bool *ok) {
        const qsizetype named = names.indexOf(text.toLower());
        if (named >= 0) {
            *ok = true;
            return int(named) + lo;
        }
        return text.toInt(ok);
    };
    for (const QString &part : field.split(u',')) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(u'/'); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step <= 0)
                return false;
            range = part.left(slash);
        }
        int from = lo, to = hi;
        if (range != u"*"_s && range != u"?"_s) {
            bool ok = false;
            const qsizetype dash = range.indexOf(u'-');
            from = value(dash >= 0 ? range.left(dash) : range, &ok);
            if (!ok)
                return false;
            to = from;
            if (dash >= 0) {
                to = value(range.mid(dash + 1), &ok);
                if (!ok)
                    return false;
            } else if (part.contains(u'/')) {
                to = hi;
            }
        }
        if (from < lo || to > hi || from > to)
            return false;
        for (int v = from; v <= to; v += step)
            bits->set(size_t(v));
    }
    return true;
}

} // namespace

std::optional<CronSchedule> CronSchedule::parse(const QString &text, QString *error)
{
    static const QHash<QString, QString> macros = {
        {u"@yearly"_s, u"0 0 1 1 *"_s}, {u"@annually"_s, u"0 0 1 1 *"_s}, {u"@monthly"_s, u"0 0 1 * *"_s},
        {u"@weekly"_s, u"0 0 * * 0"_s}, {u"@daily"_s, u"0 0 * * *"_s},    {u"@midnight"_s, u"0 0 * * *"_s},
        {u"@hourly"_s, u"0 * * * *"_s},
    };
    const QString spec = macros.value(text.trimmed(), text.trimmed());
    const QStringList fields = spec.split(u' ', Qt::SkipEmptyParts);
    if (fields.size() != 5) {
        *error = u"expected exactly 5 fields, found %1: %2"_s.arg(fields.size()).arg(text);
        return std::nullopt;
    }
    static const QStringList months = {u"jan"_s, u"feb"_s, u"mar"_s, u"apr"_s, u"may"_s, u"jun"_s,
                                       u"jul"_s, u"aug"_s, u"sep"_s, u"oct"_s, u"nov"_s, u"dec"_s};
    static const QStringList days = {u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};
    CronSchedule s;
    bool star = false;
    std::bitset<8> weekdays; // 7 is Sunday too
    if (!parseField(fields[0], 0, 59, {}, &s.m_minutes, &star) || !parseField(fields[1], 0, 23, {}, &s.m_hours, &star)
        || !parseField(fields[2], 1, 31, {}, &s.m_days, &s.m_anyDay) || !parseField(fields[3], 1, 12, months, &s.m_months, &star)
        || !parseField(fields[4], 0, 7, days, &weekdays, &s.m_anyWeekday)) {
        *error = u"unparseable schedule: %1"_s.arg(text);
        return std::nullopt;
    }
    for (size_t d = 0; d < 7; ++d)
        s.m_weekdays[d] = weekdays[d] || (d == 0 && weekdays[7]);
    return s;
}

bool CronSchedule::matches(const QDateTime &local) const
{
    const QDate date = local.date();
    const QTime time = local.time();
    if (!m_minutes[size_t(time.minute())] || !m_hours[size_t(time.hour())] || !m_months[size_t(date.month())])
        return false;
    const bool day = m_days[size_t(date.day())];
    const bool weekday = m_weekdays[size_t(date.dayOfWeek() % 7)];
    if (m_anyDay || m_anyWeekday)
        return (m_anyDay || day) && (m_anyWeekday || weekday);
    return day || weekday;
}

QDateTime CronSchedule::latestBetween(const QDateTime &after, const QDateTime &until) const
{
    QDateTime t = until;
    t.setTime(QTime(t.time().hour(), t.time().minute()));
    const QDateTime weekAgo = until.addDays(-7);
    for (; t > after && t > weekAgo; t = t.addSecs(-60))
        if (matches(t))
            return t;
    return {};
}

} // namespace dc::demo
