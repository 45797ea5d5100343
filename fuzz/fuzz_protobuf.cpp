// demo-cluster's protobuf request decoder on arbitrary bytes: it must answer (an object or a
// message), never crash, hang or read out of bounds.
#include "protobuf.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // With and without the envelope's magic, so the fuzzer reaches the decoder quickly.
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    dc::demo::ProtobufError error;
    (void)dc::demo::objectFromProtobuf(raw, &error);
    (void)dc::demo::objectFromProtobuf(QByteArray("k8s\0", 4) + raw, &error);
    return 0;
}
