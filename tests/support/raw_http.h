#pragma once
// Requests written byte for byte on a loopback connection, for what an HTTP client library
// would not send (malformed framing, duplicated Host, absolute-form targets).
#include <string>

namespace pictor::test {

// Everything the server sends on one connection until it closes it (or 2 s of silence).
std::string raw_exchange(const std::string& port, const std::string& request);
// The status of the first answer to a request sent on a raw connection (-1: none).
int raw_status(const std::string& port, const std::string& request);

} // namespace pictor::test
