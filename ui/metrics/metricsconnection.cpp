// The metrics window's connection to Prometheus: where it is (a URL or a Service through the
// cluster, found by Find), how it is signed in to (Connection…, secrets in the keychain), Test
// Connection, and the local Prometheus for the demo cluster.
#include "metricswindow.h"

#include "connectiondialog.h"
#include "kube/kubeclient.h"
#include "metrics/localprometheus.h"
#include "metrics/prometheusclient.h"
#include "metrics/prometheusdiscovery.h"
#include "secrets/secretstore.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc {

using Source = metrics::PrometheusSettings::Source;

void MetricsWindow::showSource()
{
    const bool service = m_settings.source == Source::Service;
    m_source->setCurrentIndex(service ? 1 : 0);
    m_url->setVisible(!service);
    m_service->setVisible(service);
    m_find->setVisible(service);
    m_find->setEnabled(bool(m_kube));
    m_service->setEnabled(bool(m_kube));
    const QString offline = u"Pick a cluster in the target bar's Cluster list to reach Prometheus through its API server."_s;
    m_service->setToolTip(m_kube ? u"The Service, as [https:]NAMESPACE/NAME[:PORT], reached through %1"_s.arg(m_kube->context().cluster.server) : offline);
    m_find->setToolTip(m_kube ? m_find->toolTip() : offline);
}

void MetricsWindow::saveSettings()
{
    m_settings.save(m_target.id());
}

void MetricsWindow::setPrometheusUrl(const QString &url)
{
    m_settings.source = Source::Url;
    m_settings.url = url;
    m_url->setText(url);
    saveSettings();
    showSource();
}

void MetricsWindow::setPrometheusService(const QString &service)
{
    m_settings.source = Source::Service;
    m_settings.service = service.trimmed();
    m_service->setEditText(m_settings.service);
    saveSettings();
    showSource();
    refresh();
}

void MetricsWindow::loadSecrets()
{
    // Only what the sign-in needs is read; a refresh waits for it.
    const QList<std::pair<QString, QString *>> wanted{{metrics::PrometheusSettings::tokenKey(m_target.id()), &m_token},
                                                       {metrics::PrometheusSettings::passwordKey(m_target.id()), &m_password}};
    for (const auto &[key, into] : wanted) {
        if ((into == &m_token && !m_settings.needsToken()) || (into == &m_password && !m_settings.needsPassword()))
            continue;
        ++m_secretsLoading;
        QPointer<MetricsWindow> self(this);
        m_secrets->read(key, [self, into](const SecretStore::Result &r) {
            if (!self)
                return;
            if (r.ok)
                *into = r.secret;
            else if (!r.notFound)
                self->setStatus(u"The keychain could not be read: %1"_s.arg(r.error), true);
            if (--self->m_secretsLoading == 0 && std::exchange(self->m_refreshAfterSecrets, false))
                self->refresh();
        });
    }
}

void MetricsWindow::keepSecret(const QString &key, const QString &secret)
{
    QPointer<MetricsWindow> self(this);
    m_secrets->write(key, secret, [self, key, secret](const SecretStore::Result &r) {
        if (!self || r.ok)
            return;
        if (!r.noKeyring) {
            QMessageBox::warning(self, u"Not kept in the keychain"_s, r.error);
            return;
        }
        const auto answer = QMessageBox::question(self, u"No keychain"_s, r.error + u"\n\nKeep it for this session only? It is never written to a file."_s);
        if (answer == QMessageBox::Yes) {
            self->m_secrets->setSessionOnly(true);
            self->m_secrets->write(key, secret, [](const SecretStore::Result &) {});
        }
    });
}

