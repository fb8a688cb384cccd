#include "sources/ranged_object.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pictor::sources {

using core::Error;
using core::ErrorCode;
using core::Result;

RangedObject::RangedObject(OriginRequest request, const OriginAnswer& first, Fetch fetch,
                           RangedReadOptions options)
    : request_(std::move(request)), etag_(first.etag), size_(first.total_bytes),
      fetch_(std::move(fetch)), options_(options) {
    request_.if_none_match.clear();
    request_.if_modified_since.clear();
    request_.if_match = etag_;
    std::lock_guard lock(mutex_);
    // The opening answer's bytes are the first block(s): keep them.
    for (std::uint64_t i = 0; i * options_.block_bytes < first.body.size(); ++i) {
        std::size_t from = i * options_.block_bytes;
        std::size_t n = std::min(options_.block_bytes, first.body.size() - from);
        if (n == options_.block_bytes || from + n == size_)
            keep(i, std::make_shared<const std::string>(first.body.substr(from, n)));
    }
}

bool RangedObject::changed() const {
    std::lock_guard lock(mutex_);
    return changed_;
}

void RangedObject::keep(std::uint64_t index, Block block) const {
    if (auto it = blocks_.find(index); it != blocks_.end()) {
        recent_.splice(recent_.begin(), recent_, it->second.second);
        return;
    }
    kept_bytes_ += block->size();
    recent_.push_front(index);
    blocks_[index] = {std::move(block), recent_.begin()};
    while (kept_bytes_ > options_.memory_bytes && recent_.size() > 1) {
        auto oldest = blocks_.find(recent_.back());
        kept_bytes_ -= oldest->second.first->size();
        blocks_.erase(oldest);
        recent_.pop_back();
    }
}

Result<std::vector<RangedObject::Block>> RangedObject::fetch_blocks(std::uint64_t first,
                                                                    std::uint64_t last) const {
    const std::uint64_t b = options_.block_bytes;
    std::uint64_t from = first * b;
    std::uint64_t to = std::min(size_, (last + 1) * b) - 1;
    OriginRequest request = request_;
    request.range = std::to_string(from) + "-" + std::to_string(to);
    auto answer = fetch_(request);
    if (!answer) return answer.error();
    if (answer->status == 412) {
        std::lock_guard lock(mutex_);
        changed_ = true;
        return Error{ErrorCode::UpstreamFailed, "the image's origin changed while it was read",
                     request_.url + ": 412 to If-Match " + etag_};
    }
    // Exactly the bytes asked for, or the origin is not what it was when opened.
    if (answer->status != 206 || answer->body.size() != to - from + 1 ||
        (answer->total_bytes != 0 && answer->total_bytes != size_))
        return Error{ErrorCode::UpstreamFailed, "the image's origin could not be read",
                     request_.url + ": bytes " + request.range + " answered with status " +
                         std::to_string(answer->status) + " and " +
                         std::to_string(answer->body.size()) + " bytes"};
    std::vector<Block> out;
    for (std::uint64_t i = first; i <= last; ++i) {
        std::size_t at = static_cast<std::size_t>((i - first) * b);
        out.push_back(std::make_shared<const std::string>(
            answer->body.substr(at, std::min<std::size_t>(b, answer->body.size() - at))));
    }
    return out;
}

Result<std::size_t> RangedObject::read_at(std::uint64_t offset, std::span<char> out) const {
    if (offset >= size_ || out.empty()) return std::size_t{0};
    std::size_t wanted =
        static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size_ - offset));
    const std::uint64_t b = options_.block_bytes;
    const std::uint64_t first = offset / b, last = (offset + wanted - 1) / b;
    std::vector<Block> blocks(last - first + 1);
    {
        std::lock_guard lock(mutex_);
        for (std::uint64_t i = first; i <= last; ++i)
            if (auto it = blocks_.find(i); it != blocks_.end()) {
                blocks[i - first] = it->second.first;
                recent_.splice(recent_.begin(), recent_, it->second.second);
            }
    }
    // Each run of missing blocks is one request.
    for (std::uint64_t i = first; i <= last;) {
        if (blocks[i - first]) {
            ++i;
            continue;
        }
        std::uint64_t end = i;
        while (end + 1 <= last && !blocks[end + 1 - first])
            ++end;
        auto fetched = fetch_blocks(i, end);
        if (!fetched) return fetched.error();
        std::lock_guard lock(mutex_);
        for (std::uint64_t j = i; j <= end; ++j) {
            blocks[j - first] = (*fetched)[j - i];
            keep(j, blocks[j - first]);
        }
        i = end + 1;
    }
    std::size_t copied = 0;
    for (std::uint64_t i = first; i <= last; ++i) {
        std::uint64_t block_start = i * b;
        std::uint64_t from = std::max(offset, block_start);
        std::uint64_t to =
            std::min<std::uint64_t>(offset + wanted, block_start + blocks[i - first]->size());
        if (to <= from) break;
        std::memcpy(out.data() + (from - offset), blocks[i - first]->data() + (from - block_start),
                    static_cast<std::size_t>(to - from));
        copied += static_cast<std::size_t>(to - from);
    }
    return copied;
}

} // namespace pictor::sources
