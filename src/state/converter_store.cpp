#include "state/converter_store.h"
#include "state/open_database.h"

#include <atomic>
#include <chrono>
#include <set>

#include <unistd.h>

#include "core/atomic_file.h"
#include "core/digest.h"
#include "core/system_error.h"

namespace pictor::state {

namespace fs = std::filesystem;
using core::Error;
using core::Result;

namespace {

constexpr const char* kKeyColumns =
    "SELECT context, image_key, key_hash, generation, source_format, width, height, has_alpha, "
    "metadata, created_s, updated_s, used_ms, source_bytes FROM converter_keys";

ConverterKey read_key(const Statement& st) {
    ConverterKey k;
    k.context = st.text(0);
    k.key = st.text(1);
    k.key_hash = st.text(2);
    k.generation = st.text(3);
    k.source_format = st.text(4);
    k.width = static_cast<int>(st.integer(5));
    k.height = static_cast<int>(st.integer(6));
    k.has_alpha = st.integer(7) != 0;
    k.metadata_json = st.text(8);
    k.created_s = st.integer(9);
    k.updated_s = st.integer(10);
    k.used_ms = st.integer(11);
    k.source_bytes = st.integer(12);
    return k;
}

void insert_rendition(Database& db, const std::string& context, const std::string& key,
                      const std::string& generation, const ConverterRendition& r) {
    auto st = db.prepare("INSERT INTO converter_renditions (context, image_key, generation, "
                         "format, file, mime, width, height, bytes) VALUES (?,?,?,?,?,?,?,?,?) "
                         "ON CONFLICT (context, image_key, generation, format) DO UPDATE SET "
                         "file = excluded.file, mime = excluded.mime, width = excluded.width, "
                         "height = excluded.height, bytes = excluded.bytes");
    st.bind(1, context)
        .bind(2, key)
        .bind(3, generation)
        .bind(4, r.format)
        .bind(5, r.file)
        .bind(6, r.mime)
        .bind(7, std::int64_t{r.width})
        .bind(8, std::int64_t{r.height})
        .bind(9, r.bytes)
        .run();
}

} // namespace

Result<std::unique_ptr<ConverterStore>> ConverterStore::open(const std::string& catalog,
                                                             const fs::path& dir) {
    auto pool = open_database(catalog, 2, 5000);
    if (!pool) return pool.error();
    return on(std::move(*pool), dir);
}

Result<std::unique_ptr<ConverterStore>> ConverterStore::on(std::shared_ptr<DatabasePool> pool,
                                                           const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir / ".tmp", ec);
    if (ec) return Error::failure("cannot create " + dir.string() + ": " + ec.message());
    return std::unique_ptr<ConverterStore>(new ConverterStore(std::move(pool), dir));
}

template <class F>
auto ConverterStore::guarded(F&& body) -> decltype(body(std::declval<Database&>())) {
    return with_database(*pool_, "preview store", std::forward<F>(body));
}

std::string ConverterStore::key_hash(const std::string& context, const std::string& key) {
    return core::sha256_hex(context + std::string(1, '\0') + key);
}

fs::path ConverterStore::folder(const std::string& key_hash, const std::string& generation) const {
    return dir_ / key_hash.substr(0, 2) / key_hash / generation;
}

Result<std::pair<std::string, fs::path>> ConverterStore::new_generation(const std::string& hash) {
    static std::atomic<unsigned> counter{0};
    std::string generation =
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
        std::to_string(::getpid()) + "-" + std::to_string(counter++);
    fs::path f = folder(hash, generation);
    std::error_code ec;
    fs::create_directories(f, ec);
    if (ec) return core::system_error(ec.value(), "create " + f.string());
    return std::pair{generation, f};
}

Result<std::int64_t> ConverterStore::write(const fs::path& folder, const std::string& name,
                                           std::string_view bytes) {
    auto temp = core::write_temp_file(dir_ / ".tmp", bytes);
    if (!temp) return temp.error();
    if (auto r = core::commit_file(*temp, folder / name); !r) return r.error();
    return static_cast<std::int64_t>(bytes.size());
}

