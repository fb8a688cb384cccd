// A tile of a JPEG-compressed pyramid level, asked for at the level's own scale, is the stored
// tiles' DCT coefficients laid side by side. libjpeg's transcoding API (jpeg_read_coefficients /
// jpeg_write_coefficients, what jpegtran's lossless crop is built on) assembles them without the
// inverse DCT, the colour conversions and the forward DCT: only the entropy coding is redone,
// about a quarter of a decode and encode. iipsrv sends a stored tile unchanged when it is asked
// for exactly; this also covers IIIF tiles larger than the stored ones (a 512 px tile of 256 px
// tiles) and keeps the configured quality: coefficients stored with finer quantisation tables
// than the quality's are requantised to them.
#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio> // jpeglib.h uses FILE without including it
#include <string>
#include <vector>

#include <jpeglib.h>
// after jpeglib.h, which it needs
#include <jerror.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back to
// assemble()'s setjmp. Warnings (a damaged tile) also make the copy give up.
struct ErrorTrap {
    jpeg_error_mgr mgr; // first: libjpeg hands back a pointer to it
    std::jmp_buf jump;
    bool warned = false;
};

[[noreturn]] void on_error(j_common_ptr c) {
    std::longjmp(reinterpret_cast<ErrorTrap*>(c->err)->jump, 1);
}
void on_message(j_common_ptr c, int level) {
    if (level < 0) reinterpret_cast<ErrorTrap*>(c->err)->warned = true;
}

// The libjpeg objects and the answer's bytes. They live outside the frame that may be jumped
// out of, so a libjpeg error skips no C++ destructor, and are released here however the
// assembly ended.
struct Session {
    ErrorTrap trap;
    jpeg_decompress_struct in{};
    jpeg_compress_struct out{};
    jpeg_destination_mgr dest{};
    bool in_made = false, out_made = false;
    std::vector<unsigned char> bytes;
    ~Session() {
        if (in_made) jpeg_destroy_decompress(&in);
        if (out_made) jpeg_destroy_compress(&out);
    }
};

int right(core::Rect r) { return r.x + r.width; }
int bottom(core::Rect r) { return r.y + r.height; }

Session& session_of(j_compress_ptr c) { return *static_cast<Session*>(c->client_data); }

// The destination: `bytes`, doubled when full.
void start_output(j_compress_ptr c) {
    auto& s = session_of(c);
    s.bytes.resize(64 * 1024);
    c->dest->next_output_byte = s.bytes.data();
    c->dest->free_in_buffer = s.bytes.size();
}
boolean grow_output(j_compress_ptr c) {
    auto& s = session_of(c);
    std::size_t used = s.bytes.size();
    bool grown = true;
    try {
        s.bytes.resize(used * 2);
    } catch (const std::bad_alloc&) {
        grown = false;
    }
    if (!grown) ERREXIT(c, JERR_OUT_OF_MEMORY); // outside the catch: it does not return
    c->dest->next_output_byte = s.bytes.data() + used;
    c->dest->free_in_buffer = s.bytes.size() - used;
    return TRUE;
}
void end_output(j_compress_ptr c) {
    auto& s = session_of(c);
    s.bytes.resize(s.bytes.size() - c->dest->free_in_buffer);
}

// The stored tiles' coding, as the first tile declared it (every other tile must match).
struct Stored {
    J_COLOR_SPACE colour = JCS_UNKNOWN;
    int max_h = 1, max_v = 1;
    int h[3]{}, v[3]{}, slot[3]{};
    UINT16 tables[2][DCTSIZE2]{}; // natural order
};

// How one component of the answer is made from the stored ones.
struct Output {
    // Copied from one stored component with its steps rescaled (`ratio`): same colour space and
    // sampling. Otherwise computed: a mix of the three stored components (`weight`, on
    // dequantised coefficients: a colour conversion is linear, and so is the DCT), halved both
    // ways when `halve` (full-resolution chroma to 4:2:0), then quantised with `answer_q`.
    bool copy = true;
    bool unchanged = false; // a copy with the stored steps
    bool halve = false;
    int source = 0;
    float ratio[DCTSIZE2]{};
    float scale[3][DCTSIZE2]{}; // weight x stored step, per stored component (0: unused)
    bool uses[3]{};
    float inverse_q[DCTSIZE2]{}; // 1 / the answer's step
};

