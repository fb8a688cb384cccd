#include "plan/fill_patterns.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace pictor::plan {
namespace {

// A tile under construction; coordinates wrap, so lines may cross the edges and still tile.
class Tile {
  public:
    Tile(std::string name, std::string description, int width, int height) {
        t_.name = std::move(name);
        t_.description = std::move(description);
        t_.width = width;
        t_.height = height;
        t_.ink.assign(static_cast<std::size_t>(width) * height, 0);
    }
    Tile& set(int x, int y) {
        x = ((x % t_.width) + t_.width) % t_.width;
        y = ((y % t_.height) + t_.height) % t_.height;
        t_.ink[static_cast<std::size_t>(y) * t_.width + x] = 1;
        return *this;
    }
    Tile& row(int y) {
        for (int x = 0; x < t_.width; ++x)
            set(x, y);
        return *this;
    }
    Tile& column(int x) {
        for (int y = 0; y < t_.height; ++y)
            set(x, y);
        return *this;
    }
    // Bresenham, end points included.
    Tile& line(int x0, int y0, int x1, int y1) {
        int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        for (;;) {
            set(x0, y0);
            if (x0 == x1 && y0 == y1) break;
            int e2 = 2 * err;
            if (e2 >= dy) err += dy, x0 += sx;
            if (e2 <= dx) err += dx, y0 += sy;
        }
        return *this;
    }
    Tile& where(const std::function<bool(int, int)>& inked) {
        for (int y = 0; y < t_.height; ++y)
            for (int x = 0; x < t_.width; ++x)
                if (inked(x, y)) set(x, y);
        return *this;
    }
    // The same drawing with x and y swapped: horizontal patterns give their vertical twins.
    Tile transposed(std::string name, std::string description) const {
        Tile out(std::move(name), std::move(description), t_.height, t_.width);
        for (int y = 0; y < t_.height; ++y)
            for (int x = 0; x < t_.width; ++x)
                if (t_.ink[static_cast<std::size_t>(y) * t_.width + x]) out.set(y, x);
        return out;
    }
    Tile mirrored(std::string name, std::string description) const {
        Tile out(std::move(name), std::move(description), t_.width, t_.height);
        for (int y = 0; y < t_.height; ++y)
            for (int x = 0; x < t_.width; ++x)
                if (t_.ink[static_cast<std::size_t>(y) * t_.width + x])
                    out.set(t_.width - 1 - x, y);
        return out;
    }
    operator PatternTile() const { return t_; }

