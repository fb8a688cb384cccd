#pragma once
// An answer's status line and header fields as one block of bytes, so that the answer goes out
// in a single writev of two buffers (this block and the body). Beast's serializer walks a
// buffer sequence of four pieces per field instead and hands the kernel one iovec per piece: on
// a warm hit that walk was a tenth of the server's CPU, and its sendmsg carried about fifty
// iovecs. The bytes are exactly those Beast's serializer writes (wire_head_test compares them).
#include <string>

#include "http/types.h"

namespace pictor::http {

// Replaces `out` (whose capacity is reused from answer to answer) with the head of `res`.
void write_head(const Response& res, std::string& out);

} // namespace pictor::http
