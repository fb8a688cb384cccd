#pragma once
// Bytes read by position from somewhere that is not a local file: a large remote original read
// with ranged requests instead of being downloaded whole (sources/ranged_object.h). The engine
// reads such a source through this interface (libvips custom sources, libtiff client I/O), so
// it never learns where the bytes come from.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"

namespace pictor::core {

class RandomAccessInput {
  public:
    virtual ~RandomAccessInput() = default;
    virtual std::uint64_t size() const = 0;
    // Fills `out` from `offset` on (fewer bytes only at the end); the count read, or the error
    // that stopped it (an origin that failed or changed meanwhile). Safe from several threads.
    virtual Result<std::size_t> read_at(std::uint64_t offset, std::span<char> out) const = 0;
    // What it is, for logs and error details ("https://…/big.tif").
    virtual std::string name() const = 0;
};

} // namespace pictor::core
