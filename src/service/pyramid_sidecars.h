#pragma once
// Pyramid side-cars: a large flat source (a 24 MP JPEG, a 12 MP PNG) costs a full-resolution
// decode for every tile and thumbnail. The first render of one asks for a tiled pyramidal TIFF
// of it (engine::Engine::write_pyramid, the same code as `pictor process --pyramid`), built
// once in the background into the bounded side-car folder (cache/pyramid_store), keyed by the
// source's content hash; every later render of that source version reads the side-car instead.
// Concurrent requests queue one build; builds are bounded in number (`builders` threads) and in
// waiting count (`queue`, more are dropped and asked again by a later render). Builders run at
// the requests' priority: niced, a build starved under exactly the load it would relieve (a
// 12 MP PNG's side-car took over a minute under 32 connections instead of 3 s).
// A build asked for by a viewer (an info.json: many regions of the source are about to be
// requested) decodes the source into memory first and keeps it there until the file is written;
// renders that arrive meanwhile cut their tiles from that copy instead of waiting for the file.
// A source above limits.max_decoded_pixels never gets one (a request could not decode it
// either: a bomb's header is refused, never built from). Before a build the side-car folder must
// have room for the file: a full disk skips the build (counted in pictor_faults_total, logged
// once a minute) and renders go on from the flat source.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cache/pyramid_store.h"
#include "config/config.h"
#include "config/runtime_limits.h"
#include "engine/engine.h"
#include "service/pipeline_interfaces.h"

namespace pictor::service {

struct SidecarStats {
    std::uint64_t builds = 0, failures = 0, dropped = 0, renders = 0, decoded_renders = 0;
    std::size_t waiting = 0;
    std::size_t decoded_bytes = 0; // held by decoded copies
};

// Who asks for a build: a render (one region now), or a viewer (many regions soon).
enum class BuildFor { Render, Viewer };

class PyramidSidecars {
  public:
    PyramidSidecars(config::PyramidConfig options, const config::RuntimeLimits& limits,
                    cache::PyramidStore& store, const engine::Engine& engine);
    ~PyramidSidecars();
    PyramidSidecars(const PyramidSidecars&) = delete;
    PyramidSidecars& operator=(const PyramidSidecars&) = delete;

    // Does this source get a side-car: one level only, a whole local file (not read by
    // ranges), at least min_pixels and at most max_decoded_pixels?
    bool wants(const sources::SourceFile& file, const engine::SourceInfo& info) const;
    // The side-car of source version `key` when it is built (its header read once; a worker's
    // call), or null.
    std::shared_ptr<const PyramidSidecar> ready(const std::string& key);
    // As ready(), from memory only (a network thread's call).
    std::shared_ptr<const PyramidSidecar> ready_known(const std::string& key) const;
    // Queues a build of `source` (whose content hash is `key`, whose header is `info`) unless
    // it is built, waiting, being built, or failed before. Returns whether a build of it is
    // running already or is next in the queue (a render may wait for that; one queued behind
    // other builds is not worth waiting for).
    bool request(const std::string& key, const std::filesystem::path& source,
                 const engine::SourceInfo& info, BuildFor purpose);
    // Waits until the build of `key` holds the source decoded in memory, or has finished, or
    // `until` has passed; the decoded copy if there is one.
    std::shared_ptr<const engine::DecodedSource>
    wait_for_decoded(const std::string& key, std::chrono::steady_clock::time_point until);
    // Waits until the build of `key` has finished or `until` has passed; the side-car, if built.
    std::shared_ptr<const PyramidSidecar> wait_for(const std::string& key,
                                                   std::chrono::steady_clock::time_point until);
    // Counts a render that read a side-car.
    void rendered() { ++renders_; }
    // Counts a render cut from a decoded copy.
    void rendered_decoded() { ++decoded_renders_; }
    // A side-car that could not be rendered from: deleted, and never built again by this run.
    void discard(const std::string& key);
    SidecarStats stats() const;
    const cache::PyramidStore& store() const { return store_; }

  private:
    struct Job {
        std::string key;
        std::filesystem::path source;
        bool hold_decoded = false; // decode into memory first and serve from it meanwhile
        engine::SourceInfo info;
    };
    bool holds_decoded(const engine::SourceInfo& info, BuildFor purpose) const;
    void run();
    void build(const Job& job);
    // The side-car of `job` at `target`, checked to be of the version its key names.
    core::Result<void> write(const Job& job, const std::filesystem::path& target);
    core::Result<void> write_from_source(const Job& job, const std::filesystem::path& target);

    // Whether the side-car folder has room for the side-car of `job` (an estimate with margin).
    core::Result<void> room_for(const Job& job, const std::filesystem::path& target) const;

    config::PyramidConfig
        options_; // min_pixels, builders, queue, decoded copies; dir and max_bytes: the store's
    const config::RuntimeLimits& limits_;
    cache::PyramidStore& store_;
    const engine::Engine& engine_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable finished_; // a build ended (built or not) or holds a decoded copy
    std::deque<Job> waiting_;
    std::unordered_set<std::string> pending_; // waiting or being built
    std::unordered_set<std::string> running_; // being built
    std::unordered_set<std::string> failed_;
    std::unordered_map<std::string, std::shared_ptr<const PyramidSidecar>> known_;
    std::unordered_map<std::string, std::shared_ptr<const engine::DecodedSource>> decoded_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> builds_{0}, failures_{0}, dropped_{0}, renders_{0},
        decoded_renders_{0};
    std::vector<std::thread> threads_;
};

} // namespace pictor::service
