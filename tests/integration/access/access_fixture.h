#pragma once
// The access tests' shared server: an image root with one copy of the 6000x4000 photo per
// access scenario (docs/access.md) (s1.jpg … s11.jpg) with its policy, roles staff and other, users
// alice (staff) and bob (other) logged in, the admin API on, and imaging actions that ask for a
// small, a large and a cropped answer (and one only staff may run).
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {

inline const char* kOrigin = "https://viewer.example";

inline std::string admin_auth() {
    return "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw
}

inline const char* kAccessActions = R"({
  "actions": {
    "small": {"description": "300 px wide", "commands": "w_300,c_resize"},
    "large": {"description": "1500 px wide", "commands": "w_1500,c_resize"},
    "tile": {"description": "a corner", "commands": "x_0,y_0,w_512,h_512,c_crop"},
    "whole": {"description": "the image as it is", "commands": "c_strip"},
    "staffonly": {"description": "for staff", "commands": "w_200,c_resize", "roles": ["staff"]}
  }
})";

// The longer side of a decoded answer.
inline int longest_edge(const HttpResponse& r) {
    auto d = decode(r.body);
    return std::max(d.width, d.height);
}

class AccessServer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        actions_ =
            root_->path().parent_path() / (root_->path().filename().string() + "-actions.json");
        std::ofstream(actions_) << kAccessActions;
        // One copy of the 6000x4000 photo per scenario.
        for (int s = 1; s <= 11; ++s) {
            std::error_code ec;
            auto to = root_->path() / ("s" + std::to_string(s) + ".jpg");
            std::filesystem::create_hard_link(root_->path() / "photo.jpg", to, ec);
            if (ec) std::filesystem::copy_file(root_->path() / "photo.jpg", to);
        }
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{
                "admin.user=admin", "admin.password=secret-pw", "auth.kdf_cost=10",
                std::string("auth.allowed_origins=") + kOrigin, "admin.upload_bytes=200000",
                "converter.user=ox", "converter.password=secret-pw",
                "dlcs.spaces=7/3=", // DLCS space: the root
                "imaging.actions=" + actions_.string()});
        ASSERT_EQ(admin("PUT", "/admin/roles/staff").status, 204);
        ASSERT_EQ(admin("PUT", "/admin/roles/other").status, 204);
        ASSERT_EQ(
            admin("PUT", "/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})")
                .status,
            200);
        ASSERT_EQ(
            admin("PUT", "/admin/users/bob", R"({"password":"builder-bob","roles":["other"]})")
                .status,
            200);
        const char* policies[] = {
            R"({})",
            R"({"maxWidth":1000})",
            R"({"maxWidth":1000,"openFullMax":400,"openMaxWidth":512})",
            R"({"roles":["staff"]})",
            R"({"roles":["staff"],"maxWidth":1000})",
            R"({"roles":["staff"],"openFullMax":400})",
            R"({"roles":["staff"],"maxWidth":1000,"openFullMax":400})",
            R"({"roles":["staff"],"openMaxWidth":512})",
            R"({"roles":["staff"],"maxWidth":1000,"openMaxWidth":512})",
            R"({"roles":["staff"],"openFullMax":400,"openMaxWidth":512})",
            R"({"roles":["staff"],"maxWidth":2000,"openFullMax":400,"openMaxWidth":512})",
        };
        for (int s = 1; s <= 11; ++s) {
            auto r = admin("PUT", "/admin/assets/s" + std::to_string(s) + ".jpg/policy",
                           policies[s - 1]);
            ASSERT_EQ(r.status, 200) << r.body;
        }
        alice_ = login("alice", "wonderland");
        bob_ = login("bob", "builder-bob");
        ASSERT_FALSE(alice_.empty());
        ASSERT_FALSE(bob_.empty());
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
        std::filesystem::remove(actions_);
    }

    static HttpResponse admin(const std::string& method, const std::string& path,
                              const std::string& body = "") {
        bool sends_body = method == "PUT" || method == "POST";
        return http_request(method, server_->url(path), {admin_auth()},
                            sends_body ? &body : nullptr);
    }
    // The session cookie's value after a login through the active access service.
    static std::string login(const std::string& user, const std::string& password) {
        std::string form = "username=" + user + "&password=" + password;
        auto r = http_request("POST", server_->url("/auth/v2/access/active"), {}, &form);
        std::smatch m;
        std::string cookie = r.header("set-cookie");
        if (!std::regex_search(cookie, m, std::regex("pictor_session=([^;]+)"))) return {};
        return m[1];
    }
    static HttpResponse get_as(const std::string& cookie, const std::string& path) {
        if (cookie.empty()) return http_get(server_->url(path));
        return http_get(server_->url(path), {"Cookie: pictor_session=" + cookie});
    }
    // The token service's page: the message and the origin it is posted to.
    static std::pair<nlohmann::json, std::string> token_page(const std::string& cookie,
                                                             const std::string& query) {
        auto r = get_as(cookie, "/auth/v2/token?" + query);
        std::smatch m;
        if (!std::regex_search(r.body, m, std::regex(R"(postMessage\((\{.*\}), (".*")\);)")))
            return {nlohmann::json(), ""};
        return {nlohmann::json::parse(std::string(m[1])),
                nlohmann::json::parse(std::string(m[2])).get<std::string>()};
    }
    static nlohmann::json probe(const std::string& id, const std::string& bearer) {
        std::vector<std::string> h;
        if (!bearer.empty()) h.push_back("Authorization: Bearer " + bearer);
        auto r = http_get(server_->url("/auth/v2/probe/" + id), h);
        EXPECT_EQ(r.status, 200);
        return nlohmann::json::parse(r.body);
    }

    static inline std::filesystem::path actions_;
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
    static inline std::string alice_, bob_;
};

} // namespace pictor::test
