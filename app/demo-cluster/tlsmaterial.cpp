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

// A certificate for `subjectKey` named `commonName`, signed by `issuerKey` (self-signed when
// issuer is null). The CA gets CA:TRUE; the server gets SANs for the loopback address.
Cert makeCertificate(EVP_PKEY *subjectKey, const char *commonName, X509 *issuer, EVP_PKEY *issuerKey, bool ca)
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
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("demo-cluster"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509 *issuerCert = issuer ? issuer : cert.get();
    bool ok = addExtension(cert.get(), issuerCert, NID_subject_key_identifier, "hash");
    if (ca) {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
            && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign");
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
    Cert cert = makeCertificate(key.get(), "127.0.0.1", caCert, caKey, false);
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
    Cert ca = makeCertificate(caKey.get(), "demo-cluster-ca", nullptr, caKey.get(), true);
    if (!ca) {
        *error = opensslError("cannot create the CA certificate");
        return std::nullopt;
    }
    return issue(ca.get(), caKey.get(), error);
}

std::optional<TlsMaterial> issueServerCertificate(const QByteArray &caCertificate, const QByteArray &caKeyPem, QString *error)
{
    Bio certBio(BIO_new_mem_buf(caCertificate.constData(), int(caCertificate.size())));
    Cert ca(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    Bio keyBio(BIO_new_mem_buf(caKeyPem.constData(), int(caKeyPem.size())));
    Key caKey(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!ca || !caKey) {
        *error = u"the saved CA certificate or key is not valid PEM"_s;
        return std::nullopt;
    }
    if (X509_check_private_key(ca.get(), caKey.get()) != 1) {
        *error = u"the saved CA key does not belong to the saved CA certificate"_s;
        return std::nullopt;
    }
    return issue(ca.get(), caKey.get(), error);
}

} // namespace dc::demo
