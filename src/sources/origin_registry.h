#pragma once
// Assets registered with an explicit origin (an http(s):// URL or s3://bucket/key), as DLCS
// registers every asset: identifier -> origin, kept in memory for the hot path, loaded from the
// catalog at start-up and updated by the admin API.
#include <atomic>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pictor::sources {

class OriginRegistry {
  public:
    // An empty origin removes the identifier.
    void set(const std::string& identifier, const std::string& origin);
    std::optional<std::string> find(std::string_view identifier) const;
    // Replaces every entry (a reload from the catalog after another node changed it).
    void assign(std::unordered_map<std::string, std::string> origins);
    bool empty() const;

  private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::string> origins_;
    std::atomic<bool> none_{true}; // origins_ is empty
};

} // namespace pictor::sources
