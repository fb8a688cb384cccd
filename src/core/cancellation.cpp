#include "core/cancellation.h"

namespace pictor::core {
namespace {

thread_local CancelFlag current_flag;

} // namespace

CancelScope::CancelScope(CancelFlag flag) : previous_(std::move(current_flag)) {
    current_flag = std::move(flag);
}

CancelScope::~CancelScope() { current_flag = std::move(previous_); }

const CancelFlag& CancelScope::current() { return current_flag; }

} // namespace pictor::core