Result<std::optional<std::string>>
ConverterStore::swap_in(const ConverterKey& row, const std::vector<ConverterRendition>& first) {
    return guarded([&](Database& db) -> Result<std::optional<std::string>> {
        Transaction tx(db);
        std::optional<std::string> old;
        auto find = db.prepare(
            "SELECT generation, created_s FROM converter_keys WHERE context = ? AND image_key = ?");
        find.bind(1, row.context).bind(2, row.key);
        std::int64_t created = row.created_s;
        if (find.step()) {
            old = find.text(0);
            created = find.integer(1);
        }
        auto clear =
            db.prepare("DELETE FROM converter_renditions WHERE context = ? AND image_key = ?");
        clear.bind(1, row.context).bind(2, row.key).run();
        auto put = db.prepare(
            "INSERT INTO converter_keys (context, image_key, key_hash, generation, source_format, "
            "width, height, has_alpha, metadata, created_s, updated_s, used_ms, source_bytes) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (context, image_key) DO UPDATE SET generation = excluded.generation, "
            "source_format = excluded.source_format, width = excluded.width, "
            "height = excluded.height, has_alpha = excluded.has_alpha, "
            "metadata = excluded.metadata, updated_s = excluded.updated_s, "
            "used_ms = excluded.used_ms, source_bytes = excluded.source_bytes");
        put.bind(1, row.context)
            .bind(2, row.key)
            .bind(3, row.key_hash)
            .bind(4, row.generation)
            .bind(5, row.source_format)
            .bind(6, std::int64_t{row.width})
            .bind(7, std::int64_t{row.height})
            .bind(8, std::int64_t{row.has_alpha ? 1 : 0})
            .bind(9, row.metadata_json)
            .bind(10, created)
            .bind(11, row.updated_s)
            .bind(12, row.used_ms)
            .bind(13, row.source_bytes)
            .run();
        for (const auto& r : first)
            insert_rendition(db, row.context, row.key, row.generation, r);
        tx.commit();
        return old;
    });
}

Result<bool> ConverterStore::add_rendition(const std::string& context, const std::string& key,
                                           const std::string& generation,
                                           const ConverterRendition& r) {
    return guarded([&](Database& db) -> Result<bool> {
        Transaction tx(db);
        auto find = db.prepare("SELECT 1 FROM converter_keys WHERE context = ? AND "
                               "image_key = ? AND generation = ?");
        find.bind(1, context).bind(2, key).bind(3, generation);
        if (!find.step()) return false; // replaced meanwhile
        insert_rendition(db, context, key, generation, r);
        tx.commit();
        return true;
    });
}

Result<std::optional<ConverterKey>> ConverterStore::key(const std::string& context,
                                                        const std::string& key) {
    return guarded([&](Database& db) -> Result<std::optional<ConverterKey>> {
        auto st = db.prepare(std::string(kKeyColumns) + " WHERE context = ? AND image_key = ?");
        st.bind(1, context).bind(2, key);
        if (!st.step()) return std::optional<ConverterKey>();
        return std::optional<ConverterKey>(read_key(st));
    });
}

Result<std::vector<ConverterRendition>> ConverterStore::renditions(const ConverterKey& k) {
    return guarded([&](Database& db) -> Result<std::vector<ConverterRendition>> {
        std::vector<ConverterRendition> out;
        auto st = db.prepare("SELECT format, file, mime, width, height, bytes FROM "
                             "converter_renditions WHERE context = ? AND image_key = ? AND "
                             "generation = ? ORDER BY format");
        st.bind(1, k.context).bind(2, k.key).bind(3, k.generation);
        while (st.step())
            out.push_back({st.text(0), st.text(1), st.text(2), static_cast<int>(st.integer(3)),
                           static_cast<int>(st.integer(4)), st.integer(5)});
        return out;
    });
}

Result<std::vector<std::string>> ConverterStore::keys(const std::optional<std::string>& context) {
    return guarded([&](Database& db) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        auto st = db.prepare(context ? "SELECT image_key FROM converter_keys WHERE context = ? "
                                       "ORDER BY image_key"
                                     : "SELECT DISTINCT image_key FROM converter_keys "
                                       "ORDER BY image_key");
        if (context) st.bind(1, *context);
        while (st.step())
            out.push_back(st.text(0));
        return out;
    });
}

Result<std::int64_t> ConverterStore::count(const std::optional<std::string>& context) {
    return guarded([&](Database& db) -> Result<std::int64_t> {
        // Without a context a key is its name, however many contexts hold it: the same
        // definition as keys(), so getKeyCount and getKeys agree.
        auto st = db.prepare(context ? "SELECT COUNT(*) FROM converter_keys WHERE context = ?"
                                     : "SELECT COUNT(DISTINCT image_key) FROM converter_keys");
        if (context) st.bind(1, *context);
        return st.step() ? st.integer(0) : 0;
    });
}

Result<std::int64_t> ConverterStore::remove_where(const std::string& where,
                                                  const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> folders;
    auto removed = guarded([&](Database& db) -> Result<std::int64_t> {
        Transaction tx(db);
        auto find = db.prepare("SELECT key_hash, generation FROM converter_keys" + where);
        for (std::size_t i = 0; i < args.size(); ++i)
            find.bind(static_cast<int>(i + 1), args[i]);
        while (find.step())
            folders.emplace_back(find.text(0), find.text(1));
        auto del = db.prepare("DELETE FROM converter_keys" + where);
        for (std::size_t i = 0; i < args.size(); ++i)
            del.bind(static_cast<int>(i + 1), args[i]);
        del.run();
        tx.commit();
        return static_cast<std::int64_t>(folders.size());
    });
    std::error_code ec;
    for (const auto& [hash, generation] : folders) {
        fs::remove_all(folder(hash, generation), ec);
        fs::remove(folder(hash, generation).parent_path(), ec); // only when empty
    }
    return removed;
}

