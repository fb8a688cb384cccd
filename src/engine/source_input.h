#pragma once
// Where the engine reads a source image: a local file (the usual case), or a remote original
// read by position with ranged requests (a large pyramid that is never downloaded whole).
#include <filesystem>
#include <memory>
#include <string>

#include "core/random_access.h"

namespace pictor::engine {

struct SourceInput {
    std::filesystem::path path;
    std::shared_ptr<const core::RandomAccessInput> ranged;

    SourceInput(std::filesystem::path file) : path(std::move(file)) {}
    SourceInput(const std::string& file) : path(file) {}
    SourceInput(const char* file) : path(file) {}
    SourceInput(std::shared_ptr<const core::RandomAccessInput> remote)
        : ranged(std::move(remote)) {}

    bool is_ranged() const { return ranged != nullptr; }
    // The file's path or the remote object's name, for error details.
    std::string name() const { return ranged ? ranged->name() : path.string(); }
};

} // namespace pictor::engine
