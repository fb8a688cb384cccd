#pragma once
// Internal to engine/: what every use of libjpeg's own API needs (TurboJPEG hides both): errors
// that come back to the caller instead of ending the process, and output into memory that
// pictor owns. Used by the JPEG writer (optimised Huffman tables, progressive scans) and by the
// pyramid tile assembly (DCT coefficients).
#include <csetjmp>
#include <cstdio> // jpeglib.h uses FILE without including it
#include <vector>

#include <jpeglib.h>

namespace pictor::engine::detail {

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back to
// the setjmp(trap.jump) of the function that drives libjpeg, which must hold no C++ object
// created after that setjmp. Warnings (damaged data) are only noted.
struct JpegErrorTrap {
    jpeg_error_mgr mgr; // first: libjpeg hands back a pointer to it
    std::jmp_buf jump;
    bool warned = false;
};
// Points `err` (set it as the cinfo's err before jpeg_create_*) at `trap`.
jpeg_error_mgr* trap_errors(JpegErrorTrap& trap);

// A compressor's output into `bytes`, grown as needed; after jpeg_finish_compress, `bytes` is
// exactly the JPEG.
struct JpegMemoryOutput {
    jpeg_destination_mgr mgr{};
    std::vector<unsigned char> bytes;
};
// Makes `out` the destination of `c` (whose client_data it takes).
void write_to_memory(jpeg_compress_struct& c, JpegMemoryOutput& out);

} // namespace pictor::engine::detail
