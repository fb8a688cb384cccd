#include "core/digest.h"

#include <cerrno>

#include "core/system_error.h"

#include <array>
#include <fstream>
#include <memory>

#include <openssl/evp.h>

#include "core/hex.h"

namespace pictor::core {
namespace {

using Context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string finish(EVP_MD_CTX* ctx) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx, md, &length);
    return core::to_hex(md, length);
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
    Context ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
    return finish(ctx.get());
}

core::Result<std::string> sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    // errno says why: no file descriptors is the server's capacity (503), a vanished file 404.
    if (!in) {
        int err = errno;
        if (err == ENOENT) return core::Error::not_found("the image was removed");
        return core::system_error(err, "read " + path.string());
    }
    Context ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::array<char, 1 << 16> buffer;
    while (in) {
        in.read(buffer.data(), buffer.size());
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return core::Error::internal("cannot read " + path.string());
    return finish(ctx.get());
}

} // namespace pictor::core
