#pragma once
// The access policy in one place (docs/access.md), for every dialect: the catalog's asset policies
// (kept in memory, reloaded after every change), the viewer behind a request (session cookie,
// client network), and the IIIF Auth 2.0 state changes: login, kiosk sessions, access tokens,
// logout. No HTTP types: the handlers pass in the cookie value and the client address.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "config/config.h"
#include "core/network.h"
#include "policy/asset_policy.h"
#include "service/pipeline_interfaces.h"
#include "service/session_cache.h"
#include "state/catalog.h"

namespace pictor::service {

// The outcome of resolving a cookie, in the token service's terms.
enum class Aspect { Valid, Missing, Invalid, Expired };

struct SessionView {
    Aspect aspect = Aspect::Missing;
    policy::Viewer viewer;
    std::string session_hash; // when Valid and backed by a session row
};

class AccessService : public Access {
  public:
    // Fails when a configured network does not parse.
    // `max_width`: limits.max_width, the platform's bound on every asset.
    static core::Result<std::unique_ptr<AccessService>>
    create(const config::AuthConfig& auth, int max_width, state::Catalog& catalog);

    // The policy of an identifier (as the source store names it); open when not catalogued.
    policy::SizePolicy policy_for(const std::string& identifier) const override;
    // Bumped on every reload, so remembered policy decisions can be dropped.
    std::uint64_t generation() const override { return generation_; }
    // Re-reads the asset policies from the catalog.
    core::Result<void> reload();

    SessionView session(const Credentials& credentials) const;
    policy::Viewer viewer(const Credentials& credentials) const override {
        return session(credentials).viewer;
    }
    // The viewer an access token stands for (probe service only); nothing when the token is
    // unknown, expired, or its session has ended.
    std::optional<policy::Viewer> viewer_for_token(const std::string& token) const;

    // Checks a catalog user's password (scrypt): the roles the user holds, or 401.
    core::Result<std::vector<std::string>> check_password(const std::string& user,
                                                          const std::string& password) const;
    // Checks the password (scrypt) and opens a session: the new cookie value.
    core::Result<std::string> login(const std::string& user, const std::string& password);
    // The kiosk service's session for a client in auth.kiosk_networks.
    core::Result<std::string> kiosk_login(const std::string& address);
    // A new access token for the session behind `credentials` (or the external network).
    struct TokenIssue {
        Aspect aspect = Aspect::Missing;
        std::string token;
    };
    TokenIssue issue_token(const Credentials& credentials);
    void logout(const Credentials& credentials);

    bool kiosk_enabled() const { return !kiosk_networks_.empty(); }
    bool external_enabled() const { return !external_networks_.empty(); }
    bool clickthrough_enabled() const { return !auth_.clickthrough_roles.empty(); }
    // The clickthrough service's session: whoever accepted the terms holds its roles.
    core::Result<std::string> clickthrough_login();
    const config::AuthConfig& config() const { return auth_; }
    state::Catalog& catalog() const { return catalog_; }

  private:
    AccessService(const config::AuthConfig& auth, int max_width, state::Catalog& catalog);
    // `view` (the network's aspect) updated with the session the cookie value names.
    SessionView cookie_session(const std::string& secret, SessionView view) const;
    std::string open_session(std::optional<std::string> user, std::vector<std::string> roles);
    // A session that exists and has not expired: from the session cache, else the catalog.
    core::Result<std::optional<state::SessionRecord>> live_session(const std::string& hash) const;

    config::AuthConfig auth_;
    int platform_;
    state::Catalog& catalog_;
    std::vector<core::Network> kiosk_networks_, external_networks_;
    mutable std::mutex policies_mutex_;
    std::shared_ptr<const std::unordered_map<std::string, policy::AssetPolicy>> policies_;
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<std::int64_t> last_sweep_s_{0};
    mutable SessionCache sessions_;
};

} // namespace pictor::service
