#pragma once
// Whether the client of one request is still there. The session marks it gone when the
// connection closes while the answer is being prepared; whoever works for the request subscribes
// to hear of it (SharedAnswers cancels a render nobody waits for any more).
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace pictor::http {

class ClientWatch {
  public:
    // Runs every subscriber once; later calls do nothing.
    void mark_gone();
    bool gone() const;
    // Runs `on_gone` at once if the client has already gone.
    void subscribe(std::function<void()> on_gone);

  private:
    mutable std::mutex mutex_;
    bool gone_ = false;
    std::vector<std::function<void()>> subscribers_;
};

} // namespace pictor::http
