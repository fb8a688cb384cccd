#include <cstdio>
#include <fstream>

#include <unistd.h>

#include "app/commands.h"
#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"

namespace pictor::app {
namespace {

namespace iiif = dialects::iiif;

int fail(const core::Error& e) {
    std::fprintf(stderr, "pictor: %s%s%s\n", e.message.c_str(), e.detail.empty() ? "" : ": ",
                 e.detail.c_str());
    return 1;
}

// Writes next to the target and renames, so OUT is either complete or untouched.
int write_atomically(const std::string& path, const std::string& bytes) {
    std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::remove(tmp.c_str());
            return fail(core::Error::internal("cannot write " + path));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail(core::Error::internal("cannot rename onto " + path));
    }
    return 0;
}

core::Result<iiif::ImageRequest> parse_spec(const std::string& spec, const std::string& output) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto slash = spec.find('/', start);
        parts.push_back(spec.substr(start, slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    if (parts.size() != 4)
        return core::Error::bad_request("--iiif expects region/size/rotation/quality");
    std::string quality = parts[3];
    if (quality.find('.') == std::string::npos) {
        auto dot = output.rfind('.');
        if (dot == std::string::npos)
            return core::Error::bad_request("cannot tell the output format from " + output);
        quality += output.substr(dot);
    }
    return iiif::parse_image_request(parts[0], parts[1], parts[2], quality, iiif::Version::V3);
}

} // namespace

int process(const config::Config& config, const ProcessOptions& o) {
    engine::Engine engine(engine_options(config));
    if (o.pyramid) {
        if (auto r = engine.write_pyramid(engine::SourceInput(o.input), o.output); !r)
            return fail(r.error());
        return 0;
    }
    auto info = engine.probe(o.input);
    if (!info) return fail(info.error());
    auto request = parse_spec(o.iiif.empty() ? "full/max/0/default" : o.iiif, o.output);
    if (!request) return fail(request.error());
    iiif::ResolveOptions options;
    options.max_width = config.limits.max_width;
    options.max_height = config.limits.max_width;
    options.max_area = config.limits.max_output_pixels;
    options.upscaling = config.iiif.upscaling;
    options.clamp_confined = config.iiif.clamp_confined_size;
    options.formats = engine.writable_formats();
    auto resolved = iiif::resolve(iiif::Version::V3, *request, o.input, info->size, options);
    if (!resolved) return fail(resolved.error());
    engine::RenderLimits limits;
    limits.max_decoded_pixels = config.limits.max_decoded_pixels;
    auto encoded = engine.render(o.input, *info, resolved->plan, limits);
    if (!encoded) return fail(encoded.error());
    return write_atomically(o.output, encoded->bytes);
}

} // namespace pictor::app
