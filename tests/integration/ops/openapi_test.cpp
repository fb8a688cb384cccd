// /openapi.json documents every route the server registers, and nothing else.
#include <array>
#include <cstdio>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

struct Route {
    std::string pattern;
    bool prefix;
};

std::vector<Route> registered_routes(const std::filesystem::path& images) {
    auto data = make_temp_dir("routes");
    std::string cmd = pictor_binary() + " serve --list-routes --images " + images.string() +
                      " --data " + data.string() +
                      " --set admin.user=admin --set admin.password=secret-pw";
    std::vector<Route> out;
    FILE* p = ::popen(cmd.c_str(), "r");
    std::array<char, 512> line{};
    while (p && std::fgets(line.data(), line.size(), p)) {
        std::string pattern, kind, name;
        std::istringstream in(line.data());
        in >> pattern >> kind >> name;
        if (pattern.starts_with("/")) // log lines (a missing front-end build) are not routes
            out.push_back({pattern, kind == "prefix"});
    }
    if (p) ::pclose(p);
    std::filesystem::remove_all(data);
    return out;
}

bool covers(const Route& r, const std::string& path) {
    return r.prefix ? path.rfind(r.pattern, 0) == 0 : path == r.pattern;
}

// "/iiif/3/{identifier}/info.json" -> "/iiif/3/photo.jpg/info.json"
std::string instantiate(std::string path) {
    const std::vector<std::pair<std::string, std::string>> values = {
        {"{identifier}", "photo.jpg"},
        {"{id}", "photo.jpg"},
        {"{region}", "full"},
        {"{size}", "max"},
        {"{rotation}", "0"},
        {"{quality}", "default"},
        {"{format}", "jpg"},
        {"{file}", "120px-photo.jpg"},
        {"{name}", "staff"},
        {"{imageKey}", "some-key"},
        {"{requestFormat}", "auto:200x150"},
        {"{action}", "no-such-action"},
        {"{transform}", "c_flip"},
        {"{customer}", "1"},
        {"{space}", "1"},
        {"{image}", "photo.jpg"},
        {"{version}", "v2"},
        {"{key}", "some-key"},
        {"{viewer}", "anonymous"},
        {"{folder}", "collection"}};
    for (const auto& [k, v] : values)
        for (auto at = path.find(k); at != std::string::npos; at = path.find(k))
            path.replace(at, k.size(), v);
    return path;
}

// With the admin API on, so its routes are listed and answer.
class OpenApi : public PictorTest {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw"});
    }
};

TEST_F(OpenApi, DocumentsEveryRouteAndOnlyThose) {
    auto r = get("/openapi.json");
    ASSERT_EQ(r.status, 200);
    auto doc = nlohmann::json::parse(r.body);
    EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
    auto routes = registered_routes(root_->path());
    ASSERT_GE(routes.size(), 10u);
    std::set<std::string> documented;
    for (auto& [path, item] : doc["paths"].items()) {
        documented.insert(path);
        for (auto& [method, operation] : item.items())
            EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
        bool routed = false;
        for (const auto& route : routes)
            routed = routed || covers(route, path);
        EXPECT_TRUE(routed) << path << " is documented but no route serves it";
        // And the server really answers it (not the router's own 404).
        auto answer = get(instantiate(path));
        EXPECT_NE(answer.body, "no such resource\n") << path;
        EXPECT_LT(answer.status, 500) << path;
    }
    for (const auto& route : routes) {
        bool found = false;
        for (const auto& path : documented)
            found = found || covers(route, path);
        EXPECT_TRUE(found) << route.pattern << " is served but not documented";
    }
}

TEST_F(OpenApi, UnknownPathsGetTheRoutersNotFound) {
    EXPECT_EQ(get("/nope").status, 404);
    EXPECT_EQ(get("/nope").body, "no such resource\n");
}

} // namespace
} // namespace pictor::test
