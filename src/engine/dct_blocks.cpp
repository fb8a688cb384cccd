#include "engine/dct_blocks.h"

#include <algorithm>
#include <cmath>

namespace pictor::engine::detail {

// JFIF's RGB -> YCbCr (the 128 offsets fall away on level-shifted DCT coefficients).
const float kRgbToYCbCr[3][3] = {{0.29900F, 0.58700F, 0.11400F},
                                 {-0.16874F, -0.33126F, 0.50000F},
                                 {0.50000F, -0.41869F, -0.08131F}};

namespace {

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

const HalvingMatrix& halving_matrix() {
    static const HalvingMatrix matrix;
    return matrix;
}

// Rounded to nearest, halves away from zero (as libjpeg's quantiser), without a libm call:
// these loops run over every coefficient of the answer and vectorise.
JCOEF round_to_coefficient(float v) { return static_cast<JCOEF>(v + std::copysign(0.5F, v)); }

// Rows j of two neighbouring blocks' coefficients (`first`, `second`; `Columns` values each)
// halved along j: L first + R second, computed from their sum and difference (R = L up to
// signs), into out[k][column].
template <int Columns>
void halve_rows(const float (&first)[DCTSIZE][Columns], const float (&second)[DCTSIZE][Columns],
                float (&out)[DCTSIZE][Columns]) {
    const HalvingMatrix& hm = halving_matrix();
    float sum[DCTSIZE][Columns], difference[DCTSIZE][Columns];
    for (int j = 0; j < DCTSIZE; ++j) {
        float sign = j % 2 == 0 ? 1.0F : -1.0F;
        for (int c = 0; c < Columns; ++c) {
            sum[j][c] = first[j][c] + sign * second[j][c];
            difference[j][c] = first[j][c] - sign * second[j][c];
        }
    }
    for (int k = 0; k < DCTSIZE; ++k) {
        const auto& from = k % 2 == 0 ? sum : difference;
        for (int c = 0; c < Columns; ++c)
            out[k][c] = 0;
        for (int j = 0; j < DCTSIZE; ++j) {
            float m = hm.left[k][j];
            if (m == 0) continue;
            for (int c = 0; c < Columns; ++c)
                out[k][c] += m * from[j][c];
        }
    }
}

} // namespace

void copy_blocks(const BlockRecipe& o, const JBLOCK* from, JBLOCK* to, int count) {
    if (o.unchanged) {
        std::copy_n(&from[0][0], static_cast<std::size_t>(count) * DCTSIZE2, &to[0][0]);
        return;
    }
    for (int b = 0; b < count; ++b)
        for (int k = 0; k < DCTSIZE2; ++k)
            to[b][k] = round_to_coefficient(from[b][k] * o.ratio[k]);
}

// Dequantised, mixed coefficients of one stored position for answer component `o`, as 8 rows
// `stride` floats apart in `into`.
void mix(const BlockRecipe& o, const Triple& at, float* into, int stride) {
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

void quantise(const BlockRecipe& o, const float* coefficients, JCOEF* out) {
    for (int k = 0; k < DCTSIZE2; ++k)
        out[k] = round_to_coefficient(coefficients[k] * o.inverse_q[k]);
}

// One answer block from 2x2 stored positions (top-left, top-right, bottom-left, bottom-right):
// halved vertically, then (transposed) horizontally.
void halve_block(const BlockRecipe& o, const Triple quad[4], JCOEF* out) {
    float top[DCTSIZE][2 * DCTSIZE], bottom[DCTSIZE][2 * DCTSIZE]; // [frequency y][x of 2 blocks]
    mix(o, quad[0], &top[0][0], 2 * DCTSIZE);
    mix(o, quad[1], &top[0][DCTSIZE], 2 * DCTSIZE);
    mix(o, quad[2], &bottom[0][0], 2 * DCTSIZE);
    mix(o, quad[3], &bottom[0][DCTSIZE], 2 * DCTSIZE);
    float tall[DCTSIZE][2 * DCTSIZE];
    halve_rows(top, bottom, tall); // vertical frequency k of the two blocks' columns
    // Transposed: the left block's columns as the first, the right block's as the second.
    float left[DCTSIZE][DCTSIZE], right[DCTSIZE][DCTSIZE], wide[DCTSIZE][DCTSIZE];
    for (int r = 0; r < DCTSIZE; ++r)
        for (int j = 0; j < DCTSIZE; ++j) {
            left[j][r] = tall[r][j];
            right[j][r] = tall[r][DCTSIZE + j];
        }
    halve_rows(left, right, wide); // wide[k][r]: horizontal frequency k of row r
    float block[DCTSIZE2];
    for (int r = 0; r < DCTSIZE; ++r)
        for (int k = 0; k < DCTSIZE; ++k)
            block[r * DCTSIZE + k] = wide[k][r];
    quantise(o, block, out);
}

} // namespace pictor::engine::detail
