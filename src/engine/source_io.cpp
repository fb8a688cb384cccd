// How the engine opens a SourceInput: a local file by name, a ranged remote original through a
// libvips custom source (read and seek callbacks) or libtiff's client I/O, so that a loader only
// ever asks for the bytes it needs (a pyramid's directories and the tiles of one region).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/system_error.h"
#include "engine/vips_internal.h"

namespace pictor::engine::detail {

// A reading position over a ranged input, one per opened image or TIFF handle.
struct Cursor {
    std::shared_ptr<const core::RandomAccessInput> input;
    std::uint64_t position = 0;
    std::string error; // the last failed read, for the caller's error detail

    std::int64_t read(void* buffer, std::int64_t length) {
        std::uint64_t size = input->size();
        if (length <= 0 || position >= size) return 0;
        auto n = static_cast<std::size_t>(
            std::min<std::uint64_t>(static_cast<std::uint64_t>(length), size - position));
        auto got = input->read_at(position, {static_cast<char*>(buffer), n});
        if (!got) {
            error = got.error().detail.empty() ? got.error().message : got.error().detail;
            return -1;
        }
        position += *got;
        return static_cast<std::int64_t>(*got);
    }

    std::int64_t seek(std::int64_t offset, int whence) {
        std::int64_t base = whence == SEEK_SET   ? 0
                            : whence == SEEK_CUR ? static_cast<std::int64_t>(position)
                            : whence == SEEK_END ? static_cast<std::int64_t>(input->size())
                                                 : -1;
        if (base < 0 || base + offset < 0) return -1;
        position = static_cast<std::uint64_t>(base + offset);
        return static_cast<std::int64_t>(position);
    }
};

namespace {

using vips::VImage;

gint64 on_vips_read(VipsSourceCustom*, void* buffer, gint64 length, void* cursor) {
    auto* c = static_cast<Cursor*>(cursor);
    auto n = c->read(buffer, length);
    if (n < 0) vips_error("pictor", "%s: %s", kRangedReadFailed, c->error.c_str());
    return n;
}

gint64 on_vips_seek(VipsSourceCustom*, gint64 offset, int whence, void* cursor) {
    return static_cast<Cursor*>(cursor)->seek(offset, whence);
}

vips::VSource vips_source_of(const std::shared_ptr<const core::RandomAccessInput>& input) {
    VipsSourceCustom* source = vips_source_custom_new();
    auto* cursor = new Cursor{input};
    // The cursor lives exactly as long as the source object.
    g_object_set_data_full(G_OBJECT(source), "pictor-cursor", cursor,
                           [](void* c) { delete static_cast<Cursor*>(c); });
    g_signal_connect(source, "read", G_CALLBACK(on_vips_read), cursor);
    g_signal_connect(source, "seek", G_CALLBACK(on_vips_seek), cursor);
    return vips::VSource(VIPS_SOURCE(source));
}

tmsize_t on_tiff_read(thandle_t cursor, void* buffer, tmsize_t size) {
    return static_cast<Cursor*>(cursor)->read(buffer, size);
}
tmsize_t on_tiff_write(thandle_t, void*, tmsize_t) { return -1; }
toff_t on_tiff_seek(thandle_t cursor, toff_t offset, int whence) {
    auto at = static_cast<Cursor*>(cursor)->seek(static_cast<std::int64_t>(offset), whence);
    return at < 0 ? static_cast<toff_t>(-1) : static_cast<toff_t>(at);
}
int on_tiff_close(thandle_t) { return 0; } // the cursor belongs to the TiffFile
toff_t on_tiff_size(thandle_t cursor) { return static_cast<Cursor*>(cursor)->input->size(); }
int on_tiff_map(thandle_t, void**, toff_t*) { return 0; }
void on_tiff_unmap(thandle_t, void*, toff_t) {}

} // namespace

void TiffFile::Closer::operator()(TIFF* t) const { TIFFClose(t); }

TiffFile::TiffFile(const SourceInput& input) {
    if (!input.is_ranged()) {
        tif_.reset(TIFFOpen(input.path.c_str(), "rm"));
        return;
    }
    cursor_ = std::make_shared<Cursor>(Cursor{input.ranged});
    tif_.reset(TIFFClientOpen(input.name().c_str(), "rm", static_cast<thandle_t>(cursor_.get()),
                              on_tiff_read, on_tiff_write, on_tiff_seek, on_tiff_close,
                              on_tiff_size, on_tiff_map, on_tiff_unmap));
}

TiffFile::~TiffFile() { tif_.reset(); } // closed before the cursor it reads through goes

std::optional<core::Error> open_failure(const SourceInput& input) {
    if (input.is_ranged()) return std::nullopt;
    int fd = ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::close(fd);
        return std::nullopt;
    }
    int err = errno;
    if (err == ENOENT) return core::Error::not_found("the image was removed");
    if (core::exhausted_resource(err))
        return core::system_error(err, "open " + input.path.string());
    return std::nullopt;
}

