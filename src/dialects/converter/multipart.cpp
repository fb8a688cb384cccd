#include "dialects/converter/multipart.h"

#include "core/text.h"

namespace pictor::dialects::converter {

using core::Error;
using core::Result;

namespace {

// The value of `key=` in a header's parameters (quoted or not), or empty.
std::string parameter(std::string_view header, std::string_view key) {
    std::size_t pos = 0;
    while ((pos = header.find(';', pos)) != std::string_view::npos) {
        ++pos;
        auto rest = core::trim(header.substr(pos));
        auto eq = rest.find('=');
        if (eq == std::string_view::npos) continue;
        if (core::to_lower(core::trim(rest.substr(0, eq))) != key) continue;
        auto value = rest.substr(eq + 1);
        if (!value.empty() && value.front() == '"') {
            auto close = value.find('"', 1);
            return std::string(
                value.substr(1, close == std::string_view::npos ? value.size() - 1 : close - 1));
        }
        return std::string(core::trim(value.substr(0, value.find(';'))));
    }
    return {};
}

} // namespace

Result<std::string> form_boundary(std::string_view content_type) {
    auto type = core::to_lower(core::trim(content_type.substr(0, content_type.find(';'))));
    if (type != "multipart/form-data")
        return Error::unsupported_media("the body must be multipart/form-data");
    std::string b = parameter(content_type, "boundary");
    if (b.empty()) return Error::bad_request("multipart/form-data without a boundary");
    if (b.size() > 70) return Error::bad_request("multipart boundary longer than 70 characters");
    return b;
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits, OnPart on_part,
                                 OnData on_data)
    : delimiter_("\r\n--" + boundary), limits_(limits), on_part_(std::move(on_part)),
      on_data_(std::move(on_data)) {
    // The first boundary may open the body without a preceding CRLF.
    buffer_ = "\r\n";
}

Result<void> MultipartParser::feed(std::string_view chunk) {
    if (state_ == State::Done) return {}; // the epilogue is ignored
    buffer_.append(chunk);
    fed_ += chunk.size();
    return run();
}

Result<void> MultipartParser::begin_part(std::string_view headers) {
    if (++parts_ > limits_.max_parts)
        return Error::bad_request("more than " + std::to_string(limits_.max_parts) + " parts");
    PartInfo part;
    bool disposition = false;
    std::size_t start = 0;
    while (start < headers.size()) {
        auto end = headers.find("\r\n", start);
        if (end == std::string_view::npos) end = headers.size();
        auto line = headers.substr(start, end - start);
        start = end + 2;
        auto colon = line.find(':');
        if (colon == std::string_view::npos) return Error::bad_request("malformed part header");
        auto name = core::to_lower(core::trim(line.substr(0, colon)));
        auto value = core::trim(line.substr(colon + 1));
        if (name == "content-disposition") {
            if (core::to_lower(core::trim(value.substr(0, value.find(';')))) != "form-data")
                return Error::bad_request("a part's Content-Disposition must be form-data");
            part.name = parameter(value, "name");
            part.filename = parameter(value, "filename");
            disposition = true;
        } else if (name == "content-type") {
            part.content_type = std::string(value);
        }
    }
    if (!disposition || part.name.empty())
        return Error::bad_request("a part without a Content-Disposition name");
    return on_part_(part);
}

Result<void> MultipartParser::run() {
    while (true) {
        switch (state_) {
        case State::Preamble:
        case State::Body: {
            auto at = buffer_.find(delimiter_);
            if (at == std::string::npos) {
                // Keep what could be the start of the delimiter; the rest is data (or preamble).
                std::size_t keep = std::min(buffer_.size(), delimiter_.size() - 1);
                std::size_t ready = buffer_.size() - keep;
                if (state_ == State::Body && ready > 0)
                    if (auto r = on_data_(std::string_view(buffer_).substr(0, ready)); !r) return r;
                if (state_ == State::Preamble && buffer_.size() > 64 * 1024)
                    return Error::bad_request("no multipart boundary found");
                buffer_.erase(0, ready);
                return {};
            }
            if (state_ == State::Body && at > 0)
                if (auto r = on_data_(std::string_view(buffer_).substr(0, at)); !r) return r;
            buffer_.erase(0, at + delimiter_.size());
            state_ = State::AfterBoundary;
            break;
        }
        case State::AfterBoundary: {
            if (buffer_.size() < 2) return {};
            if (buffer_.compare(0, 2, "--") == 0) {
                state_ = State::Done;
                buffer_.clear();
                return {};
            }
            // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
            auto crlf = buffer_.find("\r\n");
            if (crlf == std::string::npos) {
                if (buffer_.size() > 256) return Error::bad_request("malformed multipart boundary");
                return {};
            }
            if (buffer_.find_first_not_of(" \t", 0) < crlf)
                return Error::bad_request("malformed multipart boundary line");
            buffer_.erase(0, crlf + 2);
            state_ = State::Headers;
            break;
        }
        case State::Headers: {
            auto end = buffer_.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (buffer_.size() > limits_.max_header_bytes)
                    return Error::bad_request("a part's headers exceed " +
                                              std::to_string(limits_.max_header_bytes) + " bytes");
                return {};
            }
            if (end > limits_.max_header_bytes)
                return Error::bad_request("a part's headers exceed " +
                                          std::to_string(limits_.max_header_bytes) + " bytes");
            if (auto r = begin_part(std::string_view(buffer_).substr(0, end)); !r) return r;
            buffer_.erase(0, end + 4);
            state_ = State::Body;
            break;
        }
        case State::Done: return {};
        }
    }
}

Result<void> MultipartParser::finish() {
    if (state_ != State::Done)
        return Error::bad_request(parts_ == 0 ? "no multipart part found"
                                              : "the multipart body is not terminated");
    return {};
}

} // namespace pictor::dialects::converter
