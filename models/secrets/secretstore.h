#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace dc {

/**
 * Secrets the user types (a cluster's token or password when the kubeconfig has none, the
 * Prometheus credentials) live in the OS keychain only, through QtKeychain, under the app's
 * reverse-DNS id; project files and settings hold a reference (reference()), never the secret.
 * Every call is asynchronous. Without a keyring the calls fail with `noKeyring` and a message;
 * the user may then choose to keep secrets for this session only (setSessionOnly): in memory,
 * never on disk.
 */
class SecretStore : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *Service = "org.modarch.DeployConsole";

    explicit SecretStore(QObject *parent = nullptr);

    struct Result
    {
        bool ok = false;
        QString secret;     // read
        QString error;      // what went wrong, for the user
        bool noKeyring = false;
        bool notFound = false;
    };
    using Done = std::function<void(const Result &)>;

    void write(const QString &key, const QString &secret, Done done);
    void read(const QString &key, Done done);
    void remove(const QString &key, Done done);

    /// Keep secrets in this process only (when there is no keyring and the user agrees).
    void setSessionOnly(bool sessionOnly) { m_sessionOnly = sessionOnly; }
    [[nodiscard]] bool sessionOnly() const { return m_sessionOnly; }

    /// What a project file or a setting holds instead of the secret: "keychain:<service>/<key>".
    [[nodiscard]] static QString reference(const QString &key);
    /// The key of a reference ("" when it is none).
    [[nodiscard]] static QString keyOf(const QString &reference);

private:
    bool m_sessionOnly = false;
    QHash<QString, QString> m_session;
};

} // namespace dc
