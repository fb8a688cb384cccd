#pragma once
// Generated hostile sources of every format pictor reads: truncated, cut to the header,
// structurally broken (no IEND, zero width, a 65536-pixel tile, a canvas that lies), non-images
// wearing an image's extension, and seeded byte flips. Each says which answers are acceptable.
#include <set>
#include <string>
#include <vector>

namespace pictor::test {

struct HostileFile {
    std::string name;  // file name, extension included
    std::string bytes; // contents
    // Acceptable statuses of an image request (info.json may still be 200 when the header is
    // sound). Never a 5xx.
    std::set<int> image_statuses;
    bool header_sound = false; // info.json answers 200
};

std::vector<HostileFile> hostile_files();

} // namespace pictor::test
