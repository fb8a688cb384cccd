#include "service/access_service.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/digest.h"
#include "policy/password.h"
#include "policy/secrets.h"

namespace pictor::service {

using core::Error;
using core::Result;

namespace {

policy::AssetPolicy to_policy(const state::AssetRecord& a) {
    return {a.roles, a.max_width, a.open_full_max, a.open_max_width};
}

} // namespace

AccessService::AccessService(const config::AuthConfig& auth, int max_width, state::Catalog& catalog)
    : auth_(auth), platform_(max_width), catalog_(catalog),
      sessions_(std::chrono::milliseconds(auth.session_cache_ms)) {}

Result<std::unique_ptr<AccessService>>
AccessService::create(const config::AuthConfig& auth, int max_width, state::Catalog& catalog) {
    std::unique_ptr<AccessService> s(new AccessService(auth, max_width, catalog));
    auto kiosk = core::parse_networks(auth.kiosk_networks);
    if (!kiosk) return Error::bad_request("auth.kiosk_networks: " + kiosk.error().message);
    auto external = core::parse_networks(auth.external_networks);
    if (!external) return Error::bad_request("auth.external_networks: " + external.error().message);
    s->kiosk_networks_ = std::move(*kiosk);
    s->external_networks_ = std::move(*external);
    if (auto r = s->reload(); !r) return r.error();
    return s;
}

Result<void> AccessService::reload() {
    auto assets = catalog_.assets();
    if (!assets) return assets.error();
    auto map = std::make_shared<std::unordered_map<std::string, policy::AssetPolicy>>();
    for (const auto& a : *assets)
        (*map)[a.id] = to_policy(a);
    {
        std::lock_guard lock(policies_mutex_);
        policies_ = std::move(map);
    }
    ++generation_;
    return {};
}

policy::SizePolicy AccessService::policy_for(const std::string& identifier) const {
    std::shared_ptr<const std::unordered_map<std::string, policy::AssetPolicy>> map;
    {
        std::lock_guard lock(policies_mutex_);
        map = policies_;
    }
    auto it = map->find(identifier);
    return policy::SizePolicy(it == map->end() ? policy::AssetPolicy{} : it->second, platform_);
}

SessionView AccessService::session(const Credentials& c) const {
    SessionView view;
    if (c.assumed) {
        view.aspect = c.assumed->has_credentials ? Aspect::Valid : Aspect::Missing;
        view.viewer = *c.assumed;
        return view;
    }
    if (!c.address.empty() && core::any_contains(external_networks_, c.address)) {
        view.aspect = Aspect::Valid;
        view.viewer.has_credentials = true;
        view.viewer.roles = auth_.external_roles;
    }
    if (!c.session_secret.empty()) view = cookie_session(c.session_secret, std::move(view));
    if (view.aspect == Aspect::Valid || c.access_token.empty()) return view;
    // No valid cookie: an access token (Auth 1.0 clients send it with info.json) stands for
    // the session it was issued to.
    if (auto by_token = viewer_for_token(c.access_token)) {
        view.aspect = Aspect::Valid;
        view.viewer = std::move(*by_token);
    } else if (view.aspect == Aspect::Missing) {
        view.aspect = Aspect::Invalid;
    }
    return view;
}

SessionView AccessService::cookie_session(const std::string& secret, SessionView view) const {
    if (!policy::looks_like_session_secret(secret)) {
        if (view.aspect != Aspect::Valid) view.aspect = Aspect::Invalid;
        return view;
    }
    std::string hash = core::sha256_hex(secret);
    auto row = live_session(hash);
    if (!row) {
        spdlog::error("session lookup failed: {}", row.error().detail);
        return view;
    }
    if (!*row) {
        if (view.aspect == Aspect::Valid) return view;
        auto expiry = catalog_.session_expiry(hash);
        view.aspect = expiry && *expiry ? Aspect::Expired : Aspect::Invalid;
        return view;
    }
    view.aspect = Aspect::Valid;
    view.session_hash = hash;
    view.viewer.has_credentials = true;
    for (auto& r : (*row)->roles)
        view.viewer.roles.push_back(std::move(r));
    return view;
}

std::optional<policy::Viewer> AccessService::viewer_for_token(const std::string& token) const {
    if (!policy::looks_like_access_token(token)) return std::nullopt;
    auto row = catalog_.token(core::sha256_hex(token));
    if (!row || !*row || (*row)->expires_s <= core::unix_now_s()) return std::nullopt;
    auto session = live_session((*row)->session_hash);
    if (!session || !*session) return std::nullopt;
    return policy::Viewer{true, (*session)->roles};
}

std::string AccessService::open_session(std::optional<std::string> user,
                                        std::vector<std::string> roles) {
    std::int64_t now = core::unix_now_s();
    // Expired rows are swept now and then, by whoever logs in.
    if (now - last_sweep_s_.exchange(now) > 600) (void)catalog_.delete_expired(now);
    std::string secret = policy::new_session_secret();
    state::SessionRecord s;
    s.id_hash = core::sha256_hex(secret);
    s.user = std::move(user);
    s.roles = std::move(roles);
    s.created_s = now;
    s.expires_s = now + auth_.session_ttl_s;
    if (auto r = catalog_.create_session(s); !r) return {};
    return secret;
}

Result<std::vector<std::string>> AccessService::check_password(const std::string& user,
                                                               const std::string& password) const {
    auto row = catalog_.user(user);
    if (!row) return row.error();
    // An unknown user costs the same hashing time as a wrong password.
    static const std::string decoy = policy::hash_password("decoy", auth_.kdf_cost);
    bool ok = policy::verify_password(password, *row ? (*row)->password_hash : decoy) && *row;
    if (!ok) return Error::unauthorized("unknown user or wrong password");
    return (*row)->roles;
}

Result<std::string> AccessService::login(const std::string& user, const std::string& password) {
    if (auto checked = check_password(user, password); !checked) return checked.error();
    std::string secret = open_session(user, {});
    if (secret.empty()) return Error::internal("cannot store the session");
    return secret;
}

Result<std::string> AccessService::kiosk_login(const std::string& address) {
    if (!core::any_contains(kiosk_networks_, address))
        return Error::forbidden("kiosk access is not available from this network");
    std::string secret = open_session(std::nullopt, auth_.kiosk_roles);
    if (secret.empty()) return Error::internal("cannot store the session");
    return secret;
}

Result<std::string> AccessService::clickthrough_login() {
    if (!clickthrough_enabled()) return Error::not_found("there is no clickthrough service");
    std::string secret = open_session(std::nullopt, auth_.clickthrough_roles);
    if (secret.empty()) return Error::internal("cannot store the session");
    return secret;
}

AccessService::TokenIssue AccessService::issue_token(const Credentials& credentials) {
    // A token is issued for a session (or network), never for another token.
    Credentials c = credentials;
    c.access_token.clear();
    SessionView view = session(c);
    if (view.aspect != Aspect::Valid) return {view.aspect, {}};
    std::string session_hash = view.session_hash;
    if (session_hash.empty()) {
        // The external aspect (the client's network) has no session yet: the token gets one
        // holding the network's roles, so logout and expiry work the same way.
        std::string secret = open_session(std::nullopt, auth_.external_roles);
        if (secret.empty()) return {Aspect::Invalid, {}};
        session_hash = core::sha256_hex(secret);
    }
    std::string token = policy::new_access_token();
    state::TokenRecord t;
    t.token_hash = core::sha256_hex(token);
    t.session_hash = session_hash;
    t.expires_s = core::unix_now_s() + auth_.token_ttl_s;
    if (auto r = catalog_.create_token(t); !r) return {Aspect::Invalid, {}};
    return {Aspect::Valid, token};
}

void AccessService::logout(const Credentials& c) {
    if (!policy::looks_like_session_secret(c.session_secret)) return;
    std::string hash = core::sha256_hex(c.session_secret);
    sessions_.forget(hash);
    (void)catalog_.delete_session(hash);
}

Result<std::optional<state::SessionRecord>>
AccessService::live_session(const std::string& hash) const {
    std::int64_t now = core::unix_now_s();
    if (auto known = sessions_.find(hash, now)) return std::optional(std::move(*known));
    auto row = catalog_.session(hash, now);
    if (row && *row) sessions_.remember(**row);
    return row;
}

} // namespace pictor::service
