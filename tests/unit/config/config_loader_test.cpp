#include <filesystem>
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

// `make run` serves with config/pictor.toml from the source tree: its relative paths are read
// against config/, so they must name the samples, data, actions file and front-end build there.
TEST(ConfigLoader, MakeRunConfigNamesTheSourceTreesFolders) {
    std::filesystem::path root = PICTOR_SOURCE_DIR;
    ConfigSources s = base();
    s.toml_file = (root / "config/pictor.toml").string();
    auto c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->store.data, (root / "data").string());
    EXPECT_EQ(c->imaging.actions, (root / "config/imaging-actions.json").string());
    EXPECT_TRUE(std::filesystem::is_regular_file(c->imaging.actions));
    EXPECT_EQ(c->ui.dir, (root / "web/dist").string());
    // store.images is overridden above (the samples may not be made yet): read it raw.
    std::ifstream toml(*s.toml_file);
    std::string text((std::istreambuf_iterator<char>(toml)), {});
    EXPECT_NE(text.find("images = \"../samples\""), std::string::npos);
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
                                                          {"pyramid.max_bytes", "10"},
                                                          {"pyramid.decoded_copy_max_pixels", "-1"},
                                                          {"log.format", "xml"}}) {
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
    EXPECT_EQ(c->thumbnails.widths(), (std::vector<int>{20, 120, 500}));
    auto sizes = c->display.named_sizes();
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

TEST(ConfigLoader, RelativePathsInAFileAreReadAgainstItsFolder) {
    namespace fs = std::filesystem;
    auto folder = fs::path(::testing::TempDir()) / ("pictor-etc-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    auto file = folder / "pictor.toml";
    std::ofstream(file) << "[store]\ndata = \"data\"\n[cache]\ndir = \"../cache\"\n"
                           "[catalog]\nurl = \"sqlite:state/catalog.sqlite\"\n"
                           "[imaging]\nactions = \"/srv/actions.json\"\n"
                           "[server]\nhost = \"localhost\"\n";
    auto s = base();
    s.toml_file = file.string();
    auto c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->store.data, (folder / "data").string());
    EXPECT_EQ(c->cache.dir, (folder.parent_path() / "cache").string());
    EXPECT_EQ(c->catalog.url, "sqlite:" + (folder / "state/catalog.sqlite").string());
    EXPECT_EQ(c->imaging.actions, "/srv/actions.json"); // absolute: as written
    EXPECT_EQ(c->server.host, "localhost");             // not a path

    // On the command line and in the environment, the working directory's.
    s.overrides.emplace_back("store.data", "here");
    s.environment = {{"PICTOR_PYRAMID_DIR", "sidecars"}};
    c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->store.data, "here");
    EXPECT_EQ(c->pyramid.dir, "sidecars");

    // A PostgreSQL URL is not a path.
    std::ofstream(file) << "[catalog]\nurl = \"postgresql://pictor@db/pictor\"\n";
    c = load_config(s);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->catalog.url, "postgresql://pictor@db/pictor");
    fs::remove_all(folder);
}

TEST(ConfigLoader, KubernetesServiceLinksAreSkippedWithAWarning) {
    auto s = base();
    s.environment = {
        {"PICTOR_PORT", "tcp://10.0.0.7:8080"},    {"PICTOR_PORT_8080_TCP", "tcp://10.0.0.7:8080"},
        {"PICTOR_PORT_8080_TCP_ADDR", "10.0.0.7"}, {"PICTOR_SERVICE_HOST", "10.0.0.7"},
        {"PICTOR_SERVICE_PORT_HTTP", "8080"},      {"PICTOR_SERVER_PORT", "9100"}};
    std::vector<std::string> warnings;
    auto c = load_config(s, &warnings);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->server.port, 9100);
    ASSERT_EQ(warnings.size(), 5u);
    EXPECT_NE(warnings[0].find("PICTOR_PORT"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("Kubernetes"), std::string::npos) << warnings[0];
    // Other unknown PICTOR_* names still stop start-up.
    s.environment["PICTOR_PORTS"] = "1";
    EXPECT_FALSE(load_config(s));
}

TEST(ConfigFields, EnvironmentNames) { EXPECT_EQ(env_name("server.port"), "PICTOR_SERVER_PORT"); }

} // namespace
} // namespace pictor::config
