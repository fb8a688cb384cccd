#pragma once
// Bytes of binary file formats, for tests that write files by hand (hostile and bomb sources):
// little- and big-endian integers and PNG chunks with their CRC.
#include <cstdint>
#include <string>

namespace pictor::test {

std::string le16(std::uint16_t v);
std::string le32(std::uint32_t v);
std::string be32(std::uint32_t v);
// A PNG chunk: length, type, data, CRC-32 of type and data.
std::string png_chunk(const std::string& type, const std::string& data);

} // namespace pictor::test
