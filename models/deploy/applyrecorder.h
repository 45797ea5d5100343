#pragma once

#include "applyhistory.h"

#include <QMap>
#include <QObject>

namespace dc {
struct Bundle;
struct Target;
}
namespace dc::kube {
class KubeClient;
}

namespace dc::deploy {

class Applier;

/**
 * Records a finished apply in the history: who the server says we are, the bundle's digest,
 * and each applied Deployment's revision, read once the controller has seen the applied
 * generation (asked every 200 ms, at most 10 s). Asynchronous; `finished` carries the record.
 */
class ApplyRecorder : public QObject
{
    Q_OBJECT
public:
    ApplyRecorder(kube::KubeClient *client, QObject *parent = nullptr);
    /// Starts recording `applier`'s outcome for `bundle` (`project`: its file, "" for defaults).
    void record(const Bundle &bundle, const Target &target, const QString &project, const Applier &applier);
    /// The history file used ("" for the default location).
    void setHistoryPath(const QString &path) { m_path = path; }

Q_SIGNALS:
    /// `error` is "" when it was written.
    void finished(const dc::deploy::ApplyRecord &record, const QString &error);

private:
    void readRevisions();
    void write();

    kube::KubeClient *m_client;
    ApplyRecord m_record;
    QMap<QString, qint64> m_pending; // "namespace/name" -> generation still to be observed
    qint64 m_started = 0;
    QString m_path;
};

} // namespace dc::deploy
