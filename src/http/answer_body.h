#pragma once
// The body of an answer: bytes it owns (a document, an error) or bytes it shares with whoever
// keeps them (a cached image), so that a cache hit, or a range of it, is answered without copying
// the image into every answer, and an answer given to several waiting clients is not copied per
// client either. A Beast body type, so that handlers build answers as Beast messages as before.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

namespace pictor::http {

struct AnswerBody {
    class value_type {
      public:
        value_type() = default;
        value_type& operator=(std::string bytes) {
            owned_ = std::move(bytes);
            keeper_.reset();
            shared_ = {};
            return *this;
        }
        // Shares `bytes`, which stay valid while `keeper` is held.
        void share(std::shared_ptr<const void> keeper, std::string_view bytes) {
            owned_.clear();
            keeper_ = std::move(keeper);
            shared_ = bytes;
        }
        // Keeps only `length` bytes from `offset` (a byte range), without copying shared bytes.
        void narrow(std::size_t offset, std::size_t length) {
            if (keeper_)
                shared_ = shared_.substr(offset, length);
            else
                owned_ = owned_.substr(offset, length);
        }
        void clear() { *this = std::string(); }
        std::string_view view() const { return keeper_ ? shared_ : std::string_view(owned_); }
        const char* data() const { return view().data(); }
        std::size_t size() const { return view().size(); }
        bool empty() const { return size() == 0; }

      private:
        std::string owned_;
        std::shared_ptr<const void> keeper_;
        std::string_view shared_;
    };

    static std::uint64_t size(const value_type& body) { return body.size(); }

    // Serializes the body in one buffer (Beast's writer concept; pictor's own write path takes
    // the bytes directly, see Session::write_out).
    class writer {
      public:
        using const_buffers_type = boost::asio::const_buffer;
        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
            : body_(body) {}
        void init(boost::beast::error_code& ec) { ec = {}; }
        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            return {{const_buffers_type(body_.data(), body_.size()), false}};
        }

      private:
        const value_type& body_;
    };
};

} // namespace pictor::http
