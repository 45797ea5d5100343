#include "secretstore.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

const QString Prefix = u"keychain:"_s + QLatin1String(SecretStore::Service) + u'/';

SecretStore::Result resultOf(const QKeychain::Job &job)
{
    SecretStore::Result r;
    switch (job.error()) {
    case QKeychain::NoError:
        r.ok = true;
        break;
    case QKeychain::EntryNotFound:
        r.notFound = true;
        r.error = u"no secret is stored for this entry"_s;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        r.noKeyring = job.error() == QKeychain::NoBackendAvailable;
        r.error = u"the system keychain cannot be used (%1). Unlock or install a keyring (GNOME Keyring, KWallet), "
                  "or keep the secret for this session only."_s.arg(job.errorString());
        break;
    default:
        // QtKeychain reports a missing Secret Service as OtherError on some systems.
        r.noKeyring = true;
        r.error = u"the system keychain cannot be used (%1). Unlock or install a keyring (GNOME Keyring, KWallet), "
                  "or keep the secret for this session only."_s.arg(job.errorString());
        break;
    }
    return r;
}

} // namespace

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

QString SecretStore::reference(const QString &key)
{
    return Prefix + key;
}

QString SecretStore::keyOf(const QString &reference)
{
    return reference.startsWith(Prefix) ? reference.mid(Prefix.size()) : QString();
}

void SecretStore::write(const QString &key, const QString &secret, Done done)
{
    if (m_sessionOnly) {
        m_session.insert(key, secret);
        QTimer::singleShot(0, this, [done] { done({true, {}, {}, false, false}); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(Service), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) { done(resultOf(*j)); });
    job->start();
}

void SecretStore::read(const QString &key, Done done)
{
    if (m_sessionOnly) {
        const auto it = m_session.constFind(key);
        Result r{it != m_session.constEnd(), it != m_session.constEnd() ? *it : QString(), {}, false, it == m_session.constEnd()};
        if (!r.ok)
            r.error = u"no secret is kept for this entry in this session"_s;
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(Service), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        Result r = resultOf(*j);
        if (r.ok)
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        done(r);
    });
    job->start();
}

void SecretStore::remove(const QString &key, Done done)
{
    if (m_sessionOnly) {
        m_session.remove(key);
        QTimer::singleShot(0, this, [done] { done({true, {}, {}, false, false}); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(QLatin1String(Service), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) { done(resultOf(*j)); });
    job->start();
}

} // namespace dc
