#pragma once
// The catalog in the state database (state/sql.h: SQLite's <store.data>/catalog.sqlite by
// default, or PostgreSQL shared by several nodes): assets with their access policy and facts,
// roles, users with password hashes, login sessions and IIIF access tokens. Secrets are stored
// as SHA-256 hashes. Every method is safe to call from any thread.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "state/sql.h"

namespace pictor::state {

struct AssetRecord {
    std::string id; // identifier: path relative to the image root
    std::vector<std::string> roles;
    int max_width = 0;
    int open_full_max = 0;
    int open_max_width = 0;
    std::string title;
    int width = 0, height = 0;
    std::string format;
    std::string content_hash;
    std::int64_t updated_s = 0;
    std::string origin; // an http(s):// URL or s3://bucket/key; empty = the local file
};

struct UserRecord {
    std::string name;
    std::string password_hash;
    std::vector<std::string> roles;
    std::int64_t created_s = 0;
};

struct SessionRecord {
    std::string id_hash;
    std::optional<std::string> user;
    std::vector<std::string> roles; // the user's current roles plus any granted to the session
    std::int64_t created_s = 0;
    std::int64_t expires_s = 0;
};

struct TokenRecord {
    std::string token_hash;
    std::string session_hash;
    std::int64_t expires_s = 0;
};

class Catalog {
  public:
    // `url`: "sqlite:PATH", a bare path, or "postgresql://…" (state/sql.h).
    static core::Result<std::unique_ptr<Catalog>> open(const std::string& url);
    // On a pool shared with the converter index.
    static std::unique_ptr<Catalog> on(std::shared_ptr<DatabasePool> pool);

    int schema_version();
    // Answers a trivial query (readiness): Busy when the database cannot be reached.
    core::Result<void> ping();

    // Assets. put_asset() inserts or replaces the row and its roles; every role must exist.
    core::Result<std::vector<AssetRecord>> assets();
    core::Result<std::optional<AssetRecord>> asset(const std::string& id);
    core::Result<void> put_asset(const AssetRecord& asset);
    core::Result<bool> delete_asset(const std::string& id);

    // Bumped by every change to an asset's policy (asset or role written or deleted): nodes
    // sharing the database reload their policies when it moves.
    core::Result<std::int64_t> policies_version();

    // Roles.
    core::Result<std::vector<std::string>> roles();
    core::Result<void> add_role(const std::string& name);
    core::Result<bool> delete_role(const std::string& name);

    // Users. put_user() creates or replaces the password; set_user_roles() replaces the roles.
    core::Result<std::vector<UserRecord>> users();
    core::Result<std::optional<UserRecord>> user(const std::string& name);
    core::Result<void> put_user(const std::string& name, const std::string& password_hash,
                                std::int64_t now_s);
    core::Result<void> set_user_roles(const std::string& name,
                                      const std::vector<std::string>& roles);
    core::Result<bool> delete_user(const std::string& name);

    // Sessions and tokens, by the hash of their secret. Expired rows are not returned.
    core::Result<void> create_session(const SessionRecord& session);
    core::Result<std::optional<SessionRecord>> session(const std::string& id_hash,
                                                       std::int64_t now_s);
    // Including expired ones, so an expired aspect can be told from an invalid one.
    core::Result<std::optional<std::int64_t>> session_expiry(const std::string& id_hash);
    core::Result<void> delete_session(const std::string& id_hash); // and its tokens
    core::Result<void> create_token(const TokenRecord& token);
    core::Result<std::optional<TokenRecord>> token(const std::string& token_hash);
    core::Result<void> delete_expired(std::int64_t now_s);

  private:
    explicit Catalog(std::shared_ptr<DatabasePool> pool) : pool_(std::move(pool)) {}
    // Runs `body` on a leased connection, turning database failures into a core::Error.
    template <class F> auto guarded(F&& body) -> decltype(body(std::declval<Database&>()));
    static void bump_policies(Database& db);
    core::Result<void> check_roles_exist(Database& db, const std::vector<std::string>& roles);
    std::vector<std::string> roles_of(Database& db, const char* sql, const std::string& key);

    std::shared_ptr<DatabasePool> pool_;
};

} // namespace pictor::state