struct Grid {
    Stored stored;
    int out_max_h = 1, out_max_v = 1;
    Output out[3];
    jvirt_barray_ptr arrays[MAX_COMPONENTS]{};
};

// JFIF's RGB -> YCbCr (the 128 offsets fall away on level-shifted DCT coefficients).
constexpr float kToYCbCr[3][3] = {{0.29900F, 0.58700F, 0.11400F},
                                  {-0.16874F, -0.33126F, 0.50000F},
                                  {0.50000F, -0.41869F, -0.08131F}};

// The orthonormal 8-point DCT-II (JPEG's 8x8 DCT is its 2-D form) D, and L = D P D' where P
// averages a block's samples in pairs into the first half of a block: the coefficients of two
// neighbouring blocks' 2:1 mean (as libjpeg downsamples chroma) are L a + R b, and mirroring
// gives R[k][j] = (-1)^(k+j) L[k][j]. So four blocks become one without leaving the DCT domain,
// and L's zeros (almost half) are skipped.
struct HalvingMatrix {
    float left[DCTSIZE][DCTSIZE];
    HalvingMatrix() {
        const double pi = std::acos(-1.0);
        double d[DCTSIZE][DCTSIZE];
        for (int k = 0; k < DCTSIZE; ++k)
            for (int n = 0; n < DCTSIZE; ++n)
                d[k][n] = (k == 0 ? std::sqrt(1.0 / DCTSIZE) : std::sqrt(2.0 / DCTSIZE)) *
                          std::cos((2 * n + 1) * k * pi / (2 * DCTSIZE));
        for (int k = 0; k < DCTSIZE; ++k)
            for (int j = 0; j < DCTSIZE; ++j) {
                double sum = 0; // sample i of the first block lands on sample i / 2 of the mean
                for (int i = 0; i < DCTSIZE; ++i)
                    sum += d[k][i / 2] * 0.5 * d[j][i];
                left[k][j] = std::abs(sum) < 1e-9 ? 0.0F : static_cast<float>(sum);
            }
    }
};

// The blocks at one position of the three stored components.
using Triple = const JBLOCK* [3];

// Rounded to nearest, halves away from zero (as libjpeg's quantiser), without a libm call:
// these loops run over every coefficient of the answer and vectorise.
inline JCOEF round_to_coefficient(float v) {
    return static_cast<JCOEF>(v + std::copysign(0.5F, v));
}

// Dequantised, mixed coefficients of one stored position for answer component `o`, as 8 rows
// `stride` floats apart in `into`.
void mix(const Output& o, const Triple& at, float* into, int stride = DCTSIZE) {
    for (int r = 0; r < DCTSIZE; ++r)
        std::fill_n(into + r * stride, DCTSIZE, 0.0F);
    for (int i = 0; i < 3; ++i) {
        if (!o.uses[i]) continue;
        const JCOEF* from = *at[i];
        const float* scale = o.scale[i];
        for (int r = 0; r < DCTSIZE; ++r)
            for (int c = 0; c < DCTSIZE; ++c)
                into[r * stride + c] +=
                    static_cast<float>(from[r * DCTSIZE + c]) * scale[r * DCTSIZE + c];
    }
}

void quantise(const Output& o, const float* coefficients, JCOEF* out) {
    for (int k = 0; k < DCTSIZE2; ++k)
        out[k] = round_to_coefficient(coefficients[k] * o.inverse_q[k]);
}

