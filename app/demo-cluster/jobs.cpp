#include "jobs.h"

#include "cron.h"
#include "events.h"
#include "objectstore.h"
#include "pods.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

const QString JobsPrefix = u"batch/jobs/"_s;
const QString CronJobsPrefix = u"batch/cronjobs/"_s;

QString stampOf(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

qint64 msOf(const QString &stamp)
{
    return QDateTime::fromString(stamp, Qt::ISODate).toMSecsSinceEpoch();
}

QJsonObject meta(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject();
}

QJsonObject jobCondition(const QString &type, qint64 nowMs, const QString &reason, const QString &message)
{
    return QJsonObject{{u"type"_s, type}, {u"status"_s, u"True"_s}, {u"lastProbeTime"_s, stampOf(nowMs)},
                       {u"lastTransitionTime"_s, stampOf(nowMs)}, {u"reason"_s, reason}, {u"message"_s, message}};
}

// "Complete" or "Failed" when the Job has finished, else "".
QString finishedAs(const QJsonObject &job)
{
    for (const QJsonValue &c : job.value(u"status"_s).toObject().value(u"conditions"_s).toArray()) {
        const QString type = c.toObject().value(u"type"_s).toString();
        if ((type == u"Complete"_s || type == u"Failed"_s) && c.toObject().value(u"status"_s).toString() == u"True"_s)
            return type;
    }
    return {};
}

std::optional<QString> restartPolicyProblem(const QJsonObject &podTemplate, const QString &path)
{
    const QString policy = podTemplate.value(u"spec"_s).toObject().value(u"restartPolicy"_s).toString();
    if (policy == u"OnFailure"_s || policy == u"Never"_s)
        return std::nullopt;
    if (policy.isEmpty())
        return u"%1: Required value: valid values: \"OnFailure\", \"Never\""_s.arg(path);
    return u"%1: Unsupported value: \"%2\": supported values: \"OnFailure\", \"Never\""_s.arg(path, policy);
}

} // namespace

QJsonObject withJobDefaults(QJsonObject job, const QString &uid)
{
    QJsonObject spec = job.value(u"spec"_s).toObject();
    QJsonObject m = meta(job);
    const QString name = m.value(u"name"_s).toString();
    if (!spec.value(u"manualSelector"_s).toBool()) {
        const QJsonObject labels{{u"batch.kubernetes.io/controller-uid"_s, uid}, {u"batch.kubernetes.io/job-name"_s, name},
                                 {u"controller-uid"_s, uid}, {u"job-name"_s, name}};
        spec.insert(u"selector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{u"batch.kubernetes.io/controller-uid"_s, uid}}}});
        QJsonObject tmpl = spec.value(u"template"_s).toObject();
        QJsonObject tm = tmpl.value(u"metadata"_s).toObject();
        QJsonObject podLabels = tm.value(u"labels"_s).toObject();
        QJsonObject jobLabels = m.value(u"labels"_s).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            podLabels.insert(it.key(), *it);
            if (it.key().startsWith(u"batch.kubernetes.io/"_s) && !jobLabels.contains(it.key()))
                jobLabels.insert(it.key(), *it);
        }
        tm.insert(u"labels"_s, podLabels);
        tmpl.insert(u"metadata"_s, tm);
        spec.insert(u"template"_s, tmpl);
        m.insert(u"labels"_s, jobLabels);
        job.insert(u"metadata"_s, m);
    }
    if (!spec.contains(u"completions"_s) && !spec.contains(u"parallelism"_s))
        spec.insert(u"completions"_s, 1);
    if (!spec.contains(u"parallelism"_s))
        spec.insert(u"parallelism"_s, 1);
    for (const auto &[key, value] : {std::pair{u"backoffLimit"_s, QJsonValue(6)}, std::pair{u"completionMode"_s, QJsonValue(u"NonIndexed"_s)},
                                     std::pair{u"suspend"_s, QJsonValue(false)}, std::pair{u"podReplacementPolicy"_s, QJsonValue(u"TerminatingOrFailed"_s)}})
        if (!spec.contains(key))
            spec.insert(key, value);
    job.insert(u"spec"_s, spec);
    return job;
}

