#include "core/io_lane.h"

namespace pictor::core {
namespace {

thread_local IoLane* thread_lane = nullptr;
thread_local int depth = 0; // open BlockingIo scopes on this thread

} // namespace

void set_thread_io_lane(IoLane* lane) { thread_lane = lane; }

BlockingIo::BlockingIo() {
    if (depth++ > 0 || !thread_lane) return;
    admitted_ = thread_lane->enter_io();
    entered_ = admitted_;
}

BlockingIo::~BlockingIo() {
    --depth;
    if (entered_) thread_lane->leave_io();
}

} // namespace pictor::core
