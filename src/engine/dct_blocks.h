#pragma once
// Internal to engine/: arithmetic on JPEG DCT blocks, for answers assembled from stored
// coefficients (engine/tiff_jpeg_copy.cpp): requantising, mixing colour components (a colour
// conversion is linear, and so is the DCT) and halving chroma, all without leaving the DCT
// domain. Compiled at -O3: these loops run over every coefficient of an answer.
#include <cstdio> // jpeglib.h uses FILE without including it

#include <jpeglib.h>

namespace pictor::engine::detail {

// How one component of an answer is made from the three stored components.
struct BlockRecipe {
    // Copied from the stored component of the same index with its steps rescaled (`ratio`):
    // same colour space and sampling. Otherwise computed: a mix of the three stored components
    // (`scale`, on dequantised coefficients: a colour conversion is linear, and so is the DCT),
    // halved both ways when `halve` (full-resolution chroma to 4:2:0), then quantised with
    // `inverse_q`.
    bool copy = true;
    bool unchanged = false; // a copy with the stored steps
    bool halve = false;
    float ratio[DCTSIZE2]{};
    float scale[3][DCTSIZE2]{}; // weight x stored step, per stored component (0: unused)
    bool uses[3]{};
    float inverse_q[DCTSIZE2]{}; // 1 / the answer's step
};

// JFIF's RGB -> YCbCr (the 128 offsets fall away on level-shifted DCT coefficients).
extern const float kRgbToYCbCr[3][3];

// The blocks at one position of the three stored components.
using Triple = const JBLOCK* [3];

// `count` blocks of the recipe's one stored component, with its steps rescaled to the answer's.
void copy_blocks(const BlockRecipe& o, const JBLOCK* from, JBLOCK* to, int count);
// Dequantised, mixed coefficients of one stored position, as 8 rows `stride` floats apart.
void mix(const BlockRecipe& o, const Triple& at, float* into, int stride = DCTSIZE);
// Coefficients quantised with the answer's steps.
void quantise(const BlockRecipe& o, const float* coefficients, JCOEF* out);
// One answer block from 2x2 stored positions (top-left, top-right, bottom-left, bottom-right).
void halve_block(const BlockRecipe& o, const Triple quad[4], JCOEF* out);

} // namespace pictor::engine::detail