QJsonObject withCronJobDefaults(QJsonObject cronJob)
{
    QJsonObject spec = cronJob.value(u"spec"_s).toObject();
    for (const auto &[key, value] : {std::pair{u"concurrencyPolicy"_s, QJsonValue(u"Allow"_s)}, std::pair{u"suspend"_s, QJsonValue(false)},
                                     std::pair{u"successfulJobsHistoryLimit"_s, QJsonValue(3)},
                                     std::pair{u"failedJobsHistoryLimit"_s, QJsonValue(1)}})
        if (!spec.contains(key))
            spec.insert(key, value);
    cronJob.insert(u"spec"_s, spec);
    return cronJob;
}

std::optional<QString> batchProblem(const QJsonObject &object)
{
    const QString kind = object.value(u"kind"_s).toString();
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    if (kind == u"Job"_s)
        return restartPolicyProblem(spec.value(u"template"_s).toObject(), u"spec.template.spec.restartPolicy"_s);
    if (kind != u"CronJob"_s)
        return std::nullopt;
    QString why;
    const QString schedule = spec.value(u"schedule"_s).toString();
    if (schedule.isEmpty())
        return u"spec.schedule: Required value"_s;
    if (!CronSchedule::parse(schedule, &why))
        return u"spec.schedule: Invalid value: \"%1\": %2"_s.arg(schedule, why);
    const QString zone = spec.value(u"timeZone"_s).toString();
    if (!zone.isEmpty() && !QTimeZone(zone.toUtf8()).isValid())
        return u"spec.timeZone: Invalid value: \"%1\": unknown time zone %1"_s.arg(zone);
    return restartPolicyProblem(spec.value(u"jobTemplate"_s).toObject().value(u"spec"_s).toObject().value(u"template"_s).toObject(),
                                u"spec.jobTemplate.spec.template.spec.restartPolicy"_s);
}

JobController::JobController(ObjectStore &store, EventRecorder &events, const QList<ResourceType> &types, double speed, StatusWriter writeStatus)
    : m_store(store)
    , m_events(events)
    , m_podType(builtinType(types, u"Pod"_s))
    , m_jobType(nullptr)
    , m_speed(speed)
    , m_writeStatus(std::move(writeStatus))
{
    for (const ResourceType &t : types)
        if (t.kind == u"Job"_s && t.group == u"batch"_s)
            m_jobType = &t;
}

void JobController::sync(qint64 nowMs, const QHash<QString, QStringList> &podsByOwner)
{
    if (!m_jobType)
        return;
    for (const QString &key : m_store.keysUnder(CronJobsPrefix))
        syncCronJob(key, nowMs);
    for (const QString &key : m_store.keysUnder(JobsPrefix))
        syncJob(key, nowMs, podsByOwner.value(meta(m_store.value(key)).value(u"uid"_s).toString()));
}

