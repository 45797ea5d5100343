#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
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

    [[nodiscard]] QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
};

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

Q_SIGNALS:
    void closed();

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
};

class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(RequestHandler handler, QObject *parent = nullptr);
    /// Serve HTTPS with this certificate and key (PEM); call before listen().
    bool useTls(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error);
    /// Listens on 127.0.0.1 only; port 0 picks a free one. Returns the port or 0.
    quint16 listen(quint16 port);

private:
    QTcpServer *m_server = nullptr;
    RequestHandler m_handler;
};

} // namespace dc::demo
