#include "engine/libjpeg_io.h"

#include <new>

// after jpeglib.h, which it needs
#include <jerror.h>

namespace pictor::engine::detail {
namespace {

[[noreturn]] void on_error(j_common_ptr c) {
    std::longjmp(reinterpret_cast<JpegErrorTrap*>(c->err)->jump, 1);
}

void on_message(j_common_ptr c, int level) {
    if (level < 0) reinterpret_cast<JpegErrorTrap*>(c->err)->warned = true;
}

JpegMemoryOutput& output_of(j_compress_ptr c) {
    return *static_cast<JpegMemoryOutput*>(c->client_data);
}

void start_output(j_compress_ptr c) {
    auto& out = output_of(c);
    out.bytes.resize(64 * 1024);
    c->dest->next_output_byte = out.bytes.data();
    c->dest->free_in_buffer = out.bytes.size();
}

// Called when the buffer is full: doubles it.
boolean grow_output(j_compress_ptr c) {
    auto& out = output_of(c);
    std::size_t used = out.bytes.size();
    bool grown = true;
    try {
        out.bytes.resize(used * 2);
    } catch (const std::bad_alloc&) {
        grown = false;
    }
    if (!grown) ERREXIT(c, JERR_OUT_OF_MEMORY); // outside the catch: it does not return
    c->dest->next_output_byte = out.bytes.data() + used;
    c->dest->free_in_buffer = out.bytes.size() - used;
    return TRUE;
}

void end_output(j_compress_ptr c) {
    auto& out = output_of(c);
    out.bytes.resize(out.bytes.size() - c->dest->free_in_buffer);
}

} // namespace

jpeg_error_mgr* trap_errors(JpegErrorTrap& trap) {
    jpeg_error_mgr* mgr = jpeg_std_error(&trap.mgr);
    mgr->error_exit = on_error;
    mgr->emit_message = on_message;
    return mgr;
}

void write_to_memory(jpeg_compress_struct& c, JpegMemoryOutput& out) {
    c.client_data = &out;
    out.mgr.init_destination = start_output;
    out.mgr.empty_output_buffer = grow_output;
    out.mgr.term_destination = end_output;
    c.dest = &out.mgr;
}

} // namespace pictor::engine::detail