void JobController::syncJob(const QString &key, qint64 nowMs, const QStringList &pods)
{
    const QJsonObject job = m_store.value(key);
    const QJsonObject spec = job.value(u"spec"_s).toObject();
    QJsonObject status = job.value(u"status"_s).toObject();
    if (!finishedAs(job).isEmpty())
        return;
    const qint64 parallelism = spec.value(u"parallelism"_s).toInteger(1);
    const qint64 completions = spec.value(u"completions"_s).toInteger(1);
    const qint64 backoffLimit = spec.value(u"backoffLimit"_s).toInteger(6);
    const bool suspended = spec.value(u"suspend"_s).toBool();
    qint64 succeeded = 0, failed = 0, ready = 0, lastFailureMs = 0;
    QStringList active;
    for (const QString &podKey : pods) {
        const QJsonObject podStatus = m_store.value(podKey).value(u"status"_s).toObject();
        const QString phase = podStatus.value(u"phase"_s).toString();
        if (phase == u"Succeeded"_s) {
            ++succeeded;
        } else if (phase == u"Failed"_s) {
            ++failed;
            for (const QJsonValue &cs : podStatus.value(u"containerStatuses"_s).toArray())
                lastFailureMs = std::max(lastFailureMs, msOf(cs[u"state"_s][u"terminated"_s][u"finishedAt"_s].toString()));
        } else {
            active << podKey;
            for (const QJsonValue &c : podStatus.value(u"conditions"_s).toArray())
                ready += c[u"type"_s].toString() == u"Ready"_s && c[u"status"_s].toString() == u"True"_s;
        }
    }
    QJsonArray conditions = status.value(u"conditions"_s).toArray();
    auto stopActive = [&] {
        for (const QString &podKey : std::as_const(active))
            m_store.erase(podKey);
        active.clear();
        ready = 0;
    };
    if (!status.contains(u"startTime"_s) && !suspended)
        status.insert(u"startTime"_s, stampOf(nowMs));
    if (succeeded >= completions) {
        stopActive();
        conditions.append(jobCondition(u"SuccessCriteriaMet"_s, nowMs, u"CompletionsReached"_s, u"Reached expected number of succeeded pods"_s));
        conditions.append(jobCondition(u"Complete"_s, nowMs, u"CompletionsReached"_s, u"Reached expected number of succeeded pods"_s));
        status.insert(u"completionTime"_s, stampOf(nowMs));
        m_events.record(job, u"Normal"_s, u"Completed"_s, u"Job completed"_s, u"job-controller"_s);
    } else if (failed > backoffLimit) {
        stopActive();
        conditions.append(jobCondition(u"FailureTarget"_s, nowMs, u"BackoffLimitExceeded"_s, u"Job has reached the specified backoff limit"_s));
        conditions.append(jobCondition(u"Failed"_s, nowMs, u"BackoffLimitExceeded"_s, u"Job has reached the specified backoff limit"_s));
        m_events.record(job, u"Warning"_s, u"BackoffLimitExceeded"_s, u"Job has reached the specified backoff limit"_s, u"job-controller"_s);
    } else if (suspended) {
        stopActive();
    } else {
        // The controller's back-off after failed pods: 10 s, doubling, at most 6 minutes.
        const qint64 delayMs = failed == 0 ? 0 : qint64(std::min(360000.0, 10000.0 * std::pow(2.0, double(failed - 1))) / m_speed);
        const qint64 wanted = std::min(parallelism, completions - succeeded) - active.size();
        for (qint64 i = 0; i < wanted && nowMs >= lastFailureMs + delayMs; ++i) {
            const QString podKey = createPodFor(m_store, *m_podType, job, spec.value(u"template"_s).toObject(), u"Never"_s);
            active << podKey;
            m_events.record(job, u"Normal"_s, u"SuccessfulCreate"_s, u"Created pod: %1"_s.arg(podKey.section(u'/', -1)), u"job-controller"_s);
        }
    }
    status.insert(u"conditions"_s, conditions);
    if (conditions.isEmpty())
        status.remove(u"conditions"_s);
    for (const auto &[field, count] : {std::pair{u"active"_s, qint64(active.size())}, std::pair{u"succeeded"_s, succeeded},
                                       std::pair{u"failed"_s, failed}})
        if (count > 0)
            status.insert(field, count);
        else
            status.remove(field);
    status.insert(u"ready"_s, ready);
    status.insert(u"terminating"_s, 0);
    status.insert(u"uncountedTerminatedPods"_s, QJsonObject());
    m_writeStatus(key, m_store.value(key), status);
}

