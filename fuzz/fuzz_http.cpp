// demo-cluster's HTTP/1.1 request parser on arbitrary bytes: it must answer NeedMore, Complete
// or Error, never crash, hang or read out of bounds; a Complete request never claims more bytes
// than it was given.
#include "httpserver.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray buffer(reinterpret_cast<const char *>(data), qsizetype(size));
    // Pipelined requests: parse until the buffer runs out, as a connection does.
    for (int i = 0; i < 64; ++i) {
        const dc::demo::HttpParse p = dc::demo::parseHttpRequest(buffer);
        if (p.state != dc::demo::HttpParse::Complete)
            break;
        if (p.consumed <= 0 || p.consumed > buffer.size())
            std::abort();
        buffer.remove(0, p.consumed);
    }
    return 0;
}
