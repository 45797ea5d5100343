#include "applymarkers.h"

#include "deploy/applyhistory.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::metrics {

QList<ApplyMarker> applyMarkers(const QList<deploy::ApplyRecord> &records, const QString &targetId, const QString &server, qint64 startMs, qint64 endMs)
{
    QList<ApplyMarker> out;
    for (const deploy::ApplyRecord &r : records) {
        const qint64 t = r.time.toMSecsSinceEpoch();
        if (r.dryRun || r.target != targetId || (!server.isEmpty() && r.server != server) || t < startMs || t > endMs)
            continue;
        QString text = u"apply #%1"_s.arg(r.id);
        if (!r.user.isEmpty())
            text += u" by "_s + r.user;
        text += r.succeeded ? u" — "_s + r.summary.section(u'\n', 0, 0) : u" — failed: "_s + r.summary.section(u'\n', 0, 0);
        out.append({t, text.trimmed(), r.succeeded});
    }
    std::sort(out.begin(), out.end(), [](const ApplyMarker &a, const ApplyMarker &b) { return a.timeMs < b.timeMs; });
    return out;
}

} // namespace dc::metrics
