#include "http/shared_answers.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace pictor::http {

bool SharedAnswers::join(const std::string& key, const std::shared_ptr<ClientWatch>& watch,
                         Reply reply, const Start& start) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
        std::lock_guard lock(mutex_);
        auto& slot = flights_[key];
        if (!slot) {
            slot = std::make_shared<Flight>();
            leader = true;
        }
        flight = slot;
        flight->waiters.push_back(std::move(reply));
        ++*flight->present;
    }
    if (watch)
        watch->subscribe([present = flight->present, cancel = flight->cancel] {
            if (--*present == 0) cancel->store(true);
        });
    if (leader)
        start(flight->cancel, [this, key](Response&& res) { deliver(key, std::move(res)); });
    return !leader;
}

void SharedAnswers::deliver(const std::string& key, Response&& res) {
    std::shared_ptr<Flight> flight;
    {
        std::lock_guard lock(mutex_);
        auto it = flights_.find(key);
        if (it == flights_.end()) return;
        flight = std::move(it->second);
        flights_.erase(it);
    }
    // Later requests under this key start a new flight: they may see a newer source.
    for (std::size_t i = 0; i + 1 < flight->waiters.size(); ++i)
        flight->waiters[i](Response(res));
    flight->waiters.back()(std::move(res));
}

namespace {

bool describes_client_only(std::string_view name) {
    static constexpr std::array<std::string_view, 12> names = {"user-agent",
                                                               "referer",
                                                               "connection",
                                                               "keep-alive",
                                                               "te",
                                                               "accept-language",
                                                               "accept-encoding",
                                                               "dnt",
                                                               "pragma",
                                                               "x-forwarded-for",
                                                               "upgrade-insecure-requests",
                                                               "priority"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.rfind("sec-", 0) == 0) return true;
    return std::find(names.begin(), names.end(), lower) != names.end();
}

} // namespace

std::string answer_key(const RequestContext& ctx) {
    std::string key(ctx.request.target());
    key += '\n';
    key += ctx.client_address.empty() ? ctx.remote_address : ctx.client_address;
    for (const auto& f : ctx.request.base()) {
        if (describes_client_only(f.name_string())) continue;
        key += '\n';
        key += f.name_string();
        key += ':';
        key += f.value();
    }
    return key;
}

} // namespace pictor::http
