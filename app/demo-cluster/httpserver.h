#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace dc::demo {

struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    // A client certificate the server's CA signed (x509 user): its CN and O; empty without one.
    QString certificateUser;
    QStringList certificateGroups;

    [[nodiscard]] QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QByteArray> warnings = {}; // sent as "Warning: 299 - ..." headers (kubectl prints them)
};

/// The outcome of reading one request from the front of a buffer.
struct HttpParse
{
    enum State { NeedMore, Complete, Error } state = NeedMore;
    HttpRequest request;   // Complete
    qsizetype consumed = 0; // Complete: bytes of the buffer the request took
    int errorStatus = 0;   // Error: 400 or 413
    QByteArray errorReason;
    bool closeAfter = false; // Connection: close
};

/// Reads one HTTP/1.1 request (request line, headers, Content-Length body) from the front of
/// `buffer`. Pure, so it is unit-tested and fuzzed without a socket: any bytes give NeedMore,
/// Complete or Error, never a crash or an unbounded wait (headers over 64 KiB and bodies over
/// 16 MiB are errors).
HttpParse parseHttpRequest(const QByteArray &buffer);

class HttpConnection;
using RequestHandler = std::function<void(const HttpRequest &, HttpConnection *)>;

/// One client connection: HTTP/1.1 with keep-alive, Content-Length bodies, and chunked
/// responses for streams (watch). Requests are handled one at a time, in order.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, RequestHandler handler, QObject *parent);

    void respond(const HttpResponse &response);
    /// Starts a chunked 200 response; write chunks, then end it.
    void startStream(const QByteArray &contentType);
    void writeChunk(const QByteArray &data);
    void endStream();
    [[nodiscard]] bool streaming() const { return m_streaming; }
    /// Bytes written but not yet sent to the client.
    [[nodiscard]] qint64 pendingBytes() const;
    /// The x509 user every request of this connection carries (its TLS client certificate).
    void setCertificateUser(const QString &user, const QStringList &groups)
    {
        m_certificateUser = user;
        m_certificateGroups = groups;
    }
    /// Drops the connection at once (a client that does not read its watch events).
    void abort();

Q_SIGNALS:
    void closed();
    /// Some of what was written went out (the client is reading).
    void written();

private:
    void readData();
    bool parseOne();
    void fail(int status, const QByteArray &reason);

    QTcpSocket *m_socket;
    RequestHandler m_handler;
    QByteArray m_buffer;
    bool m_busy = false;
    bool m_streaming = false;
    bool m_closeAfter = false;
    QString m_certificateUser;
    QStringList m_certificateGroups;
};

/// The project's own small HTTP/1.1 server: Qt 6.4's QHttpServer cannot stream a response (a
/// watch is a chunked response that stays open and is written to as objects change), and the
/// API needs exactly that, plus TLS with QSslServer and keep-alive.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(RequestHandler handler, QObject *parent = nullptr);
    /// Serve HTTPS with this certificate and key (PEM); call before listen(). With `clientCaPem`,
    /// clients may also present a certificate that CA signed (then they are its x509 user).
    bool useTls(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error, const QByteArray &clientCaPem = {});
    /// Listens on 127.0.0.1 only; port 0 picks a free one. Returns the port or 0.
    quint16 listen(quint16 port);

private:
    QTcpServer *m_server = nullptr;
    RequestHandler m_handler;
    QByteArray m_clientCa;
};

} // namespace dc::demo
