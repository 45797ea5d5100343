#include "tlsmaterial.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

struct Free
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;

QString opensslError(const char *what)
{
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    return QString::fromLatin1(what) + u": "_s + QString::fromLatin1(buffer);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

enum class Profile { Ca, Server, Client };

// A certificate for `subjectKey` named `commonName` (organizations: `organizations`), signed by
// `issuerKey` (self-signed when issuer is null). The CA gets CA:TRUE; the server gets SANs for
// the loopback address; a client certificate is for clientAuth (the API server's x509 users:
// CN the user, O the groups).
Cert makeCertificate(EVP_PKEY *subjectKey, const QByteArray &commonName, X509 *issuer, EVP_PKEY *issuerKey, Profile profile,
                     const QList<QByteArray> &organizations = {"demo-cluster"})
{
    Cert cert(X509_new());
    if (!cert)
        return {};
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
    X509_set_pubkey(cert.get(), subjectKey);
    X509_NAME *name = X509_get_subject_name(cert.get());
    for (const QByteArray &o : organizations)
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(o.constData()), int(o.size()), -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName.constData()), int(commonName.size()), -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509 *issuerCert = issuer ? issuer : cert.get();
    bool ok = addExtension(cert.get(), issuerCert, NID_subject_key_identifier, "hash");
    if (profile == Profile::Ca) {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
            && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else if (profile == Profile::Client) {
        ok = ok && addExtension(cert.get(), issuerCert, NID_authority_key_identifier, "keyid:always")
            && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,digitalSignature,keyEncipherment")
            && addExtension(cert.get(), issuerCert, NID_ext_key_usage, "clientAuth");
    } else {
        ok = ok && addExtension(cert.get(), issuerCert, NID_authority_key_identifier, "keyid:always")
            && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,digitalSignature,keyEncipherment")
            && addExtension(cert.get(), issuerCert, NID_ext_key_usage, "serverAuth")
            && addExtension(cert.get(), issuerCert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    }
    if (!ok || X509_sign(cert.get(), issuerKey, EVP_sha256()) == 0)
        return {};
    return cert;
}

QByteArray certificatePem(X509 *cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    return bioBytes(bio.get());
}

QByteArray keyPem(EVP_PKEY *key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioBytes(bio.get());
}

std::optional<TlsMaterial> issue(X509 *caCert, EVP_PKEY *caKey, QString *error)
{
    Key key(EVP_EC_gen("P-256"));
    if (!key) {
        *error = opensslError("cannot generate the server key");
        return std::nullopt;
    }
    Cert cert = makeCertificate(key.get(), "127.0.0.1", caCert, caKey, Profile::Server);
    if (!cert) {
        *error = opensslError("cannot sign the server certificate");
        return std::nullopt;
    }
    return TlsMaterial{certificatePem(caCert), keyPem(caKey), certificatePem(cert.get()), keyPem(key.get())};
}

} // namespace

std::optional<TlsMaterial> generateTlsMaterial(QString *error)
{
    Key caKey(EVP_EC_gen("P-256"));
    if (!caKey) {
        *error = opensslError("cannot generate the CA key");
        return std::nullopt;
    }
    Cert ca = makeCertificate(caKey.get(), "demo-cluster-ca", nullptr, caKey.get(), Profile::Ca);
    if (!ca) {
        *error = opensslError("cannot create the CA certificate");
        return std::nullopt;
    }
    return issue(ca.get(), caKey.get(), error);
}

namespace {

Cert readCertificate(const QByteArray &pem)
{
    Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

bool readCa(const QByteArray &caCertificate, const QByteArray &caKeyPem, Cert *ca, Key *caKey, QString *error)
{
    *ca = readCertificate(caCertificate);
    Bio keyBio(BIO_new_mem_buf(caKeyPem.constData(), int(caKeyPem.size())));
    caKey->reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!*ca || !*caKey) {
        *error = u"the saved CA certificate or key is not valid PEM"_s;
        return false;
    }
    if (X509_check_private_key(ca->get(), caKey->get()) != 1) {
        *error = u"the saved CA key does not belong to the saved CA certificate"_s;
        return false;
    }
    return true;
}

QString nameEntry(X509_NAME *name, int index)
{
    unsigned char *utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
    if (size < 0)
        return {};
    const QString value = QString::fromUtf8(reinterpret_cast<const char *>(utf8), size);
    OPENSSL_free(utf8);
    return value;
}

} // namespace

std::optional<TlsMaterial> issueServerCertificate(const QByteArray &caCertificate, const QByteArray &caKeyPem, QString *error)
{
    Cert ca;
    Key caKey;
    if (!readCa(caCertificate, caKeyPem, &ca, &caKey, error))
        return std::nullopt;
    return issue(ca.get(), caKey.get(), error);
}

std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const QString &user, const QStringList &groups, QString *error)
{
    Cert caCert;
    Key caKey;
    if (!readCa(ca.caCertificate, ca.caKey, &caCert, &caKey, error))
        return std::nullopt;
    Key key(EVP_EC_gen("P-256"));
    QList<QByteArray> organizations;
    for (const QString &g : groups)
        organizations.append(g.toUtf8());
    Cert cert = key ? makeCertificate(key.get(), user.toUtf8(), caCert.get(), caKey.get(), Profile::Client, organizations) : Cert();
    if (!cert) {
        *error = opensslError("cannot sign the client certificate");
        return std::nullopt;
    }
    return ClientCertificate{certificatePem(cert.get()), keyPem(key.get())};
}

std::optional<CertificateUser> verifyClientCertificate(const QByteArray &caCertificate, const QByteArray &certificateDer)
{
    const Cert ca = readCertificate(caCertificate);
    const auto *data = reinterpret_cast<const unsigned char *>(certificateDer.constData());
    const Cert cert(d2i_X509(nullptr, &data, long(certificateDer.size())));
    if (!ca || !cert)
        return std::nullopt;
    // Signed by the CA, issued by it by name, valid now, and meant for client authentication.
    std::unique_ptr<EVP_PKEY, Free> caPublic(X509_get_pubkey(ca.get()));
    if (!caPublic || X509_verify(cert.get(), caPublic.get()) != 1
        || X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(ca.get())) != 0
        || X509_cmp_current_time(X509_get0_notBefore(cert.get())) > 0 || X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0
        || !(X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT))
        return std::nullopt;
    CertificateUser who;
    X509_NAME *subject = X509_get_subject_name(cert.get());
    for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(X509_NAME_get_entry(subject, i)));
        if (nid == NID_commonName)
            who.user = nameEntry(subject, i);
        else if (nid == NID_organizationName)
            who.groups.append(nameEntry(subject, i));
    }
    if (who.user.isEmpty())
        return std::nullopt;
    return who;
}

} // namespace dc::demo
