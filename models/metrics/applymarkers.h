#pragma once

#include <QList>
#include <QString>

namespace dc::deploy {
struct ApplyRecord;
}

namespace dc::metrics {

/// An apply of the module drawn on the charts, at the time it happened.
struct ApplyMarker
{
    qint64 timeMs = 0;
    QString text; // "apply #12 by alice — 3 changed" (for the hover)
    bool succeeded = true;
    bool operator==(const ApplyMarker &) const = default;
};

/// The applies of `targetId` to `server` ("" any) within [startMs, endMs] (dry runs left out),
/// oldest first, from the apply history's records.
[[nodiscard]] QList<ApplyMarker> applyMarkers(const QList<deploy::ApplyRecord> &records, const QString &targetId, const QString &server, qint64 startMs,
                                              qint64 endMs);

} // namespace dc::metrics
