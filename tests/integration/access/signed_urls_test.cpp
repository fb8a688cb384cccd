// Signed URLs as a CMS publishes them (signing.required for display, files, imaging transforms
// and converter reads): a URL signed with `pictor sign` is answered; unsigned, tampered or
// expired ones are 403 in the dialect's error format, never rendered and never cached; a file
// listing's links come signed; a bad signature takes as long whatever part of it matches.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "integration/converter/converter_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kKeys = {"signing.keys=new=the-new-secret-of-2026 "
                                        "old=the-old-secret-of-2025",
                                        "signing.required=display files imaging converter"};

class SignedUrls : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        dir_ = make_temp_dir("signing");
        std::ofstream(dir_ / "actions.json")
            << R"({"actions": {"web": {"description": "400 px", "commands": "w_400,c_resize"}}})";
        auto settings = kKeys;
        settings.insert(settings.end(), {"imaging.actions=" + (dir_ / "actions.json").string(),
                                         "converter.user=ox", "converter.password=secret-pw"});
        server_ = std::make_unique<ServerProcess>(root_->path(), settings);
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
        fs::remove_all(dir_);
    }
    // `pictor sign` with the server's keys: the CLI a CMS's operator checks their code against.
    static std::string sign(const std::string& path, const std::string& more = "") {
        std::string out;
        std::string args = "sign --set '" + kKeys[0] + "' " + more + " '" + path + "'";
        EXPECT_EQ(run_pictor(args, &out), 0) << out;
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
            out.pop_back();
        return out;
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
    static inline fs::path dir_;
};

TEST_F(SignedUrls, SignedRequestsAreAnsweredAndOthersRefusedInTheDialectsFormat) {
    const std::string path = "/api/display/photo.jpg?size=10";
    // Unsigned first: refused, and nothing is rendered or cached for it.
    auto unsigned_answer = get(path);
    EXPECT_EQ(unsigned_answer.status, 403);
    auto error = nlohmann::json::parse(unsigned_answer.body);
    EXPECT_EQ(error["status"], 403); // OpenAtlas's error shape
    EXPECT_NE(error["message"].get<std::string>().find("signed URL required"), std::string::npos);
    EXPECT_NE(unsigned_answer.header("cache-control").find("no-store"), std::string::npos);
    auto first = get(sign(path));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.header("x-pictor-cache"), "miss") << "the refused request rendered nothing";
    EXPECT_EQ(decode(first.body).width, 600);
    EXPECT_EQ(get(sign(path)).header("x-pictor-cache"), "hit");
    EXPECT_EQ(get(path).status, 403) << "a cached answer is not served unsigned";
    // Both keys verify (rotation); an expired URL does not.
    EXPECT_EQ(get(sign(path, "--key old")).status, 200);
    EXPECT_EQ(get(sign(path, "--expires-in 60")).status, 200);
    EXPECT_EQ(get(sign(path, "--expires-in -1")).status, 403);
    // A signature of one path never opens another.
    std::string signed_url = sign(path);
    std::string other = signed_url;
    other.replace(other.find("photo.jpg"), 9, "small.gif");
    EXPECT_EQ(get(other).status, 403);
}

TEST_F(SignedUrls, EveryGuardedDialectChecksAndListingsCarrySignedLinks) {
    // MediaWiki's file API: the listing itself, then its links as they come.
    EXPECT_EQ(get("/v1/file/photo.jpg/thumbnails").status, 403);
    auto listing = get(sign("/v1/file/photo.jpg/thumbnails"));
    ASSERT_EQ(listing.status, 200) << listing.body;
    auto doc = nlohmann::json::parse(listing.body);
    std::string thumb = doc["thumbnails"][0]["url"];
    ASSERT_NE(thumb.find("?sig=new."), std::string::npos) << thumb;
    auto t = http_get(thumb);
    ASSERT_EQ(t.status, 200) << thumb;
    EXPECT_EQ(decode(t.body).width, doc["thumbnails"][0]["width"].get<int>());
    EXPECT_EQ(http_get(doc["original"]["url"].get<std::string>()).status, 200);
    auto refused = get("/thumb/photo.jpg/120px-photo.jpg");
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(nlohmann::json::parse(refused.body)["errorKey"], "rest-permission-denied-title");
    EXPECT_EQ(get("/original/photo.jpg").status, 403);
    // Imaging: a named action is the site's own; a transform needs a signature.
    EXPECT_EQ(get("/app/api/json/imaging/web/photo.jpg").status, 200);
    auto transform = get("/app/api/json/imaging/web/photo.jpg/w_100");
    EXPECT_EQ(transform.status, 403);
    EXPECT_EQ(get(sign("/app/api/json/imaging/web/photo.jpg/w_100")).status, 200);
    // The converter: reads need a signature (writes need its credentials anyway).
    std::string body = multipart({{"sourceImage", read_bytes(root_->path() / "small.gif")}});
    ASSERT_EQ(post(*server_, "cacheImage/k1", body).status, 200);
    auto read = get("/imageconverter/getImage/k1/jpg:40x40");
    EXPECT_EQ(read.status, 403);
    EXPECT_EQ(nlohmann::json::parse(read.body)["code"], 403);
    EXPECT_EQ(get(sign("/imageconverter/getImage/k1/jpg:40x40")).status, 200);
    // IIIF is not guarded: viewers build tile URLs themselves.
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/40,/0/default.jpg").status, 200);
}

// A bad signature is compared whole, in constant time: one wrong in its first character and one
// wrong only in its last take the same time (medians of 1,000 tries each, alternated).
TEST_F(SignedUrls, BadSignatureTimingDoesNotDependOnHowMuchMatches) {
    std::string good = sign("/api/display/photo.jpg?size=10");
    std::string value = good.substr(good.size() - 43);
    std::string stem = good.substr(0, good.size() - 43);
    std::string wrong_first = stem + (value[0] == 'A' ? 'B' : 'A') + value.substr(1);
    std::string wrong_last = stem + value.substr(0, 42) + (value[42] == 'A' ? 'B' : 'A');
    std::vector<double> first_ms, last_ms;
    auto time = [&](const std::string& url, std::vector<double>& into) {
        auto t0 = std::chrono::steady_clock::now();
        EXPECT_EQ(get(url).status, 403);
        into.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    };
    for (int i = 0; i < 1000; ++i) {
        time(wrong_first, first_ms);
        time(wrong_last, last_ms);
    }
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        return v[v.size() / 2];
    };
    double a = median(first_ms), b = median(last_ms);
    EXPECT_LT(std::abs(a - b) / std::min(a, b), 0.25) << a << " ms against " << b << " ms";
}

} // namespace
} // namespace pictor::test