Result<std::int64_t> ConverterStore::clear(const std::optional<std::string>& context) {
    if (context) return remove_where(" WHERE context = ?", {*context});
    return remove_where("", {});
}

Result<std::int64_t> ConverterStore::clear_key(const std::string& key) {
    return remove_where(" WHERE image_key = ?", {key});
}

Result<std::int64_t> ConverterStore::total_bytes() {
    return guarded([&](Database& db) -> Result<std::int64_t> {
        auto st = db.prepare("SELECT COALESCE(SUM(bytes), 0) FROM converter_renditions");
        return st.step() ? st.integer(0) : 0;
    });
}

Result<void> ConverterStore::touch(const std::string& context, const std::string& key,
                                   std::int64_t now_ms) {
    return guarded([&](Database& db) -> Result<void> {
        auto st =
            db.prepare("UPDATE converter_keys SET used_ms = ? WHERE context = ? AND image_key = ?");
        st.bind(1, now_ms).bind(2, context).bind(3, key).run();
        return {};
    });
}

Result<std::int64_t> ConverterStore::evict(const std::string& context, const std::string& keep,
                                           std::int64_t max_bytes, std::int64_t max_keys) {
    // Every upload asks: two aggregates answer the common case (within the bound) without
    // listing the context's keys.
    std::int64_t keys = 0, bytes = 0;
    auto totals = guarded([&](Database& db) -> Result<void> {
        auto k = db.prepare("SELECT COUNT(*), COALESCE(SUM(source_bytes), 0) FROM converter_keys "
                            "WHERE context = ?");
        k.bind(1, context);
        if (k.step()) {
            keys = k.integer(0);
            bytes = k.integer(1);
        }
        auto r = db.prepare("SELECT COALESCE(SUM(r.bytes), 0) FROM converter_renditions r JOIN "
                            "converter_keys k ON r.context = k.context AND r.image_key = "
                            "k.image_key AND r.generation = k.generation WHERE k.context = ?");
        r.bind(1, context);
        if (r.step()) bytes += r.integer(0);
        return {};
    });
    if (!totals) return totals.error();
    if (keys <= max_keys && bytes <= max_bytes) return std::int64_t{0};
    struct Held {
        std::string key;
        std::int64_t bytes;
    };
    std::vector<Held> held; // least recently used first
    auto listed = guarded([&](Database& db) -> Result<void> {
        auto st = db.prepare(
            "SELECT k.image_key, k.source_bytes + COALESCE((SELECT SUM(r.bytes) FROM "
            "converter_renditions r WHERE r.context = k.context AND r.image_key = k.image_key "
            "AND r.generation = k.generation), 0) FROM converter_keys k WHERE k.context = ? "
            "ORDER BY k.used_ms, k.updated_s, k.image_key");
        st.bind(1, context);
        while (st.step())
            held.push_back({st.text(0), st.integer(1)});
        return {};
    });
    if (!listed) return listed.error();
    keys = static_cast<std::int64_t>(held.size()); // as listed now, in the same terms
    bytes = 0;
    for (const auto& h : held)
        bytes += h.bytes;
    std::int64_t evicted = 0;
    for (const auto& h : held) {
        if (keys <= max_keys && bytes <= max_bytes) break;
        if (h.key == keep) continue;
        auto removed = remove_where(" WHERE context = ? AND image_key = ?", {context, h.key});
        if (!removed) return removed.error();
        keys -= 1;
        bytes -= h.bytes;
        evicted += *removed;
    }
    return evicted;
}

void ConverterStore::remove_orphans(std::chrono::seconds grace) {
    std::set<fs::path> live;
    auto listed = guarded([&](Database& db) -> Result<void> {
        auto st = db.prepare("SELECT key_hash, generation FROM converter_keys");
        while (st.step())
            live.insert(folder(st.text(0), st.text(1)));
        return {};
    });
    if (!listed) return; // without the list every folder would look orphaned
    const auto cutoff = fs::file_time_type::clock::now() - grace;
    auto stale = [&](const fs::path& p) {
        if (grace.count() == 0) return true;
        std::error_code ec;
        auto t = fs::last_write_time(p, ec);
        return !ec && t < cutoff;
    };
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir_ / ".tmp", ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        if (stale(it->path())) fs::remove(it->path(), ec);
    // <dir>/<2 hex>/<hash>/<generation>
    for (auto shard = fs::directory_iterator(dir_, ec); !ec && shard != fs::directory_iterator();
         shard.increment(ec)) {
        if (shard->path().filename() == ".tmp") continue;
        std::error_code e2;
        for (auto key = fs::directory_iterator(shard->path(), e2);
             !e2 && key != fs::directory_iterator(); key.increment(e2)) {
            std::error_code e3;
            for (auto gen = fs::directory_iterator(key->path(), e3);
                 !e3 && gen != fs::directory_iterator(); gen.increment(e3))
                if (!live.contains(gen->path()) && stale(gen->path()))
                    fs::remove_all(gen->path(), e3);
        }
    }
}

} // namespace pictor::state
