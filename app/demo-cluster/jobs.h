#pragma once

#include "resourcetypes.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace dc::demo {

class EventRecorder;
class ObjectStore;

/// The API server's defaults for a new Job: the controller-uid selector and pod labels (unless
/// manualSelector), parallelism, completions, backoffLimit, completionMode, suspend.
[[nodiscard]] QJsonObject withJobDefaults(QJsonObject job, const QString &uid);
/// The API server's defaults for a new CronJob: concurrencyPolicy, suspend, history limits.
[[nodiscard]] QJsonObject withCronJobDefaults(QJsonObject cronJob);
/// What the API server refuses in a Job or CronJob ("spec.schedule: Invalid value: ..."), or
/// nullopt; other kinds have nothing to refuse here.
[[nodiscard]] std::optional<QString> batchProblem(const QJsonObject &object);

/**
 * The Job and CronJob controllers. A Job runs up to `parallelism` pods at a time until
 * `completions` of them succeeded (Complete) or more than `backoffLimit` failed (Failed), with
 * the controller's back-off (10 s doubling) between failed pods; a suspended Job runs none. A
 * CronJob creates a Job at each scheduled minute (in spec.timeZone, UTC by default) within
 * startingDeadlineSeconds, honours concurrencyPolicy and suspend, and keeps
 * successfulJobsHistoryLimit and failedJobsHistoryLimit finished Jobs.
 */
class JobController
{
public:
    using StatusWriter = std::function<void(const QString &key, const QJsonObject &object, const QJsonObject &status)>;
    JobController(ObjectStore &store, EventRecorder &events, const QList<ResourceType> &types, double speed, StatusWriter writeStatus);

    /// One tick: every CronJob, then every Job with its pods (`podsByOwner`: owner uid -> pod keys).
    void sync(qint64 nowMs, const QHash<QString, QStringList> &podsByOwner);

private:
    void syncJob(const QString &key, qint64 nowMs, const QStringList &pods);
    void syncCronJob(const QString &key, qint64 nowMs);

    ObjectStore &m_store;
    EventRecorder &m_events;
    const ResourceType *m_podType;
    const ResourceType *m_jobType;
    double m_speed;
    StatusWriter m_writeStatus;
};

} // namespace dc::demo
