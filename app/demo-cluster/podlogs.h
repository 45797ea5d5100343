#pragma once

#include "httpserver.h"
#include "kubelet.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace dc::demo {

class ObjectStore;

/// One line a simulated container wrote, and when.
struct LogLine
{
    qint64 ms = 0;
    QString text;
};

/**
 * What a simulated container writes to its log, computed from what the kubelet made it do:
 * start-up lines (its image, the ports it listens on), readiness, one request line a second from
 * the simulated load while it serves (ports declared; methods and status codes as /metrics counts
 * them), failing readiness checks of a ":fail" image, the crash message of each ":crash" run, and
 * the end of a pod that runs to completion. `previous` is the run before the current one (crash
 * loops). Request lines older than 10,000 seconds are gone, as a rotated container log is.
 */
[[nodiscard]] QList<LogLine> containerLog(const QJsonObject &pod, const QString &container, const Kubelet::Timeline &timeline, qint64 nowMs,
                                          bool previous);

/**
 * The pods' log subresource (kubectl logs): container, previous, tailLines, sinceSeconds,
 * sinceTime, timestamps, limitBytes, and follow, which streams new lines until the container
 * stops or the client goes. Errors are worded as the kubelet words them.
 */
class PodLogs : public QObject
{
    Q_OBJECT
public:
    PodLogs(const ObjectStore &store, const Kubelet &kubelet, QObject *parent = nullptr);

    /// Answers GET .../pods/<name>/log for the pod stored at `podKey`; with follow, streams on
    /// `connection` and returns a response of status 0 (already answered).
    HttpResponse serve(const HttpRequest &request, const QString &podKey, HttpConnection *connection);

private:
    const ObjectStore &m_store;
    const Kubelet &m_kubelet;
};

} // namespace dc::demo
