#include "engine/metadata_strip.h"

#include <array>
#include <cstdint>
#include <optional>

#include <webp/mux.h>

#include "engine/exif_subset.h"
#include "engine/webp_metadata.h"

namespace pictor::engine::detail {
namespace {

using core::Error;

Error unwalkable(const char* format) {
    return Error{core::ErrorCode::SourceCorrupt,
                 std::string("this original's ") + format +
                     " structure is damaged; its metadata cannot be removed",
                 {}};
}

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::uint32_t big_endian(std::string_view s, std::size_t at, int bytes) {
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | byte_at(s, at + i);
    return v;
}

bool starts(std::string_view payload, std::string_view signature) {
    return payload.substr(0, signature.size()) == signature;
}

// The APPn segments a decoder needs to show the pixels as stored: JFIF (resolution, the
// colour model), ICC profiles, Adobe's colour transform flag. Everything else in an APPn or
// COM segment is metadata (EXIF, XMP, IPTC, MPF previews, maker data, comments).
bool needed_for_pixels(unsigned marker, std::string_view payload) {
    if (marker == 0xE0) return starts(payload, {"JFIF\0", 5}) || starts(payload, {"JFXX\0", 5});
    if (marker == 0xE2) return starts(payload, {"ICC_PROFILE\0", 12});
    if (marker == 0xEE) return starts(payload, "Adobe");
    return false;
}

// A JPEG APP1 segment holding `exif` ("Exif\0\0" + TIFF structure).
std::string app1(const std::string& exif) {
    std::size_t length = exif.size() + 2;
    return std::string{'\xFF', '\xE1', static_cast<char>(length >> 8),
                       static_cast<char>(length & 0xFF)} +
           exif;
}

// The entropy-coded data after an SOS header, up to the next marker that is not a restart
// marker or a stuffed 0xFF: its end offset.
std::optional<std::size_t> end_of_scan(std::string_view jpeg, std::size_t at) {
    while (at + 1 < jpeg.size()) {
        if (byte_at(jpeg, at) != 0xFF) {
            ++at;
            continue;
        }
        unsigned next = byte_at(jpeg, at + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
            at += next == 0xFF ? 1 : 2;
            continue;
        }
        return at;
    }
    return std::nullopt;
}

} // namespace

core::Result<std::string> strip_jpeg_metadata(std::string_view jpeg,
                                              const std::vector<std::string>& keep_exif) {
    if (jpeg.size() < 4 || byte_at(jpeg, 0) != 0xFF || byte_at(jpeg, 1) != 0xD8)
        return unwalkable("JPEG");
    std::string out = "\xFF\xD8";
    std::string kept_exif;
    std::size_t exif_at = std::string::npos; // where the first APP1 was: the kept one goes there
    std::size_t at = 2;
    while (true) {
        if (at + 1 >= jpeg.size() || byte_at(jpeg, at) != 0xFF) return unwalkable("JPEG");
        while (at + 1 < jpeg.size() && byte_at(jpeg, at + 1) == 0xFF)
            ++at; // fill bytes
        if (at + 1 >= jpeg.size()) return unwalkable("JPEG");
        unsigned marker = byte_at(jpeg, at + 1);
        if (marker == 0xD9) { // EOI: whatever follows (appended previews, trailers) goes
            out += "\xFF\xD9";
            break;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            out.append(jpeg.substr(at, 2));
            at += 2;
            continue;
        }
        if (at + 4 > jpeg.size()) return unwalkable("JPEG");
        std::size_t length = big_endian(jpeg, at + 2, 2);
        if (length < 2 || at + 2 + length > jpeg.size()) return unwalkable("JPEG");
        std::string_view segment = jpeg.substr(at, 2 + length);
        std::string_view payload = segment.substr(4);
        bool metadata = marker == 0xFE || (marker >= 0xE0 && marker <= 0xEF);
        if (marker == 0xE1 && starts(payload, {"Exif\0\0", 6}) && exif_at == std::string::npos) {
            exif_at = out.size();
            kept_exif = exif_subset(std::string(payload), keep_exif);
        }
        if (!metadata || needed_for_pixels(marker, payload)) out.append(segment);
        at += 2 + length;
        if (marker == 0xDA) { // a scan: its entropy-coded data, then the next marker
            auto end = end_of_scan(jpeg, at);
            if (!end) return unwalkable("JPEG");
            out.append(jpeg.substr(at, *end - at));
            at = *end;
        }
    }
    if (!kept_exif.empty()) out.insert(exif_at, app1(kept_exif));
    return out;
}

core::Result<std::string> strip_png_metadata(std::string_view png) {
    static constexpr std::string_view kSignature{"\x89PNG\r\n\x1a\n", 8};
    if (!starts(png, kSignature)) return unwalkable("PNG");
    // Text, EXIF and time chunks; every other chunk (colour, transparency, animation, the
    // pixels) is needed to show the image as stored.
    static constexpr std::array<std::string_view, 5> kMetadata = {"tEXt", "zTXt", "iTXt", "eXIf",
                                                                  "tIME"};
    std::string out(kSignature);
    std::size_t at = kSignature.size();
    while (true) {
        if (at + 12 > png.size()) return unwalkable("PNG");
        std::size_t length = big_endian(png, at, 4);
        if (length > png.size() - at - 12) return unwalkable("PNG");
        std::string_view type = png.substr(at + 4, 4);
        std::string_view chunk = png.substr(at, 12 + length);
        bool metadata = false;
        for (auto m : kMetadata)
            metadata = metadata || type == m;
        if (!metadata) out.append(chunk);
        at += chunk.size();
        if (type == "IEND") return out; // trailing data goes
    }
}

core::Result<std::string> strip_webp_source_metadata(std::string webp,
                                                     const std::vector<std::string>& keep_exif) {
    std::string kept;
    {
        WebPData in{reinterpret_cast<const uint8_t*>(webp.data()), webp.size()};
        WebPMux* mux = WebPMuxCreate(&in, 0);
        if (!mux) return unwalkable("WebP");
        WebPData exif;
        // A WebP EXIF chunk holds the TIFF structure alone; libexif reads it after the header
        // a JPEG's APP1 has.
        if (WebPMuxGetChunk(mux, "EXIF", &exif) == WEBP_MUX_OK) {
            std::string block(reinterpret_cast<const char*>(exif.bytes), exif.size);
            if (!starts(block, {"Exif\0\0", 6})) block.insert(0, std::string("Exif\0\0", 6));
            kept = exif_subset(block, keep_exif);
        }
        WebPMuxDelete(mux);
    }
    auto stripped =
        strip_webp_metadata(std::move(webp), kept.size() > 6 ? kept.substr(6) : std::string());
    if (!stripped) return unwalkable("WebP");
    return stripped;
}

} // namespace pictor::engine::detail
