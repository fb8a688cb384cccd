#pragma once
// A Plan: the source, the ordered operations and the encode step. Its canonical string plus the
// source version is the derivative cache key, so two dialects asking for the same pixels share
// one entry .
#include <string>
#include <vector>

#include "core/image_format.h"
#include "plan/operation.h"

namespace pictor::plan {

struct Encode {
    core::ImageFormat format = core::ImageFormat::Jpeg;
    int quality = 0;          // 0 = the engine's configured default for the format
    int dpi_x = 0, dpi_y = 0; // resolution written into the file; 0 = the encoder's default
    bool operator==(const Encode&) const = default;
};

struct Plan {
    std::string source; // the decoded identifier
    std::vector<Operation> ops;
    Encode encode;

    // e.g. "photo.jpg|crop:0,0,600,400|resize:300,200|mirror|rotate:90|gray|jpg"
    std::string canonical() const;
    bool operator==(const Plan&) const = default;
};

// Shortest decimal that round-trips, without trailing zeros: 90, 22.5, 0.25.
std::string format_number(double value);

} // namespace pictor::plan