// `in` (8 x 16 pairs: row j of the first and second block) halved along j: L first + R second,
// as sums and differences of the two blocks (R = L up to signs), into out[k][c] for the 16
// columns `in` holds.
void halve_rows(const float (&first)[DCTSIZE][2 * DCTSIZE],
                const float (&second)[DCTSIZE][2 * DCTSIZE], float (&out)[DCTSIZE][2 * DCTSIZE]) {
    static const HalvingMatrix hm;
    float sum[DCTSIZE][2 * DCTSIZE], difference[DCTSIZE][2 * DCTSIZE];
    for (int j = 0; j < DCTSIZE; ++j) {
        float sign = j % 2 == 0 ? 1.0F : -1.0F;
        for (int c = 0; c < 2 * DCTSIZE; ++c) {
            sum[j][c] = first[j][c] + sign * second[j][c];
            difference[j][c] = first[j][c] - sign * second[j][c];
        }
    }
    for (int k = 0; k < DCTSIZE; ++k) {
        const auto& from = k % 2 == 0 ? sum : difference;
        for (int c = 0; c < 2 * DCTSIZE; ++c)
            out[k][c] = 0;
        for (int j = 0; j < DCTSIZE; ++j) {
            float m = hm.left[k][j];
            if (m == 0) continue;
            for (int c = 0; c < 2 * DCTSIZE; ++c)
                out[k][c] += m * from[j][c];
        }
    }
}

// One answer block from 2x2 stored positions (top-left, top-right, bottom-left, bottom-right):
// halved vertically, then (transposed) horizontally.
void halve_block(const Output& o, const Triple quad[4], JCOEF* out) {
    float top[DCTSIZE][2 * DCTSIZE], bottom[DCTSIZE][2 * DCTSIZE]; // [frequency y][x of 2 blocks]
    mix(o, quad[0], &top[0][0], 2 * DCTSIZE);
    mix(o, quad[1], &top[0][DCTSIZE], 2 * DCTSIZE);
    mix(o, quad[2], &bottom[0][0], 2 * DCTSIZE);
    mix(o, quad[3], &bottom[0][DCTSIZE], 2 * DCTSIZE);
    float tall[DCTSIZE][2 * DCTSIZE];
    halve_rows(top, bottom, tall);
    // Transposed: the left block's columns as the first, the right block's as the second.
    float left[DCTSIZE][2 * DCTSIZE]{}, right[DCTSIZE][2 * DCTSIZE]{}, wide[DCTSIZE][2 * DCTSIZE];
    for (int r = 0; r < DCTSIZE; ++r)
        for (int j = 0; j < DCTSIZE; ++j) {
            left[j][r] = tall[r][j];
            right[j][r] = tall[r][DCTSIZE + j];
        }
    halve_rows(left, right, wide); // wide[k][r]: horizontal frequency k of row r (first 8 used)
    float block[DCTSIZE2];
    for (int r = 0; r < DCTSIZE; ++r)
        for (int k = 0; k < DCTSIZE; ++k)
            block[r * DCTSIZE + k] = wide[k][r];
    quantise(o, block, out);
}

// Whether this tile is coded like the first one (same components, sampling and tables).
bool same_coding(const jpeg_decompress_struct& in, const Stored& first) {
    if (in.num_components != 3 || in.jpeg_color_space != first.colour) return false;
    for (int c = 0; c < 3; ++c) {
        const auto& comp = in.comp_info[c];
        int slot = first.slot[c];
        if (comp.h_samp_factor != first.h[c] || comp.v_samp_factor != first.v[c] ||
            comp.quant_tbl_no != slot || !in.quant_tbl_ptrs[slot] ||
            !std::equal(first.tables[slot], first.tables[slot] + DCTSIZE2,
                        in.quant_tbl_ptrs[slot]->quantval))
            return false;
    }
    return true;
}

