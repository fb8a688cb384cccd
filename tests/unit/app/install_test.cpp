// The composition: the foundation laid from a configuration, and each way in installed on the
// router only when the configuration offers it, with the operator pages where ops.listen puts
// them. Routes are checked by what the router would answer a path with, not by counting.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "app/foundation.h"
#include "app/install.h"

namespace pictor::app {
namespace {

namespace fs = std::filesystem;

class InstallTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("pictor-install-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "images");
        config_.store.images = (dir_ / "images").string();
        config_.store.data = (dir_ / "data").string();
        config_.limits.workers = 1;
    }
    void TearDown() override {
        keep_.reset();
        foundation_.reset();
        fs::remove_all(dir_);
    }

    // serve() without the listener: lays the foundation and installs every way in offered.
    void install(bool ops_listener = false) {
        auto laid = lay_foundation(config_);
        ASSERT_TRUE(laid) << laid.error().message;
        foundation_ = std::move(*laid);
        keep_ = std::make_unique<Keep>();
        auto installed = install_ways_in(router_, ops_listener ? &ops_ : nullptr, *keep_,
                                         *foundation_, config_, "");
        ASSERT_TRUE(installed) << installed.error().message;
    }

    // The name of the route `router` gives `path`, "" when none does.
    static std::string route(const http::Router& router, std::string_view path) {
        const auto* r = router.match(path);
        return r ? r->name : "";
    }

    fs::path dir_;
    config::Config config_;
    std::unique_ptr<Foundation> foundation_;
    std::unique_ptr<Keep> keep_;
    http::Router router_, ops_;
};

TEST_F(InstallTest, EveryWayInIsInstalledByDefault) {
    install();
    EXPECT_EQ(route(router_, "/iiif/3/photo.jpg/info.json"), "iiif3");
    EXPECT_EQ(route(router_, "/iiif/2/photo.jpg/info.json"), "iiif2");
    EXPECT_EQ(route(router_, "/iiif-img/2/1/photo.jpg/info.json"), "dlcs_image");
    EXPECT_EQ(route(router_, "/thumbs/2/1/photo.jpg/info.json"), "dlcs_thumbs");
    EXPECT_EQ(route(router_, "/api/display/photo.jpg"), "display");
    EXPECT_EQ(route(router_, "/v1/file/File:photo.jpg"), "file");
    EXPECT_EQ(route(router_, "/app/api/json/imaging/thumb/photo.jpg"), "imaging");
    EXPECT_EQ(route(router_, "/imageconverter/getImage/k/auto"), "imageconverter");
    EXPECT_EQ(route(router_, "/metrics"), "metrics");
    EXPECT_EQ(route(router_, "/healthz"), "healthz");
    EXPECT_EQ(route(router_, "/openapi.json"), "openapi");
    // The admin API needs both of its credentials configured.
    EXPECT_NE(route(router_, "/admin/assets"), "admin");
}

TEST_F(InstallTest, AWayInThatIsNotExposedHasNoRoute) {
    config_.expose.dlcs = false;
    config_.expose.converter = false;
    config_.expose.display = false;
    install();
    EXPECT_EQ(route(router_, "/iiif/3/photo.jpg/info.json"), "iiif3");
    EXPECT_EQ(route(router_, "/iiif-img/2/1/photo.jpg/info.json"), "");
    EXPECT_EQ(route(router_, "/imageconverter/getImage/k/auto"), "");
    EXPECT_EQ(route(router_, "/api/display/photo.jpg"), "");
    EXPECT_EQ(route(router_, "/v1/file/File:photo.jpg"), "file");
}

TEST_F(InstallTest, TheOperatorListenerTakesTheOperatorPages) {
    install(/*ops_listener=*/true);
    EXPECT_EQ(route(router_, "/metrics"), "");
    EXPECT_EQ(route(ops_, "/metrics"), "metrics");
    EXPECT_EQ(route(ops_, "/readyz"), "readyz");
    EXPECT_EQ(route(ops_, "/imageconverter/status"), "imageconverter");
    EXPECT_EQ(route(router_, "/healthz"), "healthz"); // a load balancer's check stays
}

TEST_F(InstallTest, TheAdminApiAndConsoleWithBothCredentials) {
    config_.admin.user = "admin";
    config_.admin.password = "a long enough password";
    install();
    EXPECT_EQ(route(router_, "/admin/assets"), "admin");
    EXPECT_EQ(route(router_, "/admin/seen-by/anonymous/iiif/3/photo.jpg/info.json"),
              "admin_seen_by");
}

TEST_F(InstallTest, ABadSettingStopsTheFoundationNamingIt) {
    config_.signing.keys = {"no-equals-sign"};
    auto laid = lay_foundation(config_);
    ASSERT_FALSE(laid);
    EXPECT_NE(laid.error().message.find("signing.keys"), std::string::npos) << laid.error().message;
}

} // namespace
} // namespace pictor::app
