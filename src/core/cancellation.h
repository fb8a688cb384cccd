#pragma once
// Work done for clients who may leave. A CancelFlag is raised once nobody waits for a result any
// more; CancelScope makes it the flag of the task running on this thread, so the engine can read
// it when it starts a render without every layer in between carrying it.
#include <atomic>
#include <memory>

namespace pictor::core {

using CancelFlag = std::shared_ptr<std::atomic<bool>>;

inline bool raised(const CancelFlag& flag) { return flag && flag->load(); }

class CancelScope {
  public:
    explicit CancelScope(CancelFlag flag);
    ~CancelScope();
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

    // The flag of the task running on this thread; null outside any scope.
    static const CancelFlag& current();

  private:
    CancelFlag previous_;
};

} // namespace pictor::core