  private:
    PatternTile t_;
};

// Threshold of a 32x32 Bayer matrix, 0..1023: gray levels spread their ink evenly.
int bayer(int x, int y) {
    int v = 0;
    for (int bit = 4; bit >= 0; --bit) {
        int xb = (x >> (4 - bit)) & 1, yb = (y >> (4 - bit)) & 1;
        v |= ((xb ^ yb) << (2 * bit + 1)) | (yb << (2 * bit));
    }
    return v;
}

bool near_circle(double x, double y, double cx, double cy, double r) {
    return std::abs(std::hypot(x - cx, y - cy) - r) < 0.6;
}

std::vector<PatternTile> build() {
    std::vector<PatternTile> out;
    auto add = [&](PatternTile t) { out.push_back(std::move(t)); };

    Tile bricks("BRICKS", "brick pattern, 16×16", 16, 16);
    bricks.row(0).row(8).line(0, 0, 0, 7).line(8, 8, 8, 15);
    add(bricks);
    add(Tile("CHECKERBOARD", "checkerboard, 30×30", 30, 30).where([](int x, int y) {
        return (x / 15 + y / 15) % 2 == 0;
    }));
    add(Tile("CIRCLES", "circles pattern, 16×16", 16, 16).where([](int x, int y) {
        return near_circle(x, y, 7.5, 7.5, 6);
    }));
    add(Tile("CROSSHATCH", "crosshatch pattern, 8×4", 8, 4).row(0).column(0).column(4));
    add(Tile("CROSSHATCH30", "crosshatch pattern with lines at 30 degrees, 8×4", 8, 4)
            .line(0, 3, 7, 0)
            .line(0, 0, 7, 3));
    add(Tile("CROSSHATCH45", "crosshatch pattern with lines at 45 degrees, 8×4", 8, 4)
            .where([](int x, int y) { return x % 4 == y || x % 4 == 3 - y; }));
    add(Tile("FISHSCALES", "fish scales pattern, 16×8", 16, 8).where([](int x, int y) {
        return (y <= 4 && near_circle(x, y, 8, -4, 8)) ||
               (y >= 4 && (near_circle(x, y, 0, 4, 8) || near_circle(x, y, 16, 4, 8)));
    }));
    for (int level = 0; level <= 100; level += 5) {
        std::string n = std::to_string(level);
        // n % intensity: n % of the pixels are left unpainted (GRAY0 is solid, GRAY100 empty).
        add(Tile("GRAY" + n, n + "% intensity gray, 32×32", 32, 32).where([level](int x, int y) {
            return bayer(x, y) >= level * 1024 / 100;
        }));
    }
    add(Tile("HEXAGONS", "hexagon pattern, 30×18", 30, 18)
            .line(0, 9, 5, 0)
            .line(5, 0, 15, 0)
            .line(15, 0, 20, 9)
            .line(20, 9, 15, 17)
            .line(5, 17, 15, 17)
            .line(0, 9, 5, 17)
            .line(20, 9, 29, 9));
    Tile horizontal("HORIZONTAL", "horizontal line pattern, 8×4", 8, 4);
    horizontal.row(0);
    add(horizontal);
    add(Tile("HORIZONTAL2", "horizontal line pattern, 8×8", 8, 8).row(0).row(1));
    Tile horizontal3("HORIZONTAL3", "horizontal line pattern, 9×9", 9, 9);
    horizontal3.row(0).row(1).row(2);
    add(horizontal3);
    Tile saw("HORIZONTALSAW", "horizontal saw-tooth pattern, 16×8", 16, 8);
    saw.line(0, 7, 8, 0).line(8, 0, 16, 7);
    add(saw);
    Tile fdiag("HS_FDIAGONAL", "forward diagonal line pattern (45 degrees slope), 8×8", 8, 8);
    fdiag.line(0, 0, 7, 7);
    // HS_BDIAGONAL is the mirror image of HS_FDIAGONAL.
    add(fdiag.mirrored("HS_BDIAGONAL", "backward diagonal line pattern (45 degrees slope), 8×8"));
    add(Tile("HS_CROSS", "cross line pattern, 8×8", 8, 8).row(3).column(3));
    add(Tile("HS_DIAGCROSS", "diagonal line cross pattern (45 degrees slope), 8×8", 8, 8)
            .line(0, 0, 7, 7)
            .line(7, 0, 0, 7));
    add(fdiag);
    add(Tile("HS_HORIZONTAL", "horizontal line pattern, 8×8", 8, 8).row(3));
    add(Tile("HS_VERTICAL", "vertical line pattern, 8×8", 8, 8).column(3));
    Tile left30("LEFT30", "forward diagonal pattern (30 degrees slope), 8×4", 8, 4);
    left30.line(0, 3, 7, 0);
    add(left30);
    Tile left45("LEFT45", "forward diagonal pattern (45 degrees slope), 8×8", 8, 8);
    left45.line(0, 7, 7, 0).line(1, 7, 8, 0); // two pixels wide, unlike HS_BDIAGONAL
    add(left45);
    Tile shingle("LEFTSHINGLE", "left shingle pattern, 24×24", 24, 24);
    shingle.row(0).row(12).line(12, 0, 6, 11).line(0, 12, -6, 23);
    add(shingle);
    add(Tile("OCTAGONS", "octagons pattern, 16×16", 16, 16)
            .line(4, 0, 11, 0)
            .line(11, 0, 15, 4)
            .line(15, 4, 15, 11)
            .line(15, 11, 11, 15)
            .line(11, 15, 4, 15)
            .line(4, 15, 0, 11)
            .line(0, 11, 0, 4)
            .line(0, 4, 4, 0));
    add(left30.mirrored("RIGHT30", "backward diagonal line pattern (30 degrees), 8×4"));
    add(left45.mirrored("RIGHT45", "backward diagonal line pattern (30 degrees), 8×8"));
    add(shingle.mirrored("RIGHTSHINGLE", "right shingle pattern, 24×24"));
    add(Tile("SMALLFISHSCALES", "small fish scales pattern, 8×8", 8, 8).where([](int x, int y) {
        return (y <= 2 && near_circle(x, y, 4, -2, 4)) ||
               (y >= 2 && (near_circle(x, y, 0, 2, 4) || near_circle(x, y, 8, 2, 4)));
    }));
    add(Tile("VERTICAL", "vertical line pattern, 8×8", 8, 8).column(0));
    add(Tile("VERTICAL2", "vertical line pattern, 8×8", 8, 8).column(0).column(1));
    add(horizontal3.transposed("VERTICAL3", "vertical line pattern, 9×9"));
    add(bricks.transposed("VERTICALBRICKS", "vertical brick pattern, 16×16"));
    add(shingle.transposed("VERTICALLEFTSHINGLE", "vertical left shingle pattern, 24×24"));
    add(shingle.mirrored("", "").transposed("VERTICALRIGHTSHINGLE",
                                            "vertical right shingle pattern, 24×24"));
    add(saw.transposed("VERTICALSAW", "vertical saw-tooth pattern, 8×16"));
    return out;
}

} // namespace

const std::vector<PatternTile>& fill_patterns() {
    static const std::vector<PatternTile> patterns = build();
    return patterns;
}

const PatternTile* find_fill_pattern(std::string_view name) {
    std::string key;
    for (char c : name)
        key.push_back(c == ' ' ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    for (const auto& p : fill_patterns())
        if (p.name == key) return &p;
    return nullptr;
}

} // namespace pictor::plan
