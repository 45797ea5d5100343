#pragma once

#include <QByteArray>
#include <QString>

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

} // namespace dc::demo
