#pragma once

#include "kubeconfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace dc::kube {

class KubeClient;

/// One finding of the sign-in doctor.
struct DoctorCheck
{
    enum class Status { Ok, Warn, Fail, Skipped };
    QString name; // kubeconfig, address, tls, exec-plugin, token, server, identity
    Status status = Status::Ok;
    QString message;
    QString fix; // what to do ("" when nothing)
    qint64 durationMs = 0;
};

/**
 * The sign-in doctor for one kubeconfig context (the console's panel and `deployctl doctor`):
 * which file each value came from; the server's address and TCP; TLS (the chain, its expiry,
 * the host name, an insecure context); for exec plugins, where the command resolves with the
 * login shell's PATH (a desktop launcher does not inherit it) and the plugin run with a timeout,
 * its stderr and installHint shown; the token's expiry (ExecCredential or JWT "exp"); the clock
 * skew against the server's Date; and who the server says you are (SelfSubjectReview). Checks
 * run one after the other, asynchronously; each problem comes with what to do.
 */
class SignInDoctor : public QObject
{
    Q_OBJECT
public:
    SignInDoctor(Kubeconfig config, QString context, QObject *parent = nullptr);
    ~SignInDoctor() override;

    void start();
    /// Per check, in milliseconds (default 10 s).
    void setTimeout(int ms) { m_timeoutMs = ms; }

    [[nodiscard]] const QList<DoctorCheck> &checks() const { return m_checks; }
    [[nodiscard]] bool signedIn() const { return m_signedIn; }
    [[nodiscard]] QString user() const { return m_user; }
    [[nodiscard]] QStringList groups() const { return m_groups; }
    /// Everything it found, as `deployctl doctor --output json` prints it.
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static QString statusText(DoctorCheck::Status status);

Q_SIGNALS:
    void checkFinished(const dc::kube::DoctorCheck &check);
    void finished();

private:
    void add(DoctorCheck check);
    void checkAddress();
    void checkTls();
    void checkExecPlugin();
    void checkServer();
    void checkIdentity();
    void finish();

    Kubeconfig m_config;
    QString m_contextName;
    std::optional<Kubeconfig::Resolved> m_context;
    std::unique_ptr<KubeClient> m_client;
    QList<DoctorCheck> m_checks;
    qint64 m_started = 0;
    int m_timeoutMs = 10000;
    bool m_signedIn = false;
    QString m_user;
    QStringList m_groups;
};

/// The expiry of a JWT bearer token (its "exp" claim), or an invalid time when it has none.
[[nodiscard]] QDateTime jwtExpiry(const QString &token);

} // namespace dc::kube
