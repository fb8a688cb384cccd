#include "cache/cache_entry.h"

#include <cstdint>
#include <cstring>

#include <zlib.h>

namespace pictor::cache {
namespace {

constexpr char kMagic[8] = {'P', 'I', 'C', 'T', 'O', 'R', 'D', '1'};

struct Header {
    char magic[8];
    std::uint32_t width;
    std::uint32_t height;
    std::uint32_t format;
    std::uint32_t crc; // over width, height, format, length and the payload
    std::uint64_t length;
};
static_assert(sizeof(Header) == 32);

std::uint32_t checksum(const Header& h, std::string_view payload) {
    uLong crc = crc32(0L, Z_NULL, 0);
    auto field = [&crc](const void* p, std::size_t n) {
        crc = crc32(crc, static_cast<const Bytef*>(p), static_cast<uInt>(n));
    };
    field(&h.width, sizeof h.width);
    field(&h.height, sizeof h.height);
    field(&h.format, sizeof h.format);
    field(&h.length, sizeof h.length);
    // crc32() takes a uInt length; derivatives are far below 4 GiB but chunk anyway.
    for (std::size_t at = 0; at < payload.size(); at += 1u << 30)
        field(payload.data() + at, std::min<std::size_t>(payload.size() - at, 1u << 30));
    return static_cast<std::uint32_t>(crc);
}

bool valid_format(std::uint32_t f) {
    return f <= static_cast<std::uint32_t>(core::ImageFormat::Jp2);
}

} // namespace

std::string encode_cache_entry(const CachedImage& image) {
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.width = static_cast<std::uint32_t>(image.size.width);
    h.height = static_cast<std::uint32_t>(image.size.height);
    h.format = static_cast<std::uint32_t>(image.format);
    h.length = image.bytes.size();
    h.crc = checksum(h, image.bytes);
    std::string out(sizeof h + image.bytes.size(), '\0');
    std::memcpy(out.data(), &h, sizeof h);
    std::memcpy(out.data() + sizeof h, image.bytes.data(), image.bytes.size());
    return out;
}

std::optional<CachedImage> decode_cache_entry(std::string_view file) {
    Header h;
    if (file.size() < sizeof h) return std::nullopt;
    std::memcpy(&h, file.data(), sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return std::nullopt;
    if (h.length != file.size() - sizeof h || !valid_format(h.format)) return std::nullopt;
    std::string_view payload = file.substr(sizeof h);
    if (checksum(h, payload) != h.crc) return std::nullopt;
    CachedImage image;
    image.bytes.assign(payload);
    image.format = static_cast<core::ImageFormat>(h.format);
    image.size = {static_cast<int>(h.width), static_cast<int>(h.height)};
    return image;
}

} // namespace pictor::cache
