#include "support/image_check.h"

#include <algorithm>
#include <bitset>
#include <mutex>

#include <vips/vips8>

namespace pictor::test {
void start_vips() {
    static std::once_flag once;
    std::call_once(once, [] { VIPS_INIT("pictor-tests"); });
}

namespace {

using vips::VImage;

VImage load(const std::string& bytes) {
    start_vips();
    return VImage::new_from_buffer(bytes.data(), bytes.size(), "");
}

} // namespace

Decoded decode(const std::string& bytes) {
    Decoded d;
    try {
        VImage img = load(bytes);
        d.width = img.width();
        d.height = img.height();
        d.bands = img.bands();
        d.loader = img.get_string("vips-loader");
        d.ok = img.avg() >= 0; // forces a full decode
    } catch (const vips::VError&) {
        d.ok = false;
    }
    return d;
}

bool same_pixels(const std::string& a, const std::string& b) {
    try {
        VImage x = load(a), y = load(b);
        if (x.width() != y.width() || x.height() != y.height() || x.bands() != y.bands())
            return false;
        // The largest absolute difference of any sample: 0 only when every one is equal.
        return (x.cast(VIPS_FORMAT_DOUBLE) - y.cast(VIPS_FORMAT_DOUBLE)).abs().max() == 0;
    } catch (const vips::VError&) {
        return false;
    }
}

std::vector<double> pixel(const std::string& bytes, int x, int y) {
    VImage img = load(bytes);
    int x0 = std::clamp(x - 2, 0, img.width() - 1), y0 = std::clamp(y - 2, 0, img.height() - 1);
    int w = std::min(5, img.width() - x0), h = std::min(5, img.height() - y0);
    VImage patch = img.extract_area(x0, y0, w, h);
    std::vector<double> out;
    for (int b = 0; b < img.bands(); ++b)
        out.push_back(patch.extract_band(b).avg());
    return out;
}

std::vector<int> distinct_values(const std::string& bytes) {
    VImage img = load(bytes).extract_band(0).cast(VIPS_FORMAT_UCHAR);
    VImage h = img.hist_find();
    std::vector<int> values;
    for (int i = 0; i < 256; ++i)
        if (h.getpoint(i, 0)[0] > 0) values.push_back(i);
    return values;
}

unsigned long long dhash(const std::string& bytes) {
    VImage img = load(bytes).colourspace(VIPS_INTERPRETATION_B_W).extract_band(0);
    VImage small =
        img.resize(9.0 / img.width(), VImage::option()->set("vscale", 8.0 / img.height()));
    unsigned long long hash = 0;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
            hash <<= 1;
            if (small.getpoint(x, y)[0] < small.getpoint(x + 1, y)[0]) hash |= 1;
        }
    return hash;
}

int hamming(unsigned long long a, unsigned long long b) {
    return static_cast<int>(std::bitset<64>(a ^ b).count());
}

} // namespace pictor::test
