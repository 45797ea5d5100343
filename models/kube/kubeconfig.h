#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace dc::kube {

/// Where a value was read: the file and the line of its entry.
struct Origin
{
    QString file;
    int line = 0;
};

struct Cluster
{
    QString name;
    QString server;
    QString certificateAuthority;         // a file (absolute), or ""
    QByteArray certificateAuthorityData;  // PEM, decoded from base64
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;                     // http, https or socks5
    bool disableCompression = false;
    Origin origin;
};

/// An exec credential plugin (client.authentication.k8s.io/v1 or v1beta1).
struct ExecPlugin
{
    QString apiVersion;
    QString command; // absolute when the kubeconfig gave a relative path with a "/"
    QStringList args;
    QList<std::pair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always ("" when not set)
};

struct User
{
    QString name;
    QString token;
    QString tokenFile;
    QString clientCertificate;
    QByteArray clientCertificateData;
    QString clientKey;
    QByteArray clientKeyData;
    QString username;
    QString password;
    std::optional<ExecPlugin> exec;
    QString authProvider; // the removed auth-provider's name (oidc, gcp, azure, ...), or ""
    Origin origin;
};

struct Context
{
    QString name;
    QString cluster;
    QString user;
    QString ns; // "" means the server's default ("default")
    Origin origin;
};

/// A problem with one file or one entry: the rest of the configuration stays usable.
struct KubeconfigProblem
{
    QString file;
    int line = 0;
    QString message;
};

/**
 * The kubeconfig as kubectl reads it, and never written: `--kubeconfig` when given (it must
 * exist), else the files of $KUBECONFIG (":"-separated; missing ones skipped), else
 * ~/.kube/config. Files are merged as client-go merges them: the first file to define a
 * cluster, user or context of a name wins, and current-context comes from the first file that
 * sets it. Relative paths (certificate-authority, client-certificate, client-key, tokenFile, an
 * exec command with a "/") are resolved against the file that holds them. A broken file or
 * entry is reported with its file and line, and everything else stays usable.
 */
class Kubeconfig
{
public:
    struct Sources
    {
        QString explicitPath;  // --kubeconfig ("" when not given)
        QString kubeconfigEnv; // $KUBECONFIG
        QString home;          // for ~/.kube/config
    };
    /// The sources kubectl would use in this process's environment.
    [[nodiscard]] static Sources fromEnvironment(const QString &explicitPath = {});
    [[nodiscard]] static Kubeconfig load(const Sources &sources);

    QStringList files; // read, in precedence order
    QString currentContext;
    QMap<QString, Context> contexts;
    QMap<QString, Cluster> clusters;
    QMap<QString, User> users;
    QList<KubeconfigProblem> problems;
    /// No file could be read at all (an explicit file that is missing, or nothing configured).
    bool unreadable = false;

    /// A context with its cluster and user.
    struct Resolved
    {
        Context context;
        Cluster cluster;
        User user;
    };
    /// The named context ("" for the current one), or nullopt with what is missing.
    [[nodiscard]] std::optional<Resolved> resolve(const QString &contextName, QString *error) const;
};

} // namespace dc::kube
