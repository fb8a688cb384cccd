#include "core/gravity.h"

namespace pictor::core {

Rect place(Gravity g, Size outer, Size inner, int dx, int dy) {
    int col = 0, row = 0; // 0 start, 1 middle, 2 end
    switch (g) {
    case Gravity::NorthWest: break;
    case Gravity::North: col = 1; break;
    case Gravity::NorthEast: col = 2; break;
    case Gravity::West: row = 1; break;
    case Gravity::Center: col = row = 1; break;
    case Gravity::East: col = 2, row = 1; break;
    case Gravity::SouthWest: row = 2; break;
    case Gravity::South: col = 1, row = 2; break;
    case Gravity::SouthEast: col = row = 2; break;
    }
    auto offset = [](int where, int outer_len, int inner_len, int d) {
        if (where == 0) return d;
        if (where == 1) return (outer_len - inner_len) / 2 + d;
        return outer_len - inner_len - d;
    };
    return {offset(col, outer.width, inner.width, dx), offset(row, outer.height, inner.height, dy),
            inner.width, inner.height};
}

} // namespace pictor::core
