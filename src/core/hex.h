#pragma once
// Hexadecimal digits: bytes to lower-case hex, and one digit's value.
#include <cstddef>
#include <string>

namespace pictor::core {

std::string to_hex(const unsigned char* data, std::size_t length);
// 0..15, or -1 for a character that is not a hex digit (either case).
int hex_value(char c);

} // namespace pictor::core
