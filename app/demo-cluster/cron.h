#pragma once

#include <QDateTime>
#include <QString>

#include <bitset>
#include <optional>

namespace dc::demo {

/**
 * A CronJob schedule as Kubernetes reads it: five fields (minute, hour, day of month, month, day
 * of week) with *, lists, ranges, steps and the names of months and days, or one of @yearly,
 * @annually, @monthly, @weekly, @daily, @midnight, @hourly. When both day fields are
 * restricted, either matching is enough (cron's rule).
 */
class CronSchedule
{
public:
    /// nullopt with the reason when `text` is no schedule.
    static std::optional<CronSchedule> parse(const QString &text, QString *error);

    /// Whether the minute of `local` (in the schedule's time zone) is a scheduled one.
    [[nodiscard]] bool matches(const QDateTime &local) const;
    /// The latest scheduled minute in (after, until], looked for at most a week back; an invalid
    /// QDateTime when there is none.
    [[nodiscard]] QDateTime latestBetween(const QDateTime &after, const QDateTime &until) const;

private:
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;
    std::bitset<13> m_months;
    std::bitset<7> m_weekdays;
    bool m_anyDay = true;
    bool m_anyWeekday = true;
};

} // namespace dc::demo