// The first tile's coding; false when this path does not cover it.
bool read_stored(const jpeg_decompress_struct& in, Stored& stored) {
    stored.colour = in.jpeg_color_space;
    stored.max_h = in.max_h_samp_factor;
    stored.max_v = in.max_v_samp_factor;
    for (int c = 0; c < 3; ++c) {
        stored.h[c] = in.comp_info[c].h_samp_factor;
        stored.v[c] = in.comp_info[c].v_samp_factor;
        stored.slot[c] = in.comp_info[c].quant_tbl_no;
        if (stored.slot[c] < 0 || stored.slot[c] > 1 || !in.quant_tbl_ptrs[stored.slot[c]])
            return false;
        std::copy_n(in.quant_tbl_ptrs[stored.slot[c]]->quantval, DCTSIZE2,
                    stored.tables[stored.slot[c]]);
    }
    // RGB tiles (libvips writes them at quality 90 and above) are mixed into YCbCr: their
    // components must share one grid.
    return stored.colour == JCS_YCbCr || (stored.max_h == 1 && stored.max_v == 1);
}

// Sets up the answer from the first tile. Its coding is what pictor's own encoder would write at
// `quality` (YCbCr; chroma halved below quality 90) when the tiles' is not already that, with the
// quality's tables; stored coefficients already in that form are copied, requantised where the
// stored tables are finer. Then one coefficient array per component.
bool begin_answer(Session& s, Grid& grid, core::Rect region, int quality) {
    auto& in = s.in;
    auto& out = s.out;
    if (!read_stored(in, grid.stored)) return false;
    const Stored& st = grid.stored;
    bool convert = st.colour == JCS_RGB;
    bool halve = st.max_h == 1 && st.max_v == 1 && quality < 90;
    grid.out_max_h = halve ? 2 : st.max_h;
    grid.out_max_v = halve ? 2 : st.max_v;
    // The region's corner on the answer's MCU grid, and so on the stored blocks' grid.
    if (region.x % (grid.out_max_h * DCTSIZE) != 0 || region.y % (grid.out_max_v * DCTSIZE) != 0)
        return false;
    jpeg_copy_critical_parameters(&in, &out);
    out.image_width = static_cast<JDIMENSION>(region.width);
    out.image_height = static_cast<JDIMENSION>(region.height);
    if (convert) jpeg_set_colorspace(&out, JCS_YCbCr); // tables 0 (Y) and 1 (chroma)
    for (int c = 0; c < 3; ++c) {
        int h = halve ? (c == 0 ? 2 : 1) : st.h[c], v = halve ? (c == 0 ? 2 : 1) : st.v[c];
        out.comp_info[c].h_samp_factor = h;
        out.comp_info[c].v_samp_factor = v;
    }
    jpeg_set_quality(&out, quality, TRUE);
    if (!convert) // a copy never takes finer steps than the tiles were stored with
        for (int slot = 0; slot < 2; ++slot)
            for (int k = 0; k < DCTSIZE2; ++k)
                if (in.quant_tbl_ptrs[slot])
                    out.quant_tbl_ptrs[slot]->quantval[k] =
                        std::max(out.quant_tbl_ptrs[slot]->quantval[k], st.tables[slot][k]);
    for (int c = 0; c < 3; ++c) {
        Output& o = grid.out[c];
        const UINT16* answer = out.quant_tbl_ptrs[out.comp_info[c].quant_tbl_no]->quantval;
        const UINT16* stored = st.tables[st.slot[c]];
        o.source = c;
        o.halve = halve && c > 0;
        o.copy = !convert && !o.halve;
        o.unchanged = o.copy && std::equal(stored, stored + DCTSIZE2, answer);
        for (int k = 0; k < DCTSIZE2; ++k) {
            o.inverse_q[k] = 1.0F / answer[k];
            o.ratio[k] = static_cast<float>(stored[k]) / answer[k];
        }
        for (int i = 0; i < 3; ++i) {
            float weight = convert ? kToYCbCr[c][i] : (i == c ? 1.0F : 0.0F);
            o.uses[i] = weight != 0;
            for (int k = 0; k < DCTSIZE2; ++k)
                o.scale[i][k] = weight * st.tables[st.slot[i]][k];
        }
    }
    out.optimize_coding = TRUE;
    for (int c = 0; c < 3; ++c) {
        const auto& comp = out.comp_info[c];
        auto blocks = [](int pixels, int samp, int max_samp) {
            int n = (pixels * samp + max_samp * DCTSIZE - 1) / (max_samp * DCTSIZE);
            return static_cast<JDIMENSION>((n + samp - 1) / samp * samp); // whole MCUs
        };
        grid.arrays[c] = (*out.mem->request_virt_barray)(
            reinterpret_cast<j_common_ptr>(&out), JPOOL_IMAGE, TRUE,
            blocks(region.width, comp.h_samp_factor, grid.out_max_h),
            blocks(region.height, comp.v_samp_factor, grid.out_max_v),
            static_cast<JDIMENSION>(comp.v_samp_factor));
    }
    out.dest = &s.dest;
    jpeg_write_coefficients(&out, grid.arrays); // realises the arrays, writes the headers
    return true;
}

