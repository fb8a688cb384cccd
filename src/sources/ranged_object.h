#pragma once
// A remote original read by position (core::RandomAccessInput) with ranged GETs instead of being
// downloaded whole: a large pyramid in S3 or behind an HTTP origin that supports ranges, where a
// tile needs its directory and a few compressed tiles, not the file. Reads go out in aligned
// blocks (neighbouring missing blocks in one request), each bound to the ETag the object had when
// it was opened (If-Match), so pixels of two versions never mix; recently read blocks are kept
// in memory up to a per-object budget.
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/random_access.h"
#include "sources/origin_client.h"

namespace pictor::sources {

struct RangedReadOptions {
    std::size_t block_bytes = 64 * 1024;
    std::size_t memory_bytes = 8 * 1024 * 1024; // blocks kept per object
};

class RangedObject : public core::RandomAccessInput {
  public:
    using Fetch = std::function<core::Result<OriginAnswer>(const OriginRequest&)>;

    // `request` addresses (and signs) the object; `first` is the answer that opened it: a 206
    // for the first block, with the object's ETag and total size.
    RangedObject(OriginRequest request, const OriginAnswer& first, Fetch fetch,
                 RangedReadOptions options);

    std::uint64_t size() const override { return size_; }
    core::Result<std::size_t> read_at(std::uint64_t offset, std::span<char> out) const override;
    std::string name() const override { return request_.url; }

    const std::string& etag() const { return etag_; }
    // The origin answered 412: the object changed since it was opened; reopen it.
    bool changed() const;

  private:
    using Block = std::shared_ptr<const std::string>;
    // Blocks [first, last] from the origin in one request, kept and returned.
    core::Result<std::vector<Block>> fetch_blocks(std::uint64_t first, std::uint64_t last) const;
    void keep(std::uint64_t index, Block block) const; // caller holds mutex_

    OriginRequest request_;
    std::string etag_;
    std::uint64_t size_ = 0;
    Fetch fetch_;
    RangedReadOptions options_;
    mutable std::mutex mutex_;
    mutable std::map<std::uint64_t, std::pair<Block, std::list<std::uint64_t>::iterator>> blocks_;
    mutable std::list<std::uint64_t> recent_; // most recently used first
    mutable std::size_t kept_bytes_ = 0;
    mutable bool changed_ = false;
};

} // namespace pictor::sources
