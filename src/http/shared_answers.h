#pragma once
// Identical requests in flight at the same time get one answer. The first runs the work; the
// others wait for its Response without taking a place in the CPU pool's queue, so a burst of the
// same cold request costs one render and one queue place, not one each. The work's CancelFlag is
// raised once every waiting client has gone, which stops its render (engine/deadline.cpp).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/cancellation.h"
#include "http/client_watch.h"
#include "http/types.h"

namespace pictor::http {

class SharedAnswers {
  public:
    // Starts the work for `key`: runs it (wherever it likes) and calls `deliver` once.
    using Start = std::function<void(core::CancelFlag cancel, Reply deliver)>;

    // Joins the flight for `key`, calling `start` if there is none yet; true when it joined one
    // already under way. `watch` (may be null) tells when this request's client goes away.
    bool join(const std::string& key, const std::shared_ptr<ClientWatch>& watch, Reply reply,
              const Start& start);

  private:
    struct Flight {
        std::vector<Reply> waiters;
        std::shared_ptr<std::atomic<int>> present = std::make_shared<std::atomic<int>>(0);
        core::CancelFlag cancel = std::make_shared<std::atomic<bool>>(false);
    };
    void deliver(const std::string& key, Response&& res);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

// The key two requests must share to be answered alike: the target, the client's address and
// every header that can change an answer (credentials, content negotiation, preconditions,
// forwarded host); headers that only describe the client (User-Agent, Referer, …) are left out.
std::string answer_key(const RequestContext& ctx);

} // namespace pictor::http
