#pragma once
// Decompression bombs of every format pictor reads: small, complete files whose headers
// declare far more pixels than limits.max_decoded_pixels (a gigapixel or so), made by writing
// a tiny real image and rewriting the dimensions in its header, or by hand where that is the
// simpler way. pictor must refuse each from its header, in milliseconds, leaving nothing.
#include <cstdint>
#include <string>
#include <vector>

namespace pictor::test {

struct Bomb {
    std::string name;  // file name, extension included
    std::string bytes; // contents
    std::int64_t declared_pixels = 0;
};

// A valid PNG header claiming 50000 x 50000 RGB pixels with one tiny compressed row.
std::string bomb_png();

// Every format's bomb; those this machine's libvips cannot write (AVIF without an AV1
// encoder) are left out.
std::vector<Bomb> bombs();

} // namespace pictor::test
