#pragma once
// A streaming multipart/form-data parser (RFC 7578): fed the body in chunks of any size, it
// calls back with each part's headers and then its data, holding back only what might be the
// start of a boundary. Malformed input is a 400; the header and part limits bound its memory.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::dialects::converter {

struct MultipartLimits {
    std::size_t max_header_bytes = 8192; // of one part's header block
    std::size_t max_parts = 16;
};

struct PartInfo {
    std::string name;     // Content-Disposition name
    std::string filename; // Content-Disposition filename, empty for plain fields
    std::string content_type;
};

// The boundary of "multipart/form-data; boundary=...", or a 400 (other types: 415).
core::Result<std::string> form_boundary(std::string_view content_type);

class MultipartParser {
  public:
    using OnPart = std::function<core::Result<void>(const PartInfo&)>;
    using OnData = std::function<core::Result<void>(std::string_view)>;

    MultipartParser(std::string boundary, MultipartLimits limits, OnPart on_part, OnData on_data);

    // Errors from the callbacks are passed through and stop the parse.
    core::Result<void> feed(std::string_view chunk);
    // The body has ended: a 400 unless the closing boundary was seen.
    core::Result<void> finish();
    // Inside OnData: where `piece` starts in the body fed so far. A part's pieces are contiguous
    // in the body, so a caller holding the whole body can take the part from it without a copy.
    std::size_t offset_of(std::string_view piece) const {
        return fed_ - buffer_.size() + static_cast<std::size_t>(piece.data() - buffer_.data());
    }

  private:
    enum class State { Preamble, AfterBoundary, Headers, Body, Done };
    core::Result<void> run();
    core::Result<void> begin_part(std::string_view headers);

    std::string delimiter_; // "\r\n--" + boundary
    MultipartLimits limits_;
    OnPart on_part_;
    OnData on_data_;
    State state_ = State::Preamble;
    std::string buffer_;
    std::size_t parts_ = 0;
    std::size_t fed_ = 0; // bytes fed so far
};

} // namespace pictor::dialects::converter
