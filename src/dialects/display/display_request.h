#pragma once
// The display API (docs/display.md, OpenAtlas #1426): `image_size=NAME`, `size=PERCENT`,
// `hsize=W`, `vsize=H`, `format=`, `download=` -> a typed request, then a Plan. At most one
// way of sizing per request; every size is shrink-only.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/geometry.h"
#include "core/image_format.h"
#include "core/result.h"
#include "plan/plan.h"

namespace pictor::dialects::display {

enum class SizeKind { Original, Named, Percent, Box };
enum class FormatChoice { Source, Jpeg, Png, Webp, Avif, Auto };

struct DisplayRequest {
    SizeKind kind = SizeKind::Original;
    int longest = 0;           // Named: longest edge in px
    int percent = 0;           // Percent: 1..100
    int width = 0, height = 0; // Box: 0 = not constrained
    FormatChoice format = FormatChoice::Source;
    std::optional<bool> download; // absent: inline
};

struct DisplayOptions {
    std::vector<std::pair<std::string, int>> named_sizes; // {"thumbnail", 200}, ...
    int max_width = 10000;                                // platform limit on hsize/vsize
};

core::Result<DisplayRequest> parse_display_query(std::string_view query,
                                                 const DisplayOptions& options);

// Output dimensions for a source of `source` size; never larger than the source.
core::Size display_size(const DisplayRequest& request, core::Size source);

// The answer's format: an explicit choice, `auto` negotiated from Accept (AVIF, WebP, JPEG,
// as far as `writable` allows), or the source's own format when browsers show it, else JPEG.
core::Result<core::ImageFormat> display_format(const DisplayRequest& request,
                                               core::ImageFormat source, std::string_view accept,
                                               const std::set<core::ImageFormat>& writable);

plan::Plan display_plan(const std::string& identifier, core::Size source, core::Size output,
                        core::ImageFormat format);

} // namespace pictor::dialects::display
