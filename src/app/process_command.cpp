// `pictor process`: the server's engine on local files. One file (or stdin to stdout, for
// pipelines), or --batch: every image under a folder into another, with a progress bar on a
// terminal. Errors name the file; a batch goes on past a bad file and exits 1 at the end.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "app/commands.h"
#include "app/terminal.h"
#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"

namespace pictor::app {
namespace {

namespace fs = std::filesystem;
namespace iiif = dialects::iiif;

int fail(const core::Error& e, const std::string& file = "") {
    std::fprintf(stderr, "pictor: %s%s%s%s%s\n", file.c_str(), file.empty() ? "" : ": ",
                 e.message.c_str(), e.detail.empty() ? "" : ": ", e.detail.c_str());
    return 1;
}

// Writes next to the target and renames, so OUT is either complete or untouched; "-" is stdout.
core::Result<void> write_output(const std::string& path, const std::string& bytes) {
    if (path == "-") {
        if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
            std::fflush(stdout) != 0)
            return core::Error::internal("cannot write to stdout");
        return {};
    }
    std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::remove(tmp.c_str());
            return core::Error::internal("cannot write " + path);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return core::Error::internal("cannot rename onto " + path);
    }
    return {};
}

// The spec with its format: from the spec itself, else --format, else OUT's extension.
core::Result<iiif::ImageRequest> parse_spec(const std::string& spec, const std::string& output,
                                            const std::string& format) {
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
        if (!format.empty())
            quality += "." + format;
        else if (dot != std::string::npos && output != "-")
            quality += output.substr(dot);
        else
            return core::Error::bad_request("cannot tell the output format of " + output +
                                            ": give --format");
    }
    return iiif::parse_image_request(parts[0], parts[1], parts[2], quality, iiif::Version::V3);
}

// stdin into a private temp file: the engine reads sources by path (and more than once).
class StdinFile {
  public:
    StdinFile() {
        std::string name = (fs::temp_directory_path() / "pictor-stdin-XXXXXX").string();
        int fd = ::mkstemp(name.data());
        if (fd < 0) return;
        path_ = name;
        std::string bytes((std::istreambuf_iterator<char>(std::cin)), {});
        ok_ = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
        ::close(fd);
    }
    ~StdinFile() {
        if (!path_.empty()) std::remove(path_.c_str());
    }
    StdinFile(const StdinFile&) = delete;
    StdinFile& operator=(const StdinFile&) = delete;
    const std::string& path() const { return path_; }
    bool ok() const { return ok_; }

  private:
    std::string path_;
    bool ok_ = false;
};

class Processor {
  public:
    Processor(const config::Config& config, const ProcessOptions& o)
        : config_(config), o_(o), engine_(engine_options(config)) {}

    // `known`: the input's header when the caller probed it already.
    core::Result<void> one(const std::string& input, const std::string& output,
                           const std::function<void(int)>& progress = {},
                           const engine::SourceInfo* known = nullptr) {
        if (o_.pyramid) {
            if (output != "-")
                return engine_.write_pyramid(engine::SourceInput(input), output, progress);
            auto tmp = fs::temp_directory_path() / ("pictor-pyramid-" + std::to_string(::getpid()));
            auto written = engine_.write_pyramid(engine::SourceInput(input), tmp, progress);
            if (!written) return written;
            std::ifstream in(tmp, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), {});
            fs::remove(tmp);
            return write_output("-", bytes);
        }
        auto info = known ? core::Result<engine::SourceInfo>(*known) : engine_.probe(input);
        if (!info) return info.error();
        auto request =
            parse_spec(o_.iiif.empty() ? "full/max/0/default" : o_.iiif, output, o_.format);
        if (!request) return request.error();
        iiif::ResolveOptions options;
        options.max_width = config_.limits.max_width;
        options.max_height = config_.limits.max_width;
        options.max_area = config_.limits.max_output_pixels;
        options.upscaling = config_.iiif.upscaling;
        options.clamp_confined = config_.iiif.clamp_confined_size;
        options.formats = engine_.writable_formats();
        auto resolved = iiif::resolve(iiif::Version::V3, *request, input, info->size, options);
        if (!resolved) return resolved.error();
        engine::RenderLimits limits;
        limits.max_decoded_pixels = config_.limits.max_decoded_pixels;
        auto encoded = engine_.render(input, *info, resolved->plan, limits);
        if (!encoded) return encoded.error();
        return write_output(output, encoded->bytes);
    }

    // Every file under o_.input that is an image, into o_.output with the same relative path
    // (and the extension of the output format).
    int batch() {
        std::vector<fs::path> files;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(o_.input, ec), end; !ec && it != end;
             it.increment(ec))
            if (it->is_regular_file()) files.push_back(it->path());
        if (ec) return fail(core::Error::bad_request(ec.message()), o_.input);
        std::sort(files.begin(), files.end());
        std::string extension = o_.pyramid ? ".tif" : o_.format.empty() ? "" : "." + o_.format;
        ProgressBar bar(files.size(), "files");
        int failed = 0, done = 0;
        for (const auto& file : files) {
            auto relative = file.lexically_relative(o_.input);
            bar.update(static_cast<std::uint64_t>(done), relative.string());
            auto target = fs::path(o_.output) / relative;
            if (!extension.empty()) target.replace_extension(extension);
            fs::create_directories(target.parent_path(), ec);
            // Files that are not images are skipped; a damaged image is reported.
            auto probed = engine_.probe(file.string());
            if (!probed && probed.error().code == core::ErrorCode::UnsupportedMedia) {
                bar.update(static_cast<std::uint64_t>(++done), relative.string());
                continue;
            }
            auto written = probed ? one(file.string(), target.string(), {}, &*probed)
                                  : core::Result<void>(probed.error());
            if (!written) {
                if (bar.shown()) std::fputc('\n', stderr);
                fail(written.error(), file.string());
                ++failed;
            }
            bar.update(static_cast<std::uint64_t>(++done), relative.string());
        }
        std::fprintf(stderr, "pictor: %zu files, %d failed\n", files.size(), failed);
        return failed ? 1 : 0;
    }

  private:
    const config::Config& config_;
    const ProcessOptions& o_;
    engine::Engine engine_;
};

} // namespace

int process(const config::Config& config, const ProcessOptions& o) {
    Processor processor(config, o);
    if (o.batch) {
        if (!fs::is_directory(o.input))
            return fail(core::Error::bad_request("--batch needs a folder"), o.input);
        return processor.batch();
    }
    std::optional<StdinFile> piped;
    std::string input = o.input;
    if (input == "-") {
        piped.emplace();
        if (!piped->ok()) return fail(core::Error::internal("cannot read stdin"));
        input = piped->path();
    }
    // A pyramid of a large image takes a while: its progress, on a terminal.
    std::optional<ProgressBar> bar;
    std::function<void(int)> progress;
    if (o.pyramid) {
        bar.emplace(100, "of the pyramid written", false);
        progress = [&bar](int percent) { bar->update(static_cast<std::uint64_t>(percent)); };
    }
    auto r = processor.one(input, o.output, progress);
    if (bar && r) bar->update(100); // libvips' last report may come before the end
    bar.reset();
    return r ? 0 : fail(r.error(), o.input == "-" ? "stdin" : o.input);
}

} // namespace pictor::app
