#pragma once
// The imaging tests' server: an image root with the samples plus the imaging fixtures
// (scene.png, logo.png from tests/golden/imaging/, and secret.png, a staff-only copy of the
// scene that is open up to 400 px), an actions file covering the three syntaxes, presets,
// roles and a refused transform, and the admin API on to set the policy.
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {

inline const char* kImagingActions = R"json({
  "presets": {
    "small": "w_100,c_resize",
    "smallpng": [["preset", "small"], {"format": "png"}]
  },
  "actions": {
    "raw": {"description": "as stored, for transforms", "commands": "c_strip"},
    "obj": {"description": "object syntax",
            "commands": {"crop": {"width": "50%", "height": "50%", "gravity": "center"},
                         "resize": [80, -1], "$format": "webp", "format": "png"}},
    "arr": {"description": "array syntax",
            "commands": [{"command": "crop", "width": "50%", "height": "50%",
                          "gravity": "center"},
                         ["resize", 80], {"format": {"extension": "png"}}]},
    "simp": {"description": "simplified syntax",
             "commands": "w_50%,h_50%,g_center,c_crop,w_80,c_resize,e_webp,c_$format,e_png,c_format"},
    "thumb": {"description": "preset only", "preset": "smallpng"},
    "fullweb": {"description": "the whole image, at most 1200 px", "commands": "w_1200,c_resize"},
    "centre": {"description": "the central half", "commands": "w_50%,h_50%,g_center,c_crop"},
    "staff": {"description": "staff only", "commands": "c_grayscale", "roles": ["staff"]},
    "fixed": {"description": "no transform", "commands": "c_flop", "transform": false},
    "far": {"description": "fits only very large images", "commands": "w_10,h_10,x_9000,c_crop"},
    "lost-logo": {"description": "an overlay that is not there",
                  "commands": "o_missing.png,c_watermark"},
    "wedia-web": {"objectname": "asset", "description": "Wedia's own shape", "prop": "file",
                  "preset": "small", "command": {"resize": [60, -1]}, "strip": true,
                  "rscname": {"type": "rscname", "options": {"simple": true}},
                  "exposeAsPreset": false, "presetSuffix": "$original"},
    "preset-first": {"description": "a preset and a command set", "preset": "small",
                     "command": {"format": "png"}}
  }
})json";

inline void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

inline std::filesystem::path imaging_fixtures() {
    return std::filesystem::path(PICTOR_GOLDEN_DIR) / "imaging";
}

class ImagingServer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        for (const char* f : {"scene.png", "logo.png"})
            std::filesystem::copy_file(imaging_fixtures() / f, root_->path() / f);
        std::filesystem::copy_file(imaging_fixtures() / "scene.png", root_->path() / "secret.png");
        config_ = make_temp_dir("imaging-config");
        write_file(config_ / "actions.json", kImagingActions);
        server_ = std::make_unique<ServerProcess>(
            root_->path(), std::vector<std::string>{
                               "admin.user=admin", "admin.password=secret-pw", "auth.kdf_cost=10",
                               "imaging.actions=" + (config_ / "actions.json").string()});
        auto admin = [](const std::string& path, const std::string& body) {
            return http_request("PUT", server_->url(path),
                                {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"}, &body);
        };
        ASSERT_EQ(admin("/admin/roles/staff", "").status, 204);
        ASSERT_EQ(
            admin("/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})").status,
            200);
        ASSERT_EQ(
            admin("/admin/assets/secret.png/policy", R"({"roles":["staff"],"openFullMax":400})")
                .status,
            200);
        std::string form = "username=alice&password=wonderland";
        auto r = http_request("POST", server_->url("/auth/v2/access/active"), {}, &form);
        std::smatch m;
        std::string cookie = r.header("set-cookie");
        ASSERT_TRUE(std::regex_search(cookie, m, std::regex("pictor_session=([^;]+)")));
        alice_ = "Cookie: pictor_session=" + std::string(m[1]);
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
        std::error_code ec;
        std::filesystem::remove_all(config_, ec);
    }
    static HttpResponse get(const std::string& path, const std::vector<std::string>& h = {}) {
        return http_get(server_->url(path), h);
    }
    static nlohmann::json body_json(const HttpResponse& r) {
        return nlohmann::json::parse(r.body, nullptr, false);
    }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
    static inline std::filesystem::path config_;
    static inline std::string alice_;
};

} // namespace pictor::test