void MetricsWindow::editConnection()
{
    PrometheusConnectionDialog dialog(m_settings, !m_token.isEmpty(), !m_password.isEmpty(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings = dialog.settings();
    saveSettings();
    if (!dialog.newToken().isEmpty()) {
        m_token = dialog.newToken();
        keepSecret(metrics::PrometheusSettings::tokenKey(m_target.id()), m_token);
    }
    if (!dialog.newPassword().isEmpty()) {
        m_password = dialog.newPassword();
        keepSecret(metrics::PrometheusSettings::passwordKey(m_target.id()), m_password);
    }
    if ((m_settings.needsToken() && m_token.isEmpty()) || (m_settings.needsPassword() && m_password.isEmpty()))
        loadSecrets();
    refresh();
}

bool MetricsWindow::makeClient()
{
    if (m_secretsLoading > 0) {
        m_refreshAfterSecrets = true;
        setStatus(u"Reading the Prometheus credentials from the keychain…"_s);
        return false;
    }
    if (m_settings.source == Source::Url)
        m_settings.url = m_url->text().trimmed();
    else
        m_settings.service = m_service->currentText().trimmed();
    QString error;
    const std::optional<metrics::PrometheusEndpoint> endpoint = metrics::endpointOf(m_settings, m_token, m_password, m_kube.get(), &error);
    if (!endpoint) {
        setStatus(error, true);
        return false;
    }
    saveSettings();
    // A new client only when what it was made from changed (its connections are kept otherwise).
    QString key;
    for (const auto &[name, value] : endpoint->headers)
        key += QString::fromUtf8(name + ':' + value) + u'\n';
    key += endpoint->url.toString() + u'|' + endpoint->serviceProxyPath + u'|' + QString::number(int(endpoint->auth)) + u'|' + endpoint->token + u'|' + endpoint->user
        + u'|' + endpoint->password + u'|' + QString::fromUtf8(endpoint->caCertificates) + u'|' + QString::number(endpoint->insecureSkipTlsVerify) + u'|'
        + endpoint->tenancyNamespace;
    if (!m_client || key != m_clientKey) {
        m_calls.clear();
        m_client = std::make_unique<metrics::PrometheusClient>(*endpoint);
        m_clientKey = key;
    }
    return true;
}

void MetricsWindow::testConnection()
{
    if (!makeClient())
        return;
    // Thanos' tenancy port answers queries only (with the namespace), not the build info.
    const bool tenancy = !m_client->endpoint().tenancyNamespace.isEmpty();
    metrics::PromCall *call = tenancy ? m_client->query(u"up"_s) : m_client->buildInfo();
    connect(call, &metrics::PromCall::finished, this, [this, call, tenancy] {
        call->deleteLater();
        const metrics::QueryResult &r = call->result;
        const bool ok = r.ok || (r.httpStatus == 200 && r.error.isEmpty());
        QString text;
        if (ok && !r.buildVersion.isEmpty())
            text = u"Connected to %1: Prometheus %2"_s.arg(m_client->endpoint().display(), r.buildVersion);
        else if (ok)
            text = u"Connected to %1%2"_s.arg(m_client->endpoint().display(), tenancy ? u" (tenancy port: a query answered)"_s : QString());
        else
            text = u"Not connected: %1"_s.arg(r.error);
        setStatus(text, !ok);
        Q_EMIT connectionTested(ok, text);
    });
}

void MetricsWindow::findInCluster()
{
    if (!m_kube) {
        setStatus(u"Pick a cluster in the target bar's Cluster list first: Find looks at its Services."_s, true);
        return;
    }
    delete m_discovery;
    m_discovery = new metrics::PrometheusDiscovery(m_kube.get(), this);
    m_find->setEnabled(false);
    setStatus(u"Looking for Prometheus in %1…"_s.arg(m_kube->context().cluster.server));
    connect(m_discovery, &metrics::PrometheusDiscovery::finished, this, [this] {
        m_find->setEnabled(true);
        const QString typed = m_service->currentText();
        m_service->clear();
        QStringList ids;
        for (const metrics::PrometheusCandidate &c : m_discovery->candidates()) {
            if (!c.routeHost.isEmpty())
                continue; // a route is a URL: offered below
            m_service->addItem(c.display(), c.id());
            ids << c.id();
        }
        QStringList lines = m_discovery->notes();
        for (const metrics::PrometheusCandidate &c : m_discovery->candidates())
            if (!c.routeHost.isEmpty())
                lines.prepend(u"OpenShift: the Thanos querier is at https://%1 — choose \"At a URL\" with the kubeconfig user's token (Connection…)."_s.arg(c.routeHost));
        if (ids.isEmpty()) {
            m_service->setEditText(typed);
            lines.prepend(u"No Prometheus Service found by the usual labels; type NAMESPACE/NAME:PORT if it is elsewhere."_s);
        } else {
            lines.prepend(ids.size() == 1 ? u"Found one Prometheus: %1."_s.arg(ids.first()) : u"Found %1 Prometheus servers: choose one in the list."_s.arg(ids.size()));
            const metrics::PrometheusCandidate *only = m_discovery->unambiguous();
            const int index = only ? int(ids.indexOf(only->id())) : 0;
            m_service->setCurrentIndex(std::max(0, index));
            if (ids.size() == 1)
                setPrometheusService(ids.first());
        }
        setStatus(lines.join(u'\n'));
        Q_EMIT discovered(ids);
    });
    m_discovery->start({m_context.ns});
}

void MetricsWindow::startLocalPrometheus()
{
    if (!m_kube)
        return;
    if (metrics::LocalPrometheus::executable().isEmpty()) {
        setStatus(metrics::LocalPrometheus::installHint(), true);
        return;
    }
    m_startLocal->setEnabled(false);
    setStatus(u"Starting Prometheus…"_s);
    m_kube->bearerToken([this, self = QPointer<MetricsWindow>(this)](const QString &token, const kube::KubeError &error) {
        if (!self)
            return;
        const kube::Cluster &cluster = m_kube->context().cluster;
        const QUrl server(cluster.server);
        const QString hostPort = u"%1:%2"_s.arg(server.host()).arg(server.port(server.scheme() == u"https"_s ? 443 : 80));
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/deploy-console/demo-prometheus/"_s + QString(hostPort).replace(u':', u'-');
        QString caFile = cluster.certificateAuthority;
        QString why = error.ok() ? QString() : error.message;
        if (why.isEmpty() && caFile.isEmpty() && !cluster.certificateAuthorityData.isEmpty()) {
            caFile = folder + u"/ca.crt"_s;
            QDir().mkpath(folder);
            QSaveFile f(caFile);
            if (!f.open(QIODevice::WriteOnly) || f.write(cluster.certificateAuthorityData) < 0 || !f.commit())
                why = u"cannot write %1: %2"_s.arg(caFile, f.errorString());
        }
        if (why.isEmpty()) {
            m_local = std::make_unique<metrics::LocalPrometheus>();
            connect(m_local.get(), &metrics::LocalPrometheus::ready, this, [this] {
                m_startLocal->setText(u"Prometheus Runs at %1"_s.arg(m_local->url().toDisplayString()));
                setPrometheusUrl(m_local->url().toString());
                m_settings.auth = metrics::PrometheusEndpoint::Auth::None;
                saveSettings();
                Q_EMIT localPrometheusReady(m_local->url().toString());
                refresh();
            });
            connect(m_local.get(), &metrics::LocalPrometheus::failed, this, [this](const QString &message) {
                m_startLocal->setEnabled(true);
                setStatus(message, true);
            });
            m_local->start(metrics::scrapeConfig(hostPort, server.scheme() == u"https"_s, caFile, token, 5), folder, &why);
        }
        if (!why.isEmpty()) {
            m_startLocal->setEnabled(true);
            setStatus(u"Prometheus could not be started: %1"_s.arg(why), true);
            return;
        }
        setStatus(u"Prometheus starts at %1 (storage in %2); the charts fill as it scrapes the demo cluster every 5 s."_s.arg(m_local->url().toDisplayString(), folder));
    });
}

} // namespace dc
