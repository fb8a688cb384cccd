#pragma once
// Decodes answers with libvips so tests check pixels, not status codes.
#include <string>
#include <vector>

namespace pictor::test {

struct Decoded {
    bool ok = false;
    int width = 0;
    int height = 0;
    int bands = 0;
    std::string loader; // e.g. "jpegload_buffer"
};

// Starts libvips in the test process once (every helper here calls it).
void start_vips();
Decoded decode(const std::string& bytes);
// Mean of each band over a 5x5 patch centred on (x, y).
std::vector<double> pixel(const std::string& bytes, int x, int y);
// Distinct values of band 0 (for bitonal checks; capped at 256 values).
std::vector<int> distinct_values(const std::string& bytes);
// 64-bit difference hash of the image, for comparisons with goldens.
unsigned long long dhash(const std::string& bytes);
int hamming(unsigned long long a, unsigned long long b);
// Both decode to the same size and bands and every sample is equal (as stored, no rotation).
bool same_pixels(const std::string& a, const std::string& b);

} // namespace pictor::test
