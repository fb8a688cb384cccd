#pragma once
// Remembers probed headers per source file and version, so a tile request does not re-read
// every pyramid level's header. Bounded, least recently used first out; thread-safe.
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/source_info.h"

namespace pictor::service {

class SourceInfoCache {
  public:
    explicit SourceInfoCache(std::size_t capacity) : capacity_(capacity) {}

    std::optional<engine::SourceInfo> get(const std::string& path, const std::string& version);
    void put(const std::string& path, const std::string& version, const engine::SourceInfo& info);

  private:
    struct Entry {
        std::string path;
        std::string version;
        engine::SourceInfo info;
    };
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<Entry> order_; // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

} // namespace pictor::service
