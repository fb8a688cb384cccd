#pragma once
#include <cstdint>
#include <string>

namespace pictor::core {

struct Size {
    int width = 0;
    int height = 0;

    std::int64_t area() const { return std::int64_t{width} * height; }
    bool empty() const { return width <= 0 || height <= 0; }
    bool operator==(const Size&) const = default;
};

struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    Size size() const { return {width, height}; }
    bool operator==(const Rect&) const = default;
};

inline std::string to_string(Size s) {
    return std::to_string(s.width) + "x" + std::to_string(s.height);
}

} // namespace pictor::core
