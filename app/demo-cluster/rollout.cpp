#include "rollout.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

// The characters Kubernetes uses for generated names and hashes: no vowels, no look-alikes.
const char SafeAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";

qint64 specReplicas(const QJsonObject &spec)
{
    return spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInteger() : 1;
}

qint64 sumReplicas(const QList<RsView> &rss)
{
    qint64 n = 0;
    for (const RsView &r : rss)
        n += r.replicas;
    return n;
}

} // namespace

qint64 scaledValue(const QJsonValue &value, qint64 total, bool roundUp, const QString &fallback)
{
    const QJsonValue v = value.isUndefined() || value.isNull() ? QJsonValue(fallback) : value;
    if (v.isDouble())
        return std::max<qint64>(0, v.toInteger());
    QString text = v.toString();
    if (!text.endsWith(u'%'))
        return std::max<qint64>(0, text.toLongLong());
    text.chop(1);
    const double scaled = text.toDouble() * double(total) / 100.0;
    return qint64(roundUp ? std::ceil(scaled) : std::floor(scaled));
}

bool isRecreate(const QJsonObject &deploymentSpec)
{
    return deploymentSpec.value(u"strategy"_s).toObject().value(u"type"_s).toString() == u"Recreate"_s;
}

Fenceposts resolveFenceposts(const QJsonObject &deploymentSpec)
{
    const QJsonObject ru = deploymentSpec.value(u"strategy"_s).toObject().value(u"rollingUpdate"_s).toObject();
    const qint64 replicas = specReplicas(deploymentSpec);
    Fenceposts f{scaledValue(ru.value(u"maxSurge"_s), replicas, true, u"25%"_s),
                 scaledValue(ru.value(u"maxUnavailable"_s), replicas, false, u"25%"_s)};
    if (f.surge == 0 && f.unavailable == 0)
        f.unavailable = 1;
    return f;
}

qint64 maxUnavailable(const QJsonObject &deploymentSpec)
{
    const qint64 replicas = specReplicas(deploymentSpec);
    if (isRecreate(deploymentSpec) || replicas == 0)
        return 0;
    return std::min(resolveFenceposts(deploymentSpec).unavailable, replicas);
}

QHash<QString, qint64> syncReplicaSets(const QJsonObject &deploymentSpec, const RsView &newRs, QList<RsView> oldRss)
{
    QHash<QString, qint64> changes;
    const qint64 replicas = specReplicas(deploymentSpec);
    std::sort(oldRss.begin(), oldRss.end(), [](const RsView &a, const RsView &b) { return a.createdMs < b.createdMs; });

    if (isRecreate(deploymentSpec)) {
        bool oldRunning = false;
        for (const RsView &r : std::as_const(oldRss)) {
            if (r.replicas != 0)
                changes.insert(r.key, 0);
            oldRunning = oldRunning || r.replicas != 0 || r.current != 0;
        }
        // The new pods start once every old one is gone.
        if (changes.isEmpty() && !oldRunning && newRs.replicas != replicas)
            changes.insert(newRs.key, replicas);
        return changes;
    }

    // Scale the new ReplicaSet up (or down to the replicas), within maxSurge.
    const Fenceposts f = resolveFenceposts(deploymentSpec);
    if (newRs.replicas > replicas) {
        changes.insert(newRs.key, replicas);
        return changes;
    }
    if (newRs.replicas < replicas) {
        const qint64 all = newRs.replicas + sumReplicas(oldRss);
        const qint64 maxTotal = replicas + f.surge;
        if (all < maxTotal) {
            changes.insert(newRs.key, newRs.replicas + std::min(maxTotal - all, replicas - newRs.replicas));
            return changes;
        }
    }

    // Else scale old ones down, keeping replicas - maxUnavailable available.
    if (sumReplicas(oldRss) == 0)
        return changes;
    const qint64 minAvailable = replicas - maxUnavailable(deploymentSpec);
    const qint64 newUnavailable = newRs.replicas - newRs.available;
    const qint64 all = newRs.replicas + sumReplicas(oldRss);
    const qint64 maxScaledDown = all - minAvailable - newUnavailable;
    if (maxScaledDown <= 0)
        return changes;
    // Pods that are not available are taken away first: they serve nobody.
    qint64 cleaned = 0;
    for (RsView &r : oldRss) {
        if (cleaned >= maxScaledDown)
            break;
        const qint64 unhealthy = r.replicas - r.available;
        if (r.replicas == 0 || unhealthy <= 0)
            continue;
        const qint64 down = std::min(maxScaledDown - cleaned, unhealthy);
        r.replicas -= down;
        changes.insert(r.key, r.replicas);
        cleaned += down;
    }
    // Then available ones, as far as availability allows, oldest ReplicaSet first.
    qint64 available = newRs.available;
    for (const RsView &r : std::as_const(oldRss))
        available += std::min(r.available, r.replicas);
    if (available > minAvailable) {
        const qint64 toScale = available - minAvailable;
        qint64 scaled = 0;
        for (RsView &r : oldRss) {
            if (scaled >= toScale)
                break;
            if (r.replicas == 0)
                continue;
            const qint64 down = std::min(r.replicas, toScale - scaled);
            r.replicas -= down;
            changes.insert(r.key, r.replicas);
            scaled += down;
        }
    }
    return changes;
}

QString podTemplateHash(const QJsonObject &podTemplate)
{
    quint32 h = 2166136261u;
    for (const char c : QJsonDocument(podTemplate).toJson(QJsonDocument::Compact)) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    // As rand.SafeEncodeString(fmt.Sprint(hash)): each decimal digit mapped into the alphabet.
    QString out;
    for (const QChar digit : QString::number(h))
        out += QLatin1Char(SafeAlphabet[digit.unicode() % (sizeof(SafeAlphabet) - 1)]);
    return out;
}

QString randomSuffix()
{
    QString out;
    for (int i = 0; i < 5; ++i)
        out += QLatin1Char(SafeAlphabet[QRandomGenerator::global()->bounded(int(sizeof(SafeAlphabet) - 1))]);
    return out;
}

} // namespace dc::demo
