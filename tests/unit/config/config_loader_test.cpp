#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "config/config_fields.h"
#include "config/config_loader.h"

namespace pictor::config {
namespace {

// CTest runs every test in its own process, side by side: a counter alone would give two
// processes the same file name, so the name holds the process id too.
std::string write_toml(const std::string& text) {
    static int n = 0;
    std::string path = ::testing::TempDir() + "pictor-config-" + std::to_string(::getpid()) + "-" +
                       std::to_string(++n) + ".toml";
    std::ofstream(path) << text;
    return path;
}

ConfigSources base() {
    ConfigSources s;
    s.overrides.emplace_back("store.images", ::testing::TempDir());
    return s;
}

TEST(ConfigLoader, DefaultsAreValid) {
    auto c = load_config(base());
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->server.port, 8080);
    EXPECT_EQ(c->limits.max_width, 10000);
}

TEST(ConfigLoader, TomlThenEnvironmentThenFlags) {
    auto s = base();
    s.toml_file =
        write_toml("[server]\nport = 9000\nhost = \"0.0.0.0\"\n[limits]\nmax_width = 5000\n"
                   "[iiif]\nthumbnail_sizes = [\"!300,300\", \"!150,150\"]\n");
    s.environment = {{"PICTOR_SERVER_PORT", "9100"}, {"PICTOR_CONFIG", "ignored"}};
    auto c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->server.port, 9100);
    EXPECT_EQ(c->server.host, "0.0.0.0");
    EXPECT_EQ(c->limits.max_width, 5000);
    EXPECT_EQ(c->iiif.thumbnail_sizes, (std::vector<std::string>{"!300,300", "!150,150"}));
    s.overrides.emplace_back("server.port", "9200");
    EXPECT_EQ(load_config(s)->server.port, 9200);
}

TEST(ConfigLoader, UnknownKeysAreNamed) {
    auto s = base();
    s.toml_file = write_toml("[server]\nprot = 1\n");
    auto c = load_config(s);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("'server.prot'"), std::string::npos) << c.error().message;

    auto e = base();
    e.environment = {{"PICTOR_SERVER_PROT", "1"}};
    ASSERT_FALSE(load_config(e));
    EXPECT_NE(load_config(e).error().message.find("PICTOR_SERVER_PROT"), std::string::npos);

    auto f = base();
    f.overrides.emplace_back("nope.key", "1");
    EXPECT_NE(load_config(f).error().message.find("'nope.key'"), std::string::npos);
}

TEST(ConfigLoader, BadValuesAreNamed) {
    for (auto [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"server.port", "70000"},
                                                          {"server.port", "80x"},
                                                          {"limits.max_width", "-1"},
                                                          {"iiif.upscaling", "maybe"},
                                                          {"log.level", "loud"},
                                                          {"display.sizes", "thumbnail"},
                                                          {"display.sizes", "Big=100"},
                                                          {"display.sizes", "huge=20000"},
                                                          {"thumbnails.steps", "20 abc"},
                                                          {"thumbnails.steps", "0"},
                                                          {"thumbnails.steps", ""},
                                                          {"dlcs.spaces", "1=photos"},
                                                          {"dlcs.spaces", "1/2"},
                                                          {"dlcs.spaces", "1/2=/etc"},
                                                          {"dlcs.spaces", "1/2=a/../b"},
                                                          {"dlcs.spaces", "../2=a"},
                                                          {"dlcs.default_version", "4"},
                                                          {"cache.max_bytes", "10"},
                                                          {"cache.shared", "https://b/p/"},
                                                          {"cache.shared", "s3:///p/"},
                                                          {"cache.shared", "s3://"},
                                                          {"cache.shared", "s3://b/a b/"},
                                                          {"auth.session_cache_ms", "-1"},
                                                          {"auth.session_cache_ms", "soon"},
                                                          {"pyramid.min_pixels", "-1"},
                                                          {"pyramid.builders", "0"},
                                                          {"pyramid.builders", "many"},
                                                          {"pyramid.queue", "0"},
                                                          {"pyramid.max_bytes", "10"}}) {
        auto s = base();
        s.overrides.emplace_back(key, value);
        auto c = load_config(s);
        ASSERT_FALSE(c) << key << "=" << value;
        EXPECT_NE(c.error().message.find("'" + key + "'"), std::string::npos) << c.error().message;
    }
}

TEST(ConfigLoader, ListsTakeStringsOrIntegersAndParse) {
    ConfigSources s = base();
    s.toml_file = write_toml("[thumbnails]\nsteps = [500, 20, 120, 20]\n"
                             "[display]\nsizes = [\"poster=800\", \"icon=30\"]\n");
    auto c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->thumbnail_steps(), (std::vector<int>{20, 120, 500}));
    auto sizes = c->display_sizes();
    ASSERT_EQ(sizes.size(), 2u);
    EXPECT_EQ(sizes[0], (std::pair<std::string, int>{"poster", 800}));
    EXPECT_EQ(c->cache_dir(), "data/cache");
}

TEST(ConfigLoader, MissingImageDirectoryStopsStartUp) {
    ConfigSources s;
    s.overrides.emplace_back("store.images", "/nonexistent/pictor");
    auto c = load_config(s);
    ASSERT_TRUE(c); // `pictor process` needs no image directory
    auto v = c->validate_for_serving();
    ASSERT_FALSE(v);
    EXPECT_NE(v.error().message.find("store.images"), std::string::npos);
}

TEST(ConfigLoader, MalformedTomlIsAnError) {
    auto s = base();
    s.toml_file = write_toml("[server\nport = ");
    EXPECT_FALSE(load_config(s));
}

TEST(ConfigFields, EnvironmentNames) { EXPECT_EQ(env_name("server.port"), "PICTOR_SERVER_PORT"); }

} // namespace
} // namespace pictor::config
