#pragma once
// One libFuzzer entry point per target file. Built with clang and -fsanitize=fuzzer by
// `make fuzz`; built with any compiler and replay_main.cpp by `make test`, which runs every input
// of the target's checked-in corpus (tests/fuzz/corpus/<target>/) through it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

// A property a target checks beyond "does not crash": abort, which both libFuzzer and the
// replay driver report with the input.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) std::abort();                                                            \
    } while (0)

inline std::string_view fuzz_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}