std::optional<core::Error> read_failure(const vips::VError& e, const SourceInput& input) {
    if (auto failed = ranged_read_failure(e)) return failed;
    // An allocation failing in libvips (vips_malloc, vips_tracked_malloc) or in a codec (libjpeg's
    // JERR_OUT_OF_MEMORY, libpng, libtiff): the process's memory, not the image's fault.
    for (const char* words :
         {"out of memory", "Out of memory", "Insufficient memory", "memory allocation failed"})
        if (std::strstr(e.what(), words) != nullptr)
            return core::system_error(ENOMEM, std::string("libvips: ") + e.what());
    // A system call that failed inside libvips names its errno's text ("unable to open …: Too
    // many open files"): the descriptors or memory may be back by now, but this read failed.
    for (int err : {EMFILE, ENFILE, ENOMEM, ENOSPC})
        if (std::strstr(e.what(), std::strerror(err)) != nullptr)
            return core::system_error(err, std::string("libvips: ") + e.what());
    return open_failure(input);
}

std::optional<core::Error> ranged_read_failure(const vips::VError& e) {
    if (std::strstr(e.what(), kRangedReadFailed) == nullptr) return std::nullopt;
    return core::Error{core::ErrorCode::UpstreamFailed, "the image's origin could not be read",
                       e.what()};
}

const char* find_loader(const SourceInput& input) {
    if (!input.is_ranged()) return vips_foreign_find_load(input.path.c_str());
    vips::VSource source = vips_source_of(input.ranged);
    return vips_foreign_find_load_source(VIPS_SOURCE(source.get_object()));
}

VImage open_image(const SourceInput& input, const char* loader, vips::VOption* options) {
    VImage out;
    if (!input.is_ranged()) {
        if (!loader) return VImage::new_from_file(input.path.c_str(), options);
        VImage::call(loader, options->set("filename", input.path.c_str())->set("out", &out));
        return out;
    }
    vips::VSource source = vips_source_of(input.ranged);
    if (!loader) return VImage::new_from_source(source, "", options);
    VImage::call((std::string(loader) + "_source").c_str(),
                 options->set("source", source)->set("out", &out));
    return out;
}

std::uint64_t input_size(const SourceInput& input) {
    if (input.is_ranged()) return input.ranged->size();
    std::error_code ec;
    auto size = std::filesystem::file_size(input.path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

std::string read_range(const SourceInput& input, std::uint64_t offset, std::size_t length) {
    std::string out(length, '\0');
    if (input.is_ranged()) {
        auto got = input.ranged->read_at(offset, {out.data(), out.size()});
        out.resize(got ? *got : 0);
        return out;
    }
    std::FILE* f = std::fopen(input.path.c_str(), "rb");
    if (!f) return {};
    std::size_t got = 0;
    if (std::fseek(f, static_cast<long>(offset), SEEK_SET) == 0)
        got = std::fread(out.data(), 1, out.size(), f);
    std::fclose(f);
    out.resize(got);
    return out;
}

} // namespace pictor::engine::detail
