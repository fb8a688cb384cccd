#pragma once
// Output-size arithmetic: what each operation makes of its input size, without pixels.
#include "core/geometry.h"
#include "plan/plan.h"

namespace pictor::plan {

core::Size output_size(const Operation& op, core::Size input);
core::Size output_size(const Plan& plan, core::Size input);

// The bounding box of a w x h canvas rotated by `degrees` (exact for multiples of 90).
core::Size rotated_size(core::Size input, double degrees);

} // namespace pictor::plan
