#include "httpserver.h"

#include "tlsmaterial.h"

#include <QDateTime>
#include <QLocale>

#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace dc::demo {

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 16 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    socket->setParent(this);
    // Answers go out as soon as they are written: with Nagle's algorithm a response's last
    // segment would wait for the client's delayed ACK (tens of milliseconds per request).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readData);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::written);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        Q_EMIT closed();
        deleteLater();
    });
}

void HttpConnection::readData()
{
    m_buffer += m_socket->readAll();
    while (!m_busy && parseOne()) {
    }
}

void HttpConnection::fail(int status, const QByteArray &reason)
{
    // The Status a real server sends for a request it cannot read (or one too large to read).
    const QByteArray statusReason = status == 413 ? "RequestEntityTooLarge" : "BadRequest";
    const QByteArray body = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":")" + reason
        + R"(","reason":")" + statusReason + R"(","code":)" + QByteArray::number(status) + "}";
    m_closeAfter = true;
    respond({status, "application/json", body});
}

HttpParse parseHttpRequest(const QByteArray &buffer)
{
    HttpParse out;
    const auto fail = [&out](int status, const QByteArray &reason) {
        out.state = HttpParse::Error;
        out.errorStatus = status;
        out.errorReason = reason;
        return out;
    };
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buffer.size() > MaxHeaderBytes)
            return fail(413, "request headers too large");
        return out;
    }
    if (headerEnd > MaxHeaderBytes)
        return fail(413, "request headers too large");
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") || requestLine[0].isEmpty() || requestLine[1].isEmpty())
        return fail(400, "malformed request line");
    HttpRequest &req = out.request;
    req.method = requestLine[0];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, "malformed header line");
        // A repeated header is one list, its values joined with ", " (RFC 9110 5.3).
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        const auto existing = req.headers.find(name);
        if (existing == req.headers.end())
            req.headers.insert(name, value);
        else
            *existing += ", " + value;
    }
    if (req.headers.value("transfer-encoding").toLower().contains("chunked"))
        return fail(400, "chunked request bodies are not supported; send Content-Length");
    bool ok = true;
    const qint64 length = req.headers.contains("content-length") ? req.headers.value("content-length").toLongLong(&ok) : 0;
    if (!ok || length < 0)
        return fail(400, "invalid Content-Length");
    if (length > MaxBodyBytes)
        return fail(413, "request body larger than 16 MiB");
    if (buffer.size() < headerEnd + 4 + length)
        return out;
    req.body = buffer.mid(headerEnd + 4, length);
    out.consumed = headerEnd + 4 + length;
    const QByteArray target = requestLine[1];
    const qsizetype q = target.indexOf('?');
    req.path = QString::fromUtf8(QByteArray::fromPercentEncoding(q < 0 ? target : target.left(q)));
    if (q >= 0)
        req.query = QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
    out.closeAfter = req.headers.value("connection").toLower() == "close";
    out.state = HttpParse::Complete;
    return out;
}

// Parses one complete request from the buffer and hands it on; false when more data is needed.
bool HttpConnection::parseOne()
{
    HttpParse parsed = parseHttpRequest(m_buffer);
    if (parsed.state == HttpParse::Error) {
        fail(parsed.errorStatus, parsed.errorReason);
        return false;
    }
    if (parsed.state == HttpParse::NeedMore)
        return false;
    m_buffer.remove(0, parsed.consumed);
    if (parsed.closeAfter)
        m_closeAfter = true;
    m_busy = true;
    parsed.request.certificateUser = m_certificateUser;
    parsed.request.certificateGroups = m_certificateGroups;
    m_handler(parsed.request, this);
    return true;
}

qint64 HttpConnection::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::abort()
{
    m_streaming = false;
    m_socket->abort();
    deleteLater(); // also when abort() emitted no disconnected()
}

void HttpConnection::respond(const HttpResponse &r)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    out += "Content-Type: " + r.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    out += "Cache-Control: no-cache, private\r\n";
    // As every HTTP server dates its answers (clients compare it with their clock).
    out += "Date: " + QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1() + "\r\n";
    for (QByteArray w : r.warnings) {
        w.replace('\\', "\\\\").replace('"', "\\\"").replace('\r', ' ').replace('\n', ' ');
        out += "Warning: 299 - \"" + w + "\"\r\n";
    }
    if (m_closeAfter)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += r.body;
    m_socket->write(out);
    m_busy = false;
    if (m_closeAfter) {
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_buffer.isEmpty())
        QMetaObject::invokeMethod(this, &HttpConnection::readData, Qt::QueuedConnection);
}

void HttpConnection::startStream(const QByteArray &contentType)
{
    m_streaming = true;
    m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache, private\r\n\r\n");
}

void HttpConnection::writeChunk(const QByteArray &data)
{
    if (!m_streaming || data.isEmpty())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::endStream()
{
    if (!m_streaming)
        return;
    m_streaming = false;
    m_socket->write("0\r\n\r\n");
    m_busy = false;
    if (m_closeAfter)
        m_socket->disconnectFromHost();
    else if (!m_buffer.isEmpty())
        QMetaObject::invokeMethod(this, &HttpConnection::readData, Qt::QueuedConnection);
}

HttpServer::HttpServer(RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
}

bool HttpServer::useTls(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error, const QByteArray &clientCaPem)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("this Qt has no TLS backend (the OpenSSL library was not found)");
        return false;
    }
    const QSslCertificate certificate(certificatePem, QSsl::Pem);
    const QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (certificate.isNull() || key.isNull()) {
        *error = QStringLiteral("the server certificate or key cannot be read");
        return false;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate);
    config.setPrivateKey(key);
    if (clientCaPem.isEmpty()) {
        config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with the bearer token
    } else {
        // A client certificate is asked for, not required (a token works too); the request
        // names this CA only, so clients offer the certificate it signed. Whether it did is
        // checked per connection.
        config.setPeerVerifyMode(QSslSocket::QueryPeer);
        config.setCaCertificates(QSslCertificate::fromData(clientCaPem));
        m_clientCa = clientCaPem;
    }
    config.setProtocol(QSsl::TlsV1_2OrLater);
    auto *server = new QSslServer(this);
    server->setSslConfiguration(config);
    // A client that fails the handshake (e.g. one that does not trust the CA) is dropped quietly.
    connect(server, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) { socket->deleteLater(); });
    delete m_server;
    m_server = server;
    return true;
}

quint16 HttpServer::listen(quint16 port)
{
    if (!m_server)
        m_server = new QTcpServer(this);
    // For TLS, a connection is pending once its handshake is done.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *s = m_server->nextPendingConnection()) {
            auto *connection = new HttpConnection(s, m_handler, this);
            const auto *tls = qobject_cast<QSslSocket *>(s);
            if (tls && !m_clientCa.isEmpty() && !tls->peerCertificate().isNull())
                if (const std::optional<CertificateUser> who = verifyClientCertificate(m_clientCa, tls->peerCertificate().toDer()))
                    connection->setCertificateUser(who->user, who->groups);
        }
    });
    return m_server->listen(QHostAddress::LocalHost, port) ? m_server->serverPort() : 0;
}

} // namespace dc::demo