// Makes the part of the answer the tile at (tx, ty) covers.
void place_tile(Session& s, const Grid& grid, jvirt_barray_ptr* tile, int tx, int ty,
                core::Rect region) {
    auto& in = s.in;
    auto& out = s.out;
    auto* src_owner = reinterpret_cast<j_common_ptr>(&in);
    auto* dst_owner = reinterpret_cast<j_common_ptr>(&out);
    auto row_of = [](j_common_ptr owner, jvirt_barray_ptr array, int row, bool write) {
        return (*owner->mem->access_virt_barray)(owner, array, static_cast<JDIMENSION>(row), 1,
                                                 write ? TRUE : FALSE)[0];
    };
    int x0 = std::max(tx, region.x), x1 = std::min<int>(tx + in.image_width, right(region));
    int y0 = std::max(ty, region.y), y1 = std::min<int>(ty + in.image_height, bottom(region));
    for (int c = 0; c < 3; ++c) {
        const Output& o = grid.out[c];
        // Level pixels one answer block spans. Offsets are whole answer MCUs (checked), so whole
        // blocks in every component, stored or answered.
        int bw = grid.out_max_h * DCTSIZE / out.comp_info[c].h_samp_factor;
        int bh = grid.out_max_v * DCTSIZE / out.comp_info[c].v_samp_factor;
        int step = o.halve ? 2 : 1; // stored blocks per answer block, each way
        int src_col = (x0 - tx) / bw * step, dst_col = (x0 - region.x) / bw;
        int cols = (x1 - x0 + bw - 1) / bw;
        int src_row = (y0 - ty) / bh * step, dst_row = (y0 - region.y) / bh;
        int rows = (y1 - y0 + bh - 1) / bh;
        for (int r = 0; r < rows; ++r) {
            JBLOCKROW dst = row_of(dst_owner, grid.arrays[c], dst_row + r, true) + dst_col;
            if (o.copy) {
                JBLOCKROW src = row_of(src_owner, tile[o.source], src_row + r, false) + src_col;
                if (o.unchanged) {
                    std::copy_n(&src[0][0], static_cast<std::size_t>(cols) * DCTSIZE2, &dst[0][0]);
                    continue;
                }
                for (int b = 0; b < cols; ++b)
                    for (int k = 0; k < DCTSIZE2; ++k)
                        dst[b][k] = round_to_coefficient(src[b][k] * o.ratio[k]);
                continue;
            }
            // Mixed (RGB tiles), halved (full chroma) or both: the stored rows of all three
            // components at this answer row (mixing needs every one; one grid, checked).
            JBLOCKROW rows_at[2][3];
            for (int i = 0; i < 3; ++i)
                for (int y = 0; y < step; ++y)
                    rows_at[y][i] = row_of(src_owner, tile[i], src_row + step * r + y, false);
            for (int b = 0; b < cols; ++b) {
                int col = src_col + step * b;
                if (o.halve) {
                    Triple quad[4];
                    for (int q = 0; q < 4; ++q)
                        for (int i = 0; i < 3; ++i)
                            quad[q][i] = &rows_at[q / 2][i][col + q % 2];
                    halve_block(o, quad, dst[b]);
                } else {
                    Triple at = {&rows_at[0][0][col], &rows_at[0][1][col], &rows_at[0][2][col]};
                    float mixed[DCTSIZE2];
                    mix(o, at, mixed);
                    quantise(o, mixed, dst[b]);
                }
            }
        }
    }
}

