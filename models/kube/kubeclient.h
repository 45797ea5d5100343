#pragma once

#include "kubeconfig.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkProxy;
class QNetworkReply;

namespace dc::kube {

/// What went wrong with a call, typed; `message` is the server's (its Status) or the transport's.
struct KubeError
{
    enum class Kind { None, Network, Tls, Timeout, Canceled, Credentials, Unauthorized, Forbidden, NotFound, Conflict, Invalid, Server, Other };
    Kind kind = Kind::None;
    int httpStatus = 0;
    QString reason;  // the Status reason (Forbidden, NotFound, ...)
    QString message;
    [[nodiscard]] bool ok() const { return kind == Kind::None; }
};

/// One request; `finished` is emitted once (also after abort()).
class KubeCall : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    int httpStatus = 0;
    QByteArray body;
    QJsonObject json; // the body when it is a JSON object
    QDateTime serverDate; // the answer's Date header (invalid when none)
    KubeError error;
    /// Bytes the answer may have (0: no limit); a longer one ends the call with `tooLarge` set
    /// to the size seen. Set right after send().
    qint64 maxBytes = 0;
    qint64 tooLarge = 0;
    void abort();

Q_SIGNALS:
    void finished();
    /// A watch's event (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), as it arrives.
    void event(const QString &type, const QJsonObject &object);

private:
    friend class KubeClient;
    QPointer<QNetworkReply> m_reply;
    bool m_done = false;
    bool m_watch = false;
    QByteArray m_pending; // a watch's partial line
    void finish();
};

/// A resource the server serves, as discovery lists it.
struct ApiResource
{
    QString group;
    QString version;
    QString kind;
    QString plural;
    bool namespaced = true;
    QStringList verbs;
    [[nodiscard]] QString apiVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    /// "/api/v1" or "/apis/apps/v1"
    [[nodiscard]] QString basePath() const
    {
        return group.isEmpty() ? QString(QStringLiteral("/api/") + version) : QString(QStringLiteral("/apis/") + group + u'/' + version);
    }
};

/**
 * The one Kubernetes client (console and deployctl): asynchronous on Qt Network, never
 * blocking. It speaks to the cluster of a resolved kubeconfig context with the context's TLS
 * (the cluster's CA only, or none when insecure-skip-tls-verify, tls-server-name) and
 * credentials (token, tokenFile read per request, client certificate, basic auth, or an exec
 * plugin run with a timeout, its ExecCredential kept until it expires and run again after a
 * 401). Errors come back typed, with the server's Status message.
 */
class KubeClient : public QObject
{
    Q_OBJECT
public:
    explicit KubeClient(Kubeconfig::Resolved context, QObject *parent = nullptr);
    ~KubeClient() override;

    /// Sends a request; the call belongs to the caller (deleteLater after finished).
    KubeCall *send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json");
    KubeCall *get(const QString &path) { return send("GET", path); }
    /// A watch (`path` of a collection; "watch=true" is added): its events come as they
    /// arrive, until the server ends it or abort().
    KubeCall *watch(const QString &path);

    /// The resource serving `kind` in `apiVersion`, from discovery (asked once, then cached):
    /// the REST mapping from kind to resource. `done` gets nullopt and the error when the server
    /// does not serve it.
    using ResourceDone = std::function<void(const std::optional<ApiResource> &, const KubeError &)>;
    void resourceFor(const QString &apiVersion, const QString &kind, ResourceDone done);
    /// Forgets what discovery said (a CRD was installed).
    void invalidateDiscovery();

    /// The bearer token requests carry (the kubeconfig's token, its token file read now, or an
    /// exec plugin's, run first when needed); "" when the user signs in otherwise. For services
    /// that take the user's token themselves (OpenShift's Thanos querier).
    using TokenDone = std::function<void(const QString &token, const KubeError &)>;
    void bearerToken(TokenDone done);

    /// Milliseconds a request may take (default 30 s); an exec plugin gets the same.
    void setTimeout(int ms) { m_timeoutMs = ms; }
    [[nodiscard]] const Kubeconfig::Resolved &context() const { return m_context; }
    /// The TLS settings requests use (the cluster's CA, the client certificate).
    [[nodiscard]] QSslConfiguration sslConfiguration() const { return m_ssl; }
    /// The proxy requests go through (none: NoProxy) and how it was chosen ("" when direct).
    [[nodiscard]] QNetworkProxy proxy() const;
    [[nodiscard]] QString proxyDescription() const { return m_proxyDescription; }
    /// A setting that keeps every request from starting (an unreadable CA, an unusable proxy).
    [[nodiscard]] KubeError setupError() const { return m_setupError; }
    /// The bearer token an exec plugin gave, and until when (invalid: none or no expiry).
    [[nodiscard]] QString execToken() const { return m_execToken; }
    [[nodiscard]] QDateTime execExpiry() const { return m_execExpiry; }
    /// The exec plugin's stderr of its last run (shown by the doctor).
    [[nodiscard]] QString execStderr() const { return m_execStderr; }

private:
    void start(KubeCall *call, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType, bool retried);
    /// Runs the exec plugin, then the request (or finishes the call with the plugin's error).
    void startAfterExec(KubeCall *call, const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType, bool retried);
    /// Runs the exec plugin, then `then` (with an error when it failed).
    void runExec(std::function<void(const KubeError &)> then);
    /// The token of the kubeconfig (or the exec plugin's last); `error` set when its file cannot be read.
    [[nodiscard]] QString currentToken(KubeError *error) const;

    Kubeconfig::Resolved m_context;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_watchNetworks; // for watches, six each
    QHash<QNetworkAccessManager *, int> m_watchesOn;
    QNetworkAccessManager *watchNetwork();
    QSslConfiguration m_ssl;
    KubeError m_setupError; // a CA, client certificate or proxy that cannot be used
    QString m_proxyDescription;
    int m_timeoutMs = 30000;
    QString m_execToken;
    QDateTime m_execExpiry;
    QByteArray m_execCertificate, m_execKey;
    QString m_execStderr;
    bool m_execDone = false;
    // Discovery: "apiVersion|kind" -> resource; requests waiting for it.
    QHash<QString, ApiResource> m_resources;
    bool m_discovered = false;
    bool m_discovering = false;
    QList<std::function<void(const KubeError &)>> m_discoveryWaiters;
    void discover(std::function<void(const KubeError &)> then);
};

/// The typed error of a finished HTTP exchange: the Status body's reason and message when there is one.
[[nodiscard]] KubeError errorFor(int httpStatus, const QByteArray &body);

} // namespace dc::kube
