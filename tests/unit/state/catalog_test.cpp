// The catalog on both state databases — SQLite and PostgreSQL (a server of the tests' own):
// migrations, assets with roles, users, sessions and tokens.
#include <filesystem>

#include <gtest/gtest.h>

#include "state/catalog.h"
#include "support/postgres_server.h"

namespace pictor::state {
namespace {

// A database name or file name from the test's name ("Catalog_Sqlite_Migrations…").
std::string test_name() {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

class CatalogTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("pictor-catalog-" + std::to_string(::getpid()) + "-" + test_name());
        std::filesystem::create_directories(dir_);
        url_ = GetParam() == "postgres"
                   ? test::PostgresServer::shared().fresh_database("catalog_" + test_name())
                   : "sqlite:" + (dir_ / "catalog.sqlite").string();
        auto c = Catalog::open(url_);
        ASSERT_TRUE(c) << c.error().message;
        catalog_ = std::move(*c);
    }
    void TearDown() override {
        catalog_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    std::string url_;
    std::unique_ptr<Catalog> catalog_;
};

INSTANTIATE_TEST_SUITE_P(Backends, CatalogTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

TEST_P(CatalogTest, MigrationsApplyOnceAndSurviveReopen) {
    EXPECT_EQ(catalog_->schema_version(), catalog_migrations().back().version);
    EXPECT_EQ(postgres_migrations().back().version, catalog_migrations().back().version)
        << "every migration has its PostgreSQL twin";
    ASSERT_TRUE(catalog_->add_role("staff"));
    catalog_.reset();
    auto again = Catalog::open(url_);
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)->roles()->size(), 1u);
}

TEST_P(CatalogTest, EveryPolicyChangeMovesThePoliciesVersion) {
    auto v0 = catalog_->policies_version();
    ASSERT_TRUE(v0) << v0.error().detail;
    ASSERT_TRUE(catalog_->add_role("staff"));
    EXPECT_EQ(*catalog_->policies_version(), *v0) << "a new role changes no policy";
    AssetRecord a;
    a.id = "photo.jpg";
    a.roles = {"staff"};
    ASSERT_TRUE(catalog_->put_asset(a));
    auto v1 = *catalog_->policies_version();
    EXPECT_GT(v1, *v0);
    ASSERT_TRUE(catalog_->delete_role("staff")); // leaves the asset open
    auto v2 = *catalog_->policies_version();
    EXPECT_GT(v2, v1);
    ASSERT_TRUE(catalog_->delete_asset("photo.jpg"));
    EXPECT_GT(*catalog_->policies_version(), v2);
}

TEST_P(CatalogTest, AssetsWithRolesAndUnknownRoles) {
    ASSERT_TRUE(catalog_->add_role("staff"));
    AssetRecord a;
    a.id = "dir/photo.jpg";
    a.roles = {"staff"};
    a.max_width = 1000;
    a.open_full_max = 400;
    a.width = 6000;
    a.height = 4000;
    ASSERT_TRUE(catalog_->put_asset(a));
    auto got = catalog_->asset("dir/photo.jpg");
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->roles, std::vector<std::string>{"staff"});
    EXPECT_EQ((*got)->open_full_max, 400);
    a.roles = {"nobody"};
    auto bad = catalog_->put_asset(a);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::ErrorCode::BadRequest);
    EXPECT_EQ((*catalog_->asset("dir/photo.jpg"))->roles, std::vector<std::string>{"staff"});
    // Deleting a role takes it off its assets.
    ASSERT_TRUE(catalog_->delete_role("staff"));
    EXPECT_TRUE((*catalog_->asset("dir/photo.jpg"))->roles.empty());
    EXPECT_TRUE(*catalog_->delete_asset("dir/photo.jpg"));
    EXPECT_FALSE(*catalog_->asset("dir/photo.jpg"));
}

TEST_P(CatalogTest, SessionsCarryTheUsersCurrentRolesAndTokensDieWithThem) {
    ASSERT_TRUE(catalog_->add_role("staff"));
    ASSERT_TRUE(catalog_->put_user("alice", "hash", 1));
    ASSERT_TRUE(catalog_->set_user_roles("alice", {"staff"}));
    SessionRecord s;
    s.id_hash = "h1";
    s.user = "alice";
    s.created_s = 100;
    s.expires_s = 200;
    ASSERT_TRUE(catalog_->create_session(s));
    ASSERT_TRUE(catalog_->create_token({"t1", "h1", 150}));
    auto live = catalog_->session("h1", 150);
    ASSERT_TRUE(live && *live);
    EXPECT_EQ((*live)->roles, std::vector<std::string>{"staff"});
    EXPECT_FALSE(*catalog_->session("h1", 200)); // expired
    EXPECT_EQ(**catalog_->session_expiry("h1"), 200);
    ASSERT_TRUE(catalog_->delete_session("h1"));
    EXPECT_FALSE(*catalog_->token("t1"));
    EXPECT_FALSE(catalog_->set_user_roles("nobody", {}));
}

} // namespace
} // namespace pictor::state