// The assembly proper. A libjpeg error jumps back here and the copy gives up; every object it
// could leave half-made belongs to `s`.
bool assemble(Session& s, TIFF* tif, const JpegTiledLayout& layout, core::Rect region, int quality,
              std::chrono::steady_clock::time_point deadline, std::vector<unsigned char>& raw,
              std::string& stream) {
    if (setjmp(s.trap.jump) != 0) return false;
    s.in.err = s.out.err = jpeg_std_error(&s.trap.mgr);
    s.trap.mgr.error_exit = on_error;
    s.trap.mgr.emit_message = on_message;
    jpeg_create_decompress(&s.in);
    s.in_made = true;
    jpeg_create_compress(&s.out);
    s.out_made = true;
    s.out.client_data = &s;
    s.dest.init_destination = start_output;
    s.dest.empty_output_buffer = grow_output;
    s.dest.term_destination = end_output;

    Grid grid{};
    bool first = true;
    const int tw = static_cast<int>(layout.tile_w), th = static_cast<int>(layout.tile_h);
    for (int ty = region.y / th * th; ty < bottom(region); ty += th) {
        for (int tx = region.x / tw * tw; tx < right(region); tx += tw) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            if (!read_jpeg_tile(tif, layout, tx, ty, raw, stream)) return false;
            jpeg_mem_src(&s.in, reinterpret_cast<const unsigned char*>(stream.data()),
                         static_cast<unsigned long>(stream.size()));
            if (jpeg_read_header(&s.in, TRUE) != JPEG_HEADER_OK ||
                s.in.image_width != layout.tile_w || s.in.image_height != layout.tile_h ||
                s.in.num_components != 3 || s.in.data_precision != 8 ||
                (s.in.jpeg_color_space != JCS_YCbCr && s.in.jpeg_color_space != JCS_RGB))
                return false;
            jvirt_barray_ptr* tile = jpeg_read_coefficients(&s.in);
            if (!tile || s.trap.warned) return false;
            if (first) {
                // Tiles of whole MCUs, answer's and stored, or the blocks do not line up.
                int unit_w = std::max(s.in.max_h_samp_factor, 2) * DCTSIZE;
                int unit_h = std::max(s.in.max_v_samp_factor, 2) * DCTSIZE;
                if (tw % unit_w != 0 || th % unit_h != 0 || !begin_answer(s, grid, region, quality))
                    return false;
                first = false;
            } else if (!same_coding(s.in, grid.stored)) {
                return false;
            }
            place_tile(s, grid, tile, tx, ty, region);
            jpeg_abort_decompress(&s.in);
        }
    }
    jpeg_finish_compress(&s.out);
    return !s.trap.warned;
}

} // namespace

std::optional<std::string> copy_tiff_region_jpeg(const SourceInput& input, int page,
                                                 core::Rect region, int quality,
                                                 std::chrono::steady_clock::time_point deadline) {
    std::optional<TiffFile> file;
    TiffFile* tif = open_jpeg_tiled_level(file, input, page);
    if (!tif) return std::nullopt;
    auto layout = jpeg_tiled_layout(tif->get());
    if (!layout || region.x < 0 || region.y < 0 || region.width <= 0 || region.height <= 0 ||
        static_cast<std::uint32_t>(right(region)) > layout->width ||
        static_cast<std::uint32_t>(bottom(region)) > layout->height)
        return std::nullopt;
    Session s;
    std::vector<unsigned char> raw;
    std::string stream;
    if (!assemble(s, tif->get(), *layout, region, quality, deadline, raw, stream))
        return std::nullopt;
    return std::string(s.bytes.begin(), s.bytes.end());
}

} // namespace pictor::engine::detail
