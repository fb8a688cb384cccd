// Image probing and decoding through the engine, as a request does: the bytes as a source file,
// probed (header, levels, structure checks), then rendered to a small JPEG under a pixel limit
// and a deadline. Errors are fine; crashes, hangs and sanitizer reports are not.
#include <chrono>
#include <fstream>
#include <string>

#include <unistd.h>

#include "engine/engine.h"
#include "fuzz/fuzz_target.h"

using namespace pictor;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const engine::Engine engine(engine::EngineOptions{});
    static const std::string path = "/tmp/pictor-fuzz-image-" + std::to_string(::getpid());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    auto info = engine.probe(path);
    if (!info) return 0;
    FUZZ_CHECK(info->size.width > 0 && info->size.height > 0);
    plan::Plan plan;
    plan.source = "fuzz";
    int width = std::min(64, info->size.width);
    int height = std::max(1, static_cast<int>(static_cast<std::int64_t>(info->size.height) * width /
                                              info->size.width));
    plan.ops.push_back(plan::Resize{{width, height}});
    plan.encode.format = core::ImageFormat::Jpeg;
    engine::RenderLimits limits;
    limits.max_decoded_pixels = 4'000'000;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    auto out = engine.render(path, *info, plan, limits);
    if (out) FUZZ_CHECK(out->size.width == width && out->size.height == height);
    return 0;
}
