// A libvips target that writes into a core::TempFile: the side-car's TIFF goes to disk as it is
// made instead of into a memory buffer the size of the file (43 MB for a 24 MP JPEG, then
// copied once more), and libvips never sees a failed write. libvips 8.14's TIFF writer crashes
// on its own error path when a write fails mid-file (TIFFClose -> vips_target_seek); here a
// full disk is noted by the TempFile, the writer carries on into nothing, and the caller reports
// the failure after the save. Having no file name, the target also keeps libvips' per-level
// temp copies in memory (the reduced levels, a third of the file) rather than in its temp dir.
#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// What the signal handlers share: the file and the writer's position in it.
struct TargetCursor {
    core::TempFile* file;
    std::uint64_t position = 0;
};

gint64 on_write(VipsTargetCustom*, const void* data, gint64 length, TargetCursor* c) {
    if (length <= 0) return 0;
    c->file->write_at(c->position, data, static_cast<std::size_t>(length));
    c->position += static_cast<std::uint64_t>(length);
    return length;
}

gint64 on_read(VipsTargetCustom*, void* data, gint64 length, TargetCursor* c) {
    if (length <= 0) return 0;
    std::size_t n = c->file->read_at(c->position, data, static_cast<std::size_t>(length));
    c->position += n;
    return static_cast<gint64>(n);
}

gint64 on_seek(VipsTargetCustom*, gint64 offset, int whence, TargetCursor* c) {
    gint64 base = whence == SEEK_SET   ? 0
                  : whence == SEEK_CUR ? static_cast<gint64>(c->position)
                  : whence == SEEK_END ? static_cast<gint64>(c->file->size())
                                       : -1;
    if (base < 0 || base + offset < 0) return -1;
    c->position = static_cast<std::uint64_t>(base + offset);
    return base + offset;
}

int on_end(VipsTargetCustom*, TargetCursor*) { return 0; } // TempFile::finish() syncs and closes

void forget(gpointer cursor, GClosure*) { delete static_cast<TargetCursor*>(cursor); }

} // namespace

vips::VTarget file_target(core::TempFile& file) {
    VipsTargetCustom* target = vips_target_custom_new();
    auto* cursor = new TargetCursor{&file};
    // The cursor lives as long as the target: freed with the first handler's closure.
    g_signal_connect_data(target, "write", G_CALLBACK(on_write), cursor, forget, GConnectFlags{});
    g_signal_connect(target, "read", G_CALLBACK(on_read), cursor);
    g_signal_connect(target, "seek", G_CALLBACK(on_seek), cursor);
    g_signal_connect(target, "end", G_CALLBACK(on_end), cursor);
    return vips::VTarget(VIPS_TARGET(target));
}

} // namespace pictor::engine::detail
