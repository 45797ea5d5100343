#include "localprometheus.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace dc::metrics {

QString scrapeConfig(const QString &hostPort, bool https, const QString &caFile, const QString &token, int intervalSeconds)
{
    QString yaml = u"global:\n  scrape_interval: %1s\n  evaluation_interval: %1s\nscrape_configs:\n- job_name: demo-cluster\n  metrics_path: /metrics\n"_s.arg(intervalSeconds);
    if (https) {
        yaml += u"  scheme: https\n"_s;
        if (!caFile.isEmpty())
            yaml += u"  tls_config:\n    ca_file: %1\n"_s.arg(caFile);
    }
    if (!token.isEmpty())
        yaml += u"  authorization:\n    credentials: %1\n"_s.arg(token);
    yaml += u"  static_configs:\n  - targets: ['%1']\n"_s.arg(hostPort);
    return yaml;
}

LocalPrometheus::LocalPrometheus(QObject *parent)
    : QObject(parent)
    , m_network(std::make_unique<QNetworkAccessManager>())
    , m_poll(new QTimer(this))
{
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_poll->setInterval(250);
    connect(m_poll, &QTimer::timeout, this, &LocalPrometheus::poll);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, [this] {
        m_output += QString::fromUtf8(m_process.readAll());
        if (m_output.size() > 20000)
            m_output = m_output.right(10000);
    });
    connect(&m_process, &QProcess::finished, this, [this](int code) {
        m_poll->stop();
        QStringList lines = m_output.trimmed().split(u'\n');
        const QString last = lines.mid(std::max<qsizetype>(0, lines.size() - 3)).join(u'\n');
        Q_EMIT failed(u"Prometheus stopped (exit code %1)%2"_s.arg(code).arg(last.isEmpty() ? QString() : u":\n"_s + last));
    });
}

LocalPrometheus::~LocalPrometheus()
{
    stop();
}

QString LocalPrometheus::executable()
{
    return QStandardPaths::findExecutable(u"prometheus"_s);
}

QString LocalPrometheus::installHint()
{
    return u"Prometheus is not installed. On Debian or Ubuntu: sudo apt install prometheus (the console starts it itself; the system service need not run)."_s;
}

bool LocalPrometheus::start(const QString &config, const QString &folder, QString *error)
{
    stop();
    const QString program = executable();
    if (program.isEmpty()) {
        *error = installHint();
        return false;
    }
    if (!QDir().mkpath(folder + u"/data"_s)) {
        *error = u"cannot create %1"_s.arg(folder);
        return false;
    }
    QSaveFile file(folder + u"/prometheus.yml"_s);
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0 || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    QFile::setPermissions(file.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner); // it may hold a token
    QTcpServer probe; // a free port on loopback
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        *error = u"no free port on 127.0.0.1: %1"_s.arg(probe.errorString());
        return false;
    }
    const quint16 port = probe.serverPort();
    probe.close();
    m_url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    m_output.clear();
    m_ready = false;
    m_polls = 0;
    m_process.start(program, {u"--config.file="_s + file.fileName(), u"--storage.tsdb.path="_s + folder + u"/data"_s,
                              u"--web.listen-address=127.0.0.1:%1"_s.arg(port), u"--storage.tsdb.retention.time=2d"_s});
    if (!m_process.waitForStarted(10000)) {
        *error = u"%1 cannot be started: %2"_s.arg(program, m_process.errorString());
        return false;
    }
    m_poll->start();
    return true;
}

void LocalPrometheus::stop()
{
    m_poll->stop();
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.disconnect(this); // a stop asked for is no failure
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
}

void LocalPrometheus::poll()
{
    if (++m_polls > 240) {
        m_poll->stop();
        Q_EMIT failed(u"Prometheus did not get ready within a minute:\n"_s + m_output.right(500));
        return;
    }
    QNetworkRequest request(m_url.resolved(QUrl(u"/-/ready"_s)));
    request.setTransferTimeout(2000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_ready || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return;
        m_ready = true;
        m_poll->stop();
        Q_EMIT ready();
    });
}

} // namespace dc::metrics
