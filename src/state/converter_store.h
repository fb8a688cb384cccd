#pragma once
// The converter's store (/imageconverter/): files under <dir>/<key hash>/<generation>/ and
// rows in the SQLite catalog. Keys are opaque strings, stored under the SHA-256 of context and
// key, so no key can name a path. A re-upload writes a new generation and swaps it in with one
// transaction; renditions added later join only the generation that is still current.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "state/sql.h"

namespace pictor::state {

struct ConverterKey {
    std::string context, key, key_hash, generation;
    std::string source_format;
    int width = 0, height = 0;
    bool has_alpha = false;
    std::string metadata_json;
    std::int64_t created_s = 0, updated_s = 0;
    std::int64_t used_ms = 0;      // last read (or the upload): the bound evicts by it
    std::int64_t source_bytes = 0; // the uploaded source's size
};

struct ConverterRendition {
    std::string format; // canonical request format
    std::string file;   // name inside the generation folder
    std::string mime;
    int width = 0, height = 0;
    std::int64_t bytes = 0;
};

class ConverterStore {
  public:
    // `catalog` is the state database's URL (its migrations include the converter's tables).
    static core::Result<std::unique_ptr<ConverterStore>> open(const std::string& catalog,
                                                              const std::filesystem::path& dir);
    static core::Result<std::unique_ptr<ConverterStore>> on(std::shared_ptr<DatabasePool> pool,
                                                            const std::filesystem::path& dir);

    static std::string key_hash(const std::string& context, const std::string& key);
    // A new, empty generation folder for a key.
    core::Result<std::pair<std::string, std::filesystem::path>>
    new_generation(const std::string& key_hash);
    std::filesystem::path folder(const std::string& key_hash, const std::string& generation) const;
    // Writes `bytes` atomically as `name` in a generation folder.
    core::Result<std::int64_t> write(const std::filesystem::path& folder, const std::string& name,
                                     std::string_view bytes);

    // Makes `row` (with its first renditions) the key's current set; returns the generation it
    // replaced, whose folder the caller then removes.
    core::Result<std::optional<std::string>> swap_in(const ConverterKey& row,
                                                     const std::vector<ConverterRendition>& first);
    // Adds a rendition to a generation if it is still current (false otherwise).
    core::Result<bool> add_rendition(const std::string& context, const std::string& key,
                                     const std::string& generation, const ConverterRendition& r);

    core::Result<std::optional<ConverterKey>> key(const std::string& context,
                                                  const std::string& key);
    core::Result<std::vector<ConverterRendition>> renditions(const ConverterKey& key);
    // `context`: nothing = every context.
    core::Result<std::vector<std::string>> keys(const std::optional<std::string>& context);
    core::Result<std::int64_t> count(const std::optional<std::string>& context);
    // Deletes rows and folders; returns how many keys went.
    core::Result<std::int64_t> clear(const std::optional<std::string>& context);
    core::Result<std::int64_t> clear_key(const std::string& key); // in every context
    core::Result<std::int64_t> total_bytes();
    // Marks a key read now (its place in the least-recently-used order).
    core::Result<void> touch(const std::string& context, const std::string& key,
                             std::int64_t now_ms);
    // Removes the least recently used keys of `context`, never `keep`, until it holds at most
    // `max_keys` keys and `max_bytes` bytes (sources and renditions); returns how many went.
    core::Result<std::int64_t> evict(const std::string& context, const std::string& keep,
                                     std::int64_t max_bytes, std::int64_t max_keys);
    // Folders no row points at (left by a crash mid-upload) and temp files; at start-up. With
    // nodes sharing the folder, another node may be mid-upload: only what is older than
    // `grace` goes then.
    void remove_orphans(std::chrono::seconds grace = std::chrono::seconds(0));

  private:
    ConverterStore(std::shared_ptr<DatabasePool> pool, std::filesystem::path dir)
        : pool_(std::move(pool)), dir_(std::move(dir)) {}
    template <class F> auto guarded(F&& body) -> decltype(body(std::declval<Database&>()));
    core::Result<std::int64_t> remove_where(const std::string& where,
                                            const std::vector<std::string>& args);

    std::shared_ptr<DatabasePool> pool_;
    std::filesystem::path dir_;
};

} // namespace pictor::state
