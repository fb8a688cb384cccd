#include "state/catalog.h"
#include "state/open_database.h"

#include <stdexcept>

namespace pictor::state {

using core::Error;
using core::Result;

namespace {

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto space = s.find(' ', start);
        if (space == std::string::npos) space = s.size();
        if (space > start) out.push_back(s.substr(start, space - start));
        start = space + 1;
    }
    return out;
}

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

constexpr const char* kAssetColumns =
    "SELECT id, max_width, open_full_max, open_max_width, title, width, height, format, "
    "content_hash, updated_s, origin FROM assets";

AssetRecord read_asset(const Statement& st) {
    AssetRecord a;
    a.id = st.text(0);
    a.max_width = static_cast<int>(st.integer(1));
    a.open_full_max = static_cast<int>(st.integer(2));
    a.open_max_width = static_cast<int>(st.integer(3));
    a.title = st.text(4);
    a.width = static_cast<int>(st.integer(5));
    a.height = static_cast<int>(st.integer(6));
    a.format = st.text(7);
    a.content_hash = st.text(8);
    a.updated_s = st.integer(9);
    a.origin = st.text(10);
    return a;
}

} // namespace

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& url) {
    auto pool = open_database(url, 2, 5000);
    if (!pool) return pool.error();
    return on(std::move(*pool));
}

std::unique_ptr<Catalog> Catalog::on(std::shared_ptr<DatabasePool> pool) {
    return std::unique_ptr<Catalog>(new Catalog(std::move(pool)));
}

template <class F> auto Catalog::guarded(F&& body) -> decltype(body(std::declval<Database&>())) {
    return with_database(*pool_, "catalog", std::forward<F>(body));
}

int Catalog::schema_version() {
    auto version = guarded([](Database& db) -> Result<int> { return db.schema_version(); });
    return version ? *version : 0;
}

Result<void> Catalog::ping() {
    return guarded([](Database& db) -> Result<void> {
        auto st = db.prepare("SELECT 1");
        st.run();
        return {};
    });
}

