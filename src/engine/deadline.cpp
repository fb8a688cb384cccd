#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// libvips emits "eval" as tiles complete; setting the kill flag makes the running sink stop
// and the save fail, so a request past its deadline stops using CPU instead of finishing.
void on_eval(VipsImage* image, VipsProgress*, void* data) {
    auto* deadline = static_cast<std::chrono::steady_clock::time_point*>(data);
    if (std::chrono::steady_clock::now() > *deadline) vips_image_set_kill(image, TRUE);
}

} // namespace

DeadlineGuard::DeadlineGuard(const vips::VImage& image,
                             std::chrono::steady_clock::time_point deadline)
    : image_(image.get_image()), deadline_(deadline) {
    g_object_ref(image_);
    vips_image_set_progress(image_, TRUE);
    handler_ = g_signal_connect(image_, "eval", G_CALLBACK(on_eval), &deadline_);
}

DeadlineGuard::~DeadlineGuard() {
    g_signal_handler_disconnect(image_, handler_);
    g_object_unref(image_);
}

bool DeadlineGuard::expired() const { return std::chrono::steady_clock::now() > deadline_; }

} // namespace pictor::engine::detail
