#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace dc::demo {

/// A self-signed CA and a server certificate for 127.0.0.1/localhost signed by it, in PEM.
struct TlsMaterial
{
    QByteArray caCertificate;
    QByteArray caKey;
    QByteArray certificate;
    QByteArray key;
};

/// Generates a new CA (P-256, valid for a year) and a server certificate signed by it.
std::optional<TlsMaterial> generateTlsMaterial(QString *error);

/// Signs a fresh server certificate with an existing CA (from a saved state folder).
std::optional<TlsMaterial> issueServerCertificate(const QByteArray &caCertificate, const QByteArray &caKey, QString *error);

/// A client certificate and its key (PEM), as a kubeconfig's client-certificate-data holds them.
struct ClientCertificate
{
    QByteArray certificate;
    QByteArray key;
};

/// Signs a client certificate for `user` (CN) in `groups` (O), as the API server reads x509 users.
std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const QString &user, const QStringList &groups, QString *error);

/// Who a client certificate (DER) names: its CN and O entries.
struct CertificateUser
{
    QString user;
    QStringList groups;
};

/// The user of a client certificate the CA signed that is valid now and meant for client
/// authentication; nullopt for any other.
std::optional<CertificateUser> verifyClientCertificate(const QByteArray &caCertificate, const QByteArray &certificateDer);

} // namespace dc::demo
