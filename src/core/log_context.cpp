#include "core/log_context.h"

#include <array>
#include <random>

#include "core/hex.h"

namespace pictor::core {
namespace {

thread_local LogFields fields;

} // namespace

LogScope::LogScope(LogFields more) : previous_size_(fields.size()) {
    for (auto& f : more)
        fields.push_back(std::move(f));
}

LogScope::LogScope(std::string key, std::string value) : previous_size_(fields.size()) {
    fields.emplace_back(std::move(key), std::move(value));
}

LogScope::~LogScope() { fields.resize(previous_size_); }

const LogFields& LogScope::current() { return fields; }

bool is_acceptable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::string new_request_id() {
    // Unique, not secret: a per-thread generator seeded once from the OS.
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::array<unsigned char, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
        auto v = random();
        for (int b = 0; b < 8; ++b)
            bytes[i + b] = static_cast<unsigned char>((v >> (8 * b)) & 0xff);
    }
    return to_hex(bytes.data(), bytes.size());
}

} // namespace pictor::core
