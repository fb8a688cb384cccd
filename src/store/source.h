#pragma once
// A kind of place source images come from (SPEC §5): the local image tree, an HTTP(S) origin,
// or S3-compatible object storage. Whatever the kind, a source answers with a SourceFile: a
// local file the engine reads (a remote original is fetched into the source cache first) and
// the version that keys every derivative of it.
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/source_file.h"

namespace pictor::store {

class Source {
  public:
    virtual ~Source() = default;
    // `name` is the identifier below the source's prefix ("a/b.jpg" of "web/a/b.jpg").
    virtual core::Result<SourceFile> resolve(std::string_view name) const = 0;
    // For readiness: the source can be reached now (a cheap request, or a stat).
    virtual core::Result<void> reachable() const = 0;
    // "local /srv/images", "http https://images.example.org/", "s3 bucket/prefix/".
    virtual std::string describe() const = 0;
};

} // namespace pictor::store
