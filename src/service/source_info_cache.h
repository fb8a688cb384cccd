#pragma once
// Remembers what was learnt about a source file per version (its probed header and content
// hash), so a tile request neither re-reads every pyramid level's header nor re-hashes the
// file. Bounded, least recently used first out; thread-safe.
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/source_info.h"

namespace pictor::service {

struct SourceFacts {
    engine::SourceInfo info;
    std::string content_hash; // SHA-256 of the file's bytes, hex
};

class SourceInfoCache {
  public:
    explicit SourceInfoCache(std::size_t capacity) : capacity_(capacity) {}

    std::optional<SourceFacts> get(const std::string& path, const std::string& version);
    void put(const std::string& path, const std::string& version, const SourceFacts& facts);

  private:
    struct Entry {
        std::string path;
        std::string version;
        SourceFacts facts;
    };
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<Entry> order_; // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

} // namespace pictor::service
