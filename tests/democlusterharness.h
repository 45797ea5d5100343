#pragma once

// What the demo-cluster suites share: starting demo-cluster with a fresh kubeconfig, running the
// real kubectl against it (with its own discovery cache), and raw HTTP requests.

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

namespace dctest {

using namespace Qt::StringLiterals;


// Every field of `applied` is in `live` with the same value; `live` may have more (what the API
// server fills in). Lists match item by item.
bool appliedIsIn(const QJsonValue &applied, const QJsonValue &live)
{
    if (applied.isObject()) {
        if (!live.isObject())
            return false;
        const QJsonObject a = applied.toObject(), l = live.toObject();
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!appliedIsIn(*it, l.value(it.key())))
                return false;
        return true;
    }
    if (applied.isArray()) {
        const QJsonArray a = applied.toArray(), l = live.toArray();
        if (!live.isArray() || a.size() != l.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            if (!appliedIsIn(a.at(i), l.at(i)))
                return false;
        return true;
    }
    return applied == live;
}


class DemoClusterHarness
{
protected:

    struct Server
    {
        std::unique_ptr<QProcess> process;
        QString url;
        quint16 port = 0;
        QString kubeconfig;

        Server() = default;
        Server(Server &&) = default;
        Server &operator=(Server &&) = default;
        ~Server()
        {
            if (process && process->state() != QProcess::NotRunning) {
                process->terminate(); // SIGTERM: the server stops cleanly
                process->waitForFinished(10000);
            }
        }
    };

    Server m_shared;

    QTemporaryDir m_dir;
    int m_count = 0;

    Server start(const QStringList &extra = {})
    {
        Server s;
        s.kubeconfig = m_dir.filePath(u"kubeconfig-%1"_s.arg(++m_count));
        s.process = std::make_unique<QProcess>();
        s.process->start(QStringLiteral(DEMO_CLUSTER_PATH), QStringList{u"--kubeconfig-out"_s, s.kubeconfig} + extra);
        if (!s.process->waitForStarted(10000))
            return s;
        QByteArray line;
        while (!line.contains('\n') && s.process->waitForReadyRead(10000))
            line += s.process->readAllStandardOutput();
        static const QRegularExpression re(u"^listening on (https?://127\\.0\\.0\\.1:(\\d+))"_s);
        const auto m = re.match(QString::fromUtf8(line));
        if (m.hasMatch()) {
            s.url = m.captured(1);
            s.port = quint16(m.captured(2).toUInt());
        }
        return s;
    }

    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };

    Run kubectl(const Server &s, const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(QStringLiteral(KUBECTL_PATH),
                QStringList{u"--kubeconfig"_s, s.kubeconfig, u"--cache-dir"_s, m_dir.filePath(u"cache-%1"_s.arg(s.port))} + args);
        p.waitForStarted();
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    /// deployctl as a user runs it, without a terminal, its history in this test's folder.
    Run deployctl(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        p.setProcessEnvironment(env);
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(QStringLiteral(DEPLOYCTL_PATH), args);
        Run r;
        if (!p.waitForFinished(120000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static QByteArray raw(quint16 port, const QByteArray &request)
    {
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(request);
        QByteArray reply;
        while (socket.waitForReadyRead(3000)) {
            reply += socket.readAll();
            if (reply.contains("\r\n\r\n")) {
                const qsizetype headerEnd = reply.indexOf("\r\n\r\n");
                static const QRegularExpression len(u"Content-Length: (\\d+)"_s, QRegularExpression::CaseInsensitiveOption);
                const auto m = len.match(QString::fromLatin1(reply.left(headerEnd)));
                if (m.hasMatch() && reply.size() >= headerEnd + 4 + m.captured(1).toInt())
                    break;
            }
        }
        return reply;
    }

};

} // namespace dctest
