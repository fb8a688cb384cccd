#include "dialects/iiif/viewer_sizes.h"

#include <algorithm>

namespace pictor::dialects::iiif {
namespace {

bool by_width(core::Size a, core::Size b) {
    return a.width != b.width ? a.width < b.width : a.height < b.height;
}

void add_unique(std::vector<core::Size>& sizes, core::Size s) {
    if (std::find(sizes.begin(), sizes.end(), s) == sizes.end()) sizes.push_back(s);
}

} // namespace

std::vector<core::Size> level_sizes(core::Size image, const std::vector<int>& scale_factors) {
    std::vector<core::Size> out;
    for (int f : scale_factors)
        out.push_back({(image.width + f - 1) / f, (image.height + f - 1) / f});
    std::sort(out.begin(), out.end(), by_width);
    return out;
}

bool misread_as_levels(const std::vector<core::Size>& sizes, core::Size image,
                       const std::vector<int>& scale_factors) {
    // OpenSeadragon 5: maxLevel = log2 of the largest scale factor; the sizes are the levels
    // when there are maxLevel + 1 of them, or maxLevel (the full size is then appended).
    const std::size_t levels = scale_factors.size();
    if (sizes.empty() || (sizes.size() != levels && sizes.size() + 1 != levels)) return false;
    std::vector<core::Size> read = sizes;
    std::sort(read.begin(), read.end(), by_width);
    if (read.size() + 1 == levels) read.push_back(image);
    return read != level_sizes(image, scale_factors);
}

std::vector<core::Size> sizes_for_viewers(std::vector<core::Size> sizes, core::Size image,
                                          const std::vector<int>& scale_factors,
                                          const std::function<bool(core::Size)>& fits) {
    auto ascending = [&] {
        std::sort(sizes.begin(), sizes.end(),
                  [](core::Size a, core::Size b) { return a.area() < b.area(); });
    };
    ascending();
    if (!misread_as_levels(sizes, image, scale_factors)) return sizes;
    for (auto level : level_sizes(image, scale_factors))
        if (fits(level)) add_unique(sizes, level);
    ascending();
    // Too few levels fit (a tight bound): a list longer than the levels is never misread.
    while (misread_as_levels(sizes, image, scale_factors)) {
        core::Size smallest = sizes.front();
        core::Size half{(smallest.width + 1) / 2, (smallest.height + 1) / 2};
        if (half == smallest) break; // 1x1: nothing smaller to add
        sizes.insert(sizes.begin(), half);
    }
    return sizes;
}

} // namespace pictor::dialects::iiif
