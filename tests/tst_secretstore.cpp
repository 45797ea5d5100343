// Secrets in the OS keychain through QtKeychain, against a real GNOME Keyring in a private D-Bus
// session (tests/keyring-session.sh); and, in a session without one, the clear refusal and the
// session-only choice.
#include "secrets/secretstore.h"

#include <QDeadlineTimer>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using dc::SecretStore;

namespace {

// Runs one store call and waits for its answer (a result with an error when none came).
SecretStore::Result wait(const std::function<void(SecretStore::Done)> &call)
{
    std::optional<SecretStore::Result> result;
    call([&result](const SecretStore::Result &r) { result = r; });
    QDeadlineTimer deadline(20000);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    return result.value_or(SecretStore::Result{false, {}, u"no answer within 20 s"_s, false, false});
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsSecretsInTheKeyring()
    {
        if (qEnvironmentVariableIsSet("DC_EXPECT_NO_KEYRING"))
            QSKIP("this run has no keyring on purpose");
        SecretStore store;
        const QString secret = u"tok-%1-keyring-only"_s.arg(QCoreApplication::applicationPid());
        SecretStore::Result r = wait([&](SecretStore::Done d) { store.write(u"cluster/demo/token"_s, secret, d); });
        QVERIFY2(r.ok, qPrintable(r.error));
        r = wait([&](SecretStore::Done d) { store.read(u"cluster/demo/token"_s, d); });
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.secret, secret);
        // Overwritten, then removed: a read then says there is none.
        QVERIFY(wait([&](SecretStore::Done d) { store.write(u"cluster/demo/token"_s, secret + u"-2"_s, d); }).ok);
        QCOMPARE(wait([&](SecretStore::Done d) { store.read(u"cluster/demo/token"_s, d); }).secret, secret + u"-2"_s);
        QVERIFY(wait([&](SecretStore::Done d) { store.remove(u"cluster/demo/token"_s, d); }).ok);
        r = wait([&](SecretStore::Done d) { store.read(u"cluster/demo/token"_s, d); });
        QVERIFY(!r.ok && r.notFound);
        // The keyring's files never hold the secret in plain text.
        QVERIFY(wait([&](SecretStore::Done d) { store.write(u"cluster/demo/password"_s, secret, d); }).ok);
        const QString data = qEnvironmentVariable("DC_KEYRING_DATA");
        QVERIFY(!data.isEmpty());
        for (QDirIterator it(data, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        }
    }

    void referencesNotSecrets()
    {
        const QString ref = SecretStore::reference(u"prometheus/password"_s);
        QCOMPARE(ref, u"keychain:org.modarch.DeployConsole/prometheus/password"_s);
        QCOMPARE(SecretStore::keyOf(ref), u"prometheus/password"_s);
        QCOMPARE(SecretStore::keyOf(u"plain-text"_s), QString());
    }

    // Without a keyring: a clear message, and the session-only choice works (in memory only).
    void withoutKeyring()
    {
        if (!qEnvironmentVariableIsSet("DC_EXPECT_NO_KEYRING"))
            QSKIP("this run has a keyring");
        SecretStore store;
        SecretStore::Result r = wait([&](SecretStore::Done d) { store.write(u"k"_s, u"v"_s, d); });
        QVERIFY(!r.ok);
        QVERIFY(r.noKeyring);
        QVERIFY2(r.error.contains(u"keep the secret for this session only"_s), qPrintable(r.error));
        store.setSessionOnly(true);
        QVERIFY(wait([&](SecretStore::Done d) { store.write(u"k"_s, u"v"_s, d); }).ok);
        QCOMPARE(wait([&](SecretStore::Done d) { store.read(u"k"_s, d); }).secret, u"v"_s);
        QVERIFY(wait([&](SecretStore::Done d) { store.remove(u"k"_s, d); }).ok);
        QVERIFY(wait([&](SecretStore::Done d) { store.read(u"k"_s, d); }).notFound);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
