#include "engine/vips_internal.h"

namespace pictor::engine::detail {

// libvips emits "eval" as tiles complete; setting the kill flag makes the running sink stop
// and the save fail, so a request past its deadline, or one nobody waits for any more, stops
// using CPU instead of finishing.
void DeadlineGuard::on_eval(VipsImage* image, VipsProgress*, void* data) {
    if (static_cast<const DeadlineGuard*>(data)->expired()) vips_image_set_kill(image, TRUE);
}

DeadlineGuard::DeadlineGuard(const vips::VImage& image,
                             std::chrono::steady_clock::time_point deadline,
                             core::CancelFlag cancel)
    : image_(image.get_image()), deadline_(deadline), cancel_(std::move(cancel)) {
    g_object_ref(image_);
    vips_image_set_progress(image_, TRUE);
    handler_ = g_signal_connect(image_, "eval", G_CALLBACK(on_eval), this);
}

DeadlineGuard::~DeadlineGuard() {
    g_signal_handler_disconnect(image_, handler_);
    g_object_unref(image_);
}

bool DeadlineGuard::expired() const {
    return core::raised(cancel_) || std::chrono::steady_clock::now() > deadline_;
}

} // namespace pictor::engine::detail