std::vector<std::string> Catalog::roles_of(Database& db, const char* sql, const std::string& key) {
    std::vector<std::string> out;
    auto st = db.prepare(sql);
    st.bind(1, key);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

Result<std::vector<AssetRecord>> Catalog::assets() {
    return guarded([&](Database& db) -> Result<std::vector<AssetRecord>> {
        std::vector<AssetRecord> out;
        auto st = db.prepare(std::string(kAssetColumns) + " ORDER BY id");
        while (st.step())
            out.push_back(read_asset(st));
        for (auto& a : out)
            a.roles =
                roles_of(db, "SELECT role FROM asset_roles WHERE asset_id = ? ORDER BY role", a.id);
        return out;
    });
}

Result<std::optional<AssetRecord>> Catalog::asset(const std::string& id) {
    return guarded([&](Database& db) -> Result<std::optional<AssetRecord>> {
        auto st = db.prepare(std::string(kAssetColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) return std::optional<AssetRecord>();
        AssetRecord a = read_asset(st);
        a.roles =
            roles_of(db, "SELECT role FROM asset_roles WHERE asset_id = ? ORDER BY role", a.id);
        return std::optional<AssetRecord>(std::move(a));
    });
}

Result<void> Catalog::check_roles_exist(Database& db, const std::vector<std::string>& roles) {
    for (const auto& r : roles) {
        auto st = db.prepare("SELECT 1 FROM roles WHERE name = ?");
        st.bind(1, r);
        if (!st.step()) return Error::bad_request("unknown role '" + r + "'");
    }
    return {};
}

Result<void> Catalog::put_asset(const AssetRecord& a) {
    return guarded([&](Database& db) -> Result<void> {
        Transaction tx(db);
        if (auto r = check_roles_exist(db, a.roles); !r) return r;
        auto st = db.prepare(
            "INSERT INTO assets (id, max_width, open_full_max, open_max_width, title, width, "
            "height, format, content_hash, updated_s, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (id) DO UPDATE SET max_width = excluded.max_width, "
            "open_full_max = excluded.open_full_max, open_max_width = excluded.open_max_width, "
            "title = excluded.title, width = excluded.width, height = excluded.height, "
            "format = excluded.format, content_hash = excluded.content_hash, "
            "updated_s = excluded.updated_s, origin = excluded.origin");
        st.bind(1, a.id)
            .bind(2, std::int64_t{a.max_width})
            .bind(3, std::int64_t{a.open_full_max})
            .bind(4, std::int64_t{a.open_max_width})
            .bind(5, a.title)
            .bind(6, std::int64_t{a.width})
            .bind(7, std::int64_t{a.height})
            .bind(8, a.format)
            .bind(9, a.content_hash)
            .bind(10, a.updated_s)
            .bind(11, a.origin)
            .run();
        auto clear = db.prepare("DELETE FROM asset_roles WHERE asset_id = ?");
        clear.bind(1, a.id).run();
        for (const auto& role : a.roles) {
            auto add = db.prepare(
                "INSERT INTO asset_roles (asset_id, role) VALUES (?,?) ON CONFLICT DO NOTHING");
            add.bind(1, a.id).bind(2, role).run();
        }
        bump_policies(db);
        tx.commit();
        return {};
    });
}

Result<bool> Catalog::delete_asset(const std::string& id) {
    return guarded([&](Database& db) -> Result<bool> {
        Transaction tx(db);
        auto st = db.prepare("DELETE FROM assets WHERE id = ?");
        st.bind(1, id).run();
        bool deleted = db.changes() > 0;
        bump_policies(db);
        tx.commit();
        return deleted;
    });
}

void Catalog::bump_policies(Database& db) {
    db.prepare("UPDATE state_versions SET version = version + 1 WHERE name = 'policies'").run();
}

Result<std::int64_t> Catalog::policies_version() {
    return guarded([&](Database& db) -> Result<std::int64_t> {
        auto st = db.prepare("SELECT version FROM state_versions WHERE name = 'policies'");
        return st.step() ? st.integer(0) : std::int64_t{0};
    });
}

Result<std::vector<std::string>> Catalog::roles() {
    return guarded([&](Database& db) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        auto st = db.prepare("SELECT name FROM roles ORDER BY name");
        while (st.step())
            out.push_back(st.text(0));
        return out;
    });
}

Result<void> Catalog::add_role(const std::string& name) {
    return guarded([&](Database& db) -> Result<void> {
        auto st = db.prepare("INSERT INTO roles (name) VALUES (?) ON CONFLICT DO NOTHING");
        st.bind(1, name).run();
        return {};
    });
}

Result<bool> Catalog::delete_role(const std::string& name) {
    return guarded([&](Database& db) -> Result<bool> {
        Transaction tx(db);
        auto st = db.prepare("DELETE FROM roles WHERE name = ?");
        st.bind(1, name).run();
        bool deleted = db.changes() > 0;
        bump_policies(db); // the role is gone from every asset's list
        tx.commit();
        return deleted;
    });
}

Result<std::vector<UserRecord>> Catalog::users() {
    return guarded([&](Database& db) -> Result<std::vector<UserRecord>> {
        std::vector<UserRecord> out;
        auto st = db.prepare("SELECT name, password_hash, created_s FROM users ORDER BY name");
        while (st.step())
            out.push_back({st.text(0), st.text(1), {}, st.integer(2)});
        for (auto& u : out)
            u.roles = roles_of(db, "SELECT role FROM user_roles WHERE user_name = ? ORDER BY role",
                               u.name);
        return out;
    });
}

Result<std::optional<UserRecord>> Catalog::user(const std::string& name) {
    return guarded([&](Database& db) -> Result<std::optional<UserRecord>> {
        auto st = db.prepare("SELECT name, password_hash, created_s FROM users WHERE name = ?");
        st.bind(1, name);
        if (!st.step()) return std::optional<UserRecord>();
        UserRecord u{st.text(0), st.text(1), {}, st.integer(2)};
        u.roles =
            roles_of(db, "SELECT role FROM user_roles WHERE user_name = ? ORDER BY role", u.name);
        return std::optional<UserRecord>(std::move(u));
    });
}

Result<void> Catalog::put_user(const std::string& name, const std::string& password_hash,
                               std::int64_t now_s) {
    return guarded([&](Database& db) -> Result<void> {
        auto st =
            db.prepare("INSERT INTO users (name, password_hash, created_s) VALUES (?,?,?) "
                       "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash");
        st.bind(1, name).bind(2, password_hash).bind(3, now_s).run();
        return {};
    });
}

Result<void> Catalog::set_user_roles(const std::string& name,
                                     const std::vector<std::string>& roles) {
    return guarded([&](Database& db) -> Result<void> {
        Transaction tx(db);
        auto exists = db.prepare("SELECT 1 FROM users WHERE name = ?");
        exists.bind(1, name);
        if (!exists.step()) return Error::not_found("unknown user '" + name + "'");
        if (auto r = check_roles_exist(db, roles); !r) return r;
        auto clear = db.prepare("DELETE FROM user_roles WHERE user_name = ?");
        clear.bind(1, name).run();
        for (const auto& role : roles) {
            auto add = db.prepare(
                "INSERT INTO user_roles (user_name, role) VALUES (?,?) ON CONFLICT DO NOTHING");
            add.bind(1, name).bind(2, role).run();
        }
        tx.commit();
        return {};
    });
}

Result<bool> Catalog::delete_user(const std::string& name) {
    return guarded([&](Database& db) -> Result<bool> {
        auto st = db.prepare("DELETE FROM users WHERE name = ?");
        st.bind(1, name).run();
        return db.changes() > 0;
    });
}

Result<void> Catalog::create_session(const SessionRecord& s) {
    return guarded([&](Database& db) -> Result<void> {
        auto st = db.prepare("INSERT INTO sessions (id_hash, user_name, roles, created_s, "
                             "expires_s) VALUES (?,?,?,?,?)");
        st.bind(1, s.id_hash);
        if (s.user)
            st.bind(2, *s.user);
        else
            st.bind_null(2);
        st.bind(3, join_words(s.roles)).bind(4, s.created_s).bind(5, s.expires_s).run();
        return {};
    });
}

Result<std::optional<SessionRecord>> Catalog::session(const std::string& id_hash,
                                                      std::int64_t now_s) {
    return guarded([&](Database& db) -> Result<std::optional<SessionRecord>> {
        auto st = db.prepare("SELECT id_hash, user_name, roles, created_s, expires_s "
                             "FROM sessions WHERE id_hash = ? AND expires_s > ?");
        st.bind(1, id_hash).bind(2, now_s);
        if (!st.step()) return std::optional<SessionRecord>();
        SessionRecord s;
        s.id_hash = st.text(0);
        if (!st.is_null(1)) s.user = st.text(1);
        s.roles = split_words(st.text(2));
        s.created_s = st.integer(3);
        s.expires_s = st.integer(4);
        if (s.user)
            for (auto& r : roles_of(
                     db, "SELECT role FROM user_roles WHERE user_name = ? ORDER BY role", *s.user))
                s.roles.push_back(std::move(r));
        return std::optional<SessionRecord>(std::move(s));
    });
}

Result<std::optional<std::int64_t>> Catalog::session_expiry(const std::string& id_hash) {
    return guarded([&](Database& db) -> Result<std::optional<std::int64_t>> {
        auto st = db.prepare("SELECT expires_s FROM sessions WHERE id_hash = ?");
        st.bind(1, id_hash);
        if (!st.step()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(st.integer(0));
    });
}

Result<void> Catalog::delete_session(const std::string& id_hash) {
    return guarded([&](Database& db) -> Result<void> {
        auto st = db.prepare("DELETE FROM sessions WHERE id_hash = ?");
        st.bind(1, id_hash).run();
        return {};
    });
}

Result<void> Catalog::create_token(const TokenRecord& t) {
    return guarded([&](Database& db) -> Result<void> {
        auto st =
            db.prepare("INSERT INTO tokens (token_hash, session_hash, expires_s) VALUES (?,?,?)");
        st.bind(1, t.token_hash).bind(2, t.session_hash).bind(3, t.expires_s).run();
        return {};
    });
}

Result<std::optional<TokenRecord>> Catalog::token(const std::string& token_hash) {
    return guarded([&](Database& db) -> Result<std::optional<TokenRecord>> {
        auto st = db.prepare(
            "SELECT token_hash, session_hash, expires_s FROM tokens WHERE token_hash = ?");
        st.bind(1, token_hash);
        if (!st.step()) return std::optional<TokenRecord>();
        return std::optional<TokenRecord>(TokenRecord{st.text(0), st.text(1), st.integer(2)});
    });
}

Result<void> Catalog::delete_expired(std::int64_t now_s) {
    return guarded([&](Database& db) -> Result<void> {
        auto tokens = db.prepare("DELETE FROM tokens WHERE expires_s <= ?");
        tokens.bind(1, now_s).run();
        // Expired sessions are kept a day, so their cookie reads as expired, not invalid.
        auto sessions = db.prepare("DELETE FROM sessions WHERE expires_s <= ?");
        sessions.bind(1, now_s - 86400).run();
        return {};
    });
}

} // namespace pictor::state
