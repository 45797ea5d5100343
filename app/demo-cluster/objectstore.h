#pragma once

#include "resourcetypes.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

namespace dc::demo {

class HttpConnection;

/// What one watch asks for.
struct WatchRequest
{
    QString prefix; // storage key prefix, "group/plural/"
    QString ns;     // "" for all namespaces
    QString labelSelector;
    QString fieldSelector;
    bool bookmarks = false;
    QString kind;       // for BOOKMARK objects
    QString apiVersion;
    qint64 resourceVersion = 0; // 0: the current state as ADDED events first
    int timeoutSeconds = 0;
    /// How an event's object is written when not as itself (Tables for kubectl get -w).
    std::function<QByteArray(const QJsonObject &object)> encode = {};
};

/**
 * The cluster's objects by storage key ("group/plural/namespace/name"), their resourceVersions,
 * a bounded history of changes, and the watches fed from it. Each stored object is serialized
 * once and its bytes reused for every LIST and watch that sends it. A watcher whose connection
 * does not take its events (more than `maxWatchBacklog` bytes unsent) has its connection closed,
 * as the API server's watch cache closes unresponsive watchers; the client then watches again.
 */
class ObjectStore : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int historySize = 1000;  // changes kept for resuming; older resourceVersions get 410
        int bookmarkMs = 5000;   // BOOKMARK interval for watches that ask for them
        qint64 maxWatchBacklog = 16 * 1024 * 1024;
    };

    explicit ObjectStore(Options options, QObject *parent = nullptr);
    ~ObjectStore() override;

    [[nodiscard]] const QMap<QString, QJsonObject> &objects() const { return m_objects; }
    [[nodiscard]] bool contains(const QString &key) const { return m_objects.contains(key); }
    [[nodiscard]] QJsonObject value(const QString &key) const { return m_objects.value(key); }
    [[nodiscard]] qint64 resourceVersion() const { return m_resourceVersion; }
    /// The keys of the objects whose key starts with `prefix` ("apps/deployments/"), in order.
    [[nodiscard]] QStringList keysUnder(const QString &prefix) const;
    /// The next resourceVersion, as the text metadata.resourceVersion holds.
    [[nodiscard]] QString nextResourceVersion() { return QString::number(++m_resourceVersion); }

    /// Server-set metadata for a write of `object` over `previous` (empty when new): namespace,
    /// uid, creationTimestamp, a new resourceVersion, generation; apiVersion and kind of the
    /// type; the status of the previous version (the main resource never changes status).
    QJsonObject stamp(QJsonObject object, const QJsonObject &previous, const ResourceType &type, const QString &ns);

    /// Stores the object (ADDED or MODIFIED to the watchers).
    void store(const QString &key, const QJsonObject &object);
    /// Removes the object (DELETED, with a new resourceVersion).
    void erase(const QString &key);
    /// The stored object's JSON (cached).
    [[nodiscard]] QByteArray jsonOf(const QString &key) const;

    /// Streams events to the connection from the request's resourceVersion (410 Expired when it
    /// is older than the history), until the timeout or the connection ends.
    void watch(const WatchRequest &request, HttpConnection *connection);

    /// Replaces everything (a loaded state); the history starts empty.
    void restore(const QMap<QString, QJsonObject> &objects, qint64 resourceVersion);

Q_SIGNALS:
    /// An object was removed (deleted, garbage-collected, or its namespace deleted).
    void erased(const QString &key);
    /// An object was added or changed (after its watch event went out).
    void stored(const QString &key);

private:
    struct Event
    {
        qint64 resourceVersion;
        QString type; // ADDED, MODIFIED, DELETED
        QString key;
        QJsonObject object;
    };
    struct Watcher
    {
        QPointer<HttpConnection> connection;
        WatchRequest request;
        // The state at the start of the watch, sent as ADDED events as the client reads them
        // (not all written at once: 50 watchers of 5,000 objects would hold it all in memory);
        // changes meanwhile wait behind it.
        QList<QJsonObject> initial;
        QList<QByteArray> initialJson;
        qsizetype next = 0;
        QList<QByteArray> queued;
        qint64 queuedBytes = 0;
        [[nodiscard]] bool catchingUp() const { return next < initial.size() || !queued.isEmpty(); }
    };
    void notify(const QString &type, const QString &key, const QJsonObject &object);
    QJsonObject serviceDefaults(QJsonObject spec, const QJsonObject &previousSpec);
    [[nodiscard]] bool matches(const WatchRequest &w, const QString &key, const QJsonObject &object) const;
    /// Writes to the watcher; false (and the connection closed) when it has fallen too far behind.
    bool send(const std::shared_ptr<Watcher> &w, const QByteArray &line);
    void drop(const std::shared_ptr<Watcher> &w);
    /// Sends more of a new watcher's initial events while its connection takes them.
    void pump(const std::shared_ptr<Watcher> &w);
    /// Sends an event, or queues it behind a watcher's initial events.
    void deliver(const std::shared_ptr<Watcher> &w, const QByteArray &line);

    Options m_options;
    QMap<QString, QJsonObject> m_objects; // sorted: stable lists
    mutable QHash<QString, QByteArray> m_json;
    qint64 m_resourceVersion = 100;
    quint32 m_lastClusterIp = 0x0A60000A; // 10.96.0.10: the service range, after the cluster's own
    QList<Event> m_history;
    QList<std::shared_ptr<Watcher>> m_watchers;
};

/// One watch event line as the API streams it: {"object":...,"type":"..."}.
QByteArray eventLine(const QString &type, const QByteArray &objectJson);

} // namespace dc::demo