void JobController::syncCronJob(const QString &key, qint64 nowMs)
{
    const QJsonObject cronJob = m_store.value(key);
    const QJsonObject cm = meta(cronJob);
    const QJsonObject spec = cronJob.value(u"spec"_s).toObject();
    QJsonObject status = cronJob.value(u"status"_s).toObject();
    const QString uid = cm.value(u"uid"_s).toString();
    const QString ns = cm.value(u"namespace"_s).toString();
    // Its Jobs, oldest first (their names carry the scheduled minute).
    QList<QJsonObject> jobs;
    for (const QString &jobKey : m_store.keysUnder(JobsPrefix + ns + u'/')) {
        const QJsonObject job = m_store.value(jobKey);
        for (const QJsonValue &ref : meta(job).value(u"ownerReferences"_s).toArray())
            if (ref[u"uid"_s].toString() == uid)
                jobs << job;
    }
    std::sort(jobs.begin(), jobs.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return meta(a).value(u"creationTimestamp"_s).toString() < meta(b).value(u"creationTimestamp"_s).toString();
    });
    auto activeJobs = [&] {
        QList<QJsonObject> out;
        for (const QJsonObject &j : std::as_const(jobs))
            if (finishedAs(j).isEmpty() && m_store.contains(JobsPrefix + ns + u'/' + meta(j).value(u"name"_s).toString()))
                out << j;
        return out;
    };
    QString why;
    const std::optional<CronSchedule> schedule = CronSchedule::parse(spec.value(u"schedule"_s).toString(), &why);
    const QString zone = spec.value(u"timeZone"_s).toString();
    const QTimeZone tz = zone.isEmpty() ? QTimeZone::utc() : QTimeZone(zone.toUtf8());
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, tz);
    const QString since = status.value(u"lastScheduleTime"_s).toString(cm.value(u"creationTimestamp"_s).toString());
    const QDateTime after = QDateTime::fromString(since, Qt::ISODate).toTimeZone(tz);
    const QDateTime due = schedule && !spec.value(u"suspend"_s).toBool() ? schedule->latestBetween(after, now) : QDateTime();
    const qint64 deadline = spec.value(u"startingDeadlineSeconds"_s).toInteger(-1);
    if (due.isValid() && (deadline < 0 || now.toMSecsSinceEpoch() - due.toMSecsSinceEpoch() <= deadline * 1000)) {
        const QString policy = spec.value(u"concurrencyPolicy"_s).toString(u"Allow"_s);
        const QList<QJsonObject> running = activeJobs();
        if (policy == u"Forbid"_s && !running.isEmpty()) {
            m_events.record(cronJob, u"Normal"_s, u"JobAlreadyActive"_s, u"Not starting job because prior execution is running and concurrency policy is Forbid"_s,
                            u"cronjob-controller"_s);
        } else {
            for (const QJsonObject &j : running)
                if (policy == u"Replace"_s) {
                    m_store.erase(JobsPrefix + ns + u'/' + meta(j).value(u"name"_s).toString());
                    m_events.record(cronJob, u"Normal"_s, u"SuccessfulDelete"_s, u"Deleted job %1"_s.arg(meta(j).value(u"name"_s).toString()),
                                    u"cronjob-controller"_s);
                }
            const QJsonObject tmpl = spec.value(u"jobTemplate"_s).toObject();
            const QString name = cm.value(u"name"_s).toString() + u'-' + QString::number(due.toSecsSinceEpoch() / 60);
            QJsonObject jm = tmpl.value(u"metadata"_s).toObject();
            QJsonObject annotations = jm.value(u"annotations"_s).toObject();
            annotations.insert(u"batch.kubernetes.io/cronjob-scheduled-timestamp"_s, due.toString(Qt::ISODate));
            jm.insert(u"annotations"_s, annotations);
            jm.insert(u"name"_s, name);
            jm.insert(u"namespace"_s, ns);
            jm.insert(u"ownerReferences"_s, QJsonArray{controllerRef(cronJob)});
            const QJsonObject job{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s}, {u"metadata"_s, jm}, {u"spec"_s, tmpl.value(u"spec"_s)}};
            if (!m_store.contains(JobsPrefix + ns + u'/' + name)) {
                const QJsonObject created = m_store.stamp(job, {}, *m_jobType, ns);
                m_store.store(JobsPrefix + ns + u'/' + name, created);
                jobs << created;
                m_events.record(cronJob, u"Normal"_s, u"SuccessfulCreate"_s, u"Created job %1"_s.arg(name), u"cronjob-controller"_s);
            }
        }
        status.insert(u"lastScheduleTime"_s, due.toUTC().toString(Qt::ISODate));
    }
    // Finished Jobs beyond the history limits go, oldest first.
    for (const QString &outcome : {u"Complete"_s, u"Failed"_s}) {
        const qint64 keep = spec.value(outcome == u"Complete"_s ? u"successfulJobsHistoryLimit"_s : u"failedJobsHistoryLimit"_s).toInteger(outcome == u"Complete"_s ? 3 : 1);
        QStringList finished;
        for (const QJsonObject &j : std::as_const(jobs))
            if (finishedAs(j) == outcome)
                finished << meta(j).value(u"name"_s).toString();
        while (finished.size() > keep) {
            const QString name = finished.takeFirst();
            m_store.erase(JobsPrefix + ns + u'/' + name);
            m_events.record(cronJob, u"Normal"_s, u"SuccessfulDelete"_s, u"Deleted job %1"_s.arg(name), u"cronjob-controller"_s);
        }
        if (outcome == u"Complete"_s)
            for (const QJsonObject &j : std::as_const(jobs))
                if (finishedAs(j) == outcome)
                    status.insert(u"lastSuccessfulTime"_s, j.value(u"status"_s).toObject().value(u"completionTime"_s));
    }
    QJsonArray refs;
    for (const QJsonObject &j : activeJobs())
        refs.append(QJsonObject{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s}, {u"name"_s, meta(j).value(u"name"_s)},
                                {u"namespace"_s, ns}, {u"uid"_s, meta(j).value(u"uid"_s)}});
    if (refs.isEmpty())
        status.remove(u"active"_s);
    else
        status.insert(u"active"_s, refs);
    m_writeStatus(key, m_store.value(key), status);
}

} // namespace dc::demo
