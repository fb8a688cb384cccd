// DLCS's delivery URLs, called as a DLCS manifest's links and a DLCS viewer call them:
// /iiif-img/{customer}/{space}/{image} (and /iiif-img/v2/…), /thumbs/…, and the Auth 2 probe
// /auth/v2/probe/{customer}/{space}/{image}. Customer 7, space 3 is the image root of the
// access fixture (dlcs.spaces = "7/3="), so the policies of the access scenarios' apply.
#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

class Dlcs : public AccessServer {};

TEST_F(Dlcs, ImageServiceAliasAnswersAsTheIiifService) {
    auto info = get_as("", "/iiif-img/7/3/s1.jpg/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    auto j = json::parse(info.body);
    EXPECT_EQ(j["id"], server_->url("/iiif-img/7/3/s1.jpg")); // tiles come back through DLCS
    EXPECT_EQ(j["type"], "ImageService3");
    EXPECT_EQ(j["width"], 6000);
    // The same image, the same cache entry as the IIIF address.
    auto alias = get_as("", "/iiif-img/7/3/s1.jpg/full/300,/0/default.jpg");
    auto direct = get_as("", "/iiif/3/s1.jpg/full/300,/0/default.jpg");
    ASSERT_EQ(alias.status, 200);
    EXPECT_EQ(alias.header("etag"), direct.header("etag"));
    auto d = decode(alias.body);
    EXPECT_EQ(d.width, 300);
    EXPECT_EQ(d.height, 200);
    EXPECT_NE(alias.header("link").find(server_->url("/iiif-img/7/3/s1.jpg/full/300,200/0/")),
              std::string::npos)
        << alias.header("link");
    // A tile, as a deep-zoom viewer asks for it.
    auto tile = get_as("", "/iiif-img/7/3/s1.jpg/512,512,512,512/512,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 512);
}

TEST_F(Dlcs, VersionSlugsAndRedirects) {
    auto v2 = get_as("", "/iiif-img/v2/7/3/s1.jpg/info.json");
    ASSERT_EQ(v2.status, 200);
    auto j = json::parse(v2.body);
    EXPECT_EQ(j["@id"], server_->url("/iiif-img/v2/7/3/s1.jpg"));
    EXPECT_EQ(j["@context"], "http://iiif.io/api/image/2/context.json");
    EXPECT_EQ(decode(get_as("", "/iiif-img/v2/7/3/s1.jpg/full/full/0/default.jpg").body).width,
              6000);
    // The default version's canonical info.json is the unversioned one.
    auto v3 = get_as("", "/iiif-img/v3/7/3/s1.jpg/info.json");
    EXPECT_EQ(v3.status, 302);
    EXPECT_EQ(v3.header("location"), server_->url("/iiif-img/7/3/s1.jpg/info.json"));
    // DLCS's orchestration switch has nothing to switch here.
    EXPECT_EQ(get_as("", "/iiif-img/7/3/s1.jpg/info.json?noOrchestrate=true").status, 200);
    auto base = get_as("", "/iiif-img/7/3/s1.jpg");
    EXPECT_EQ(base.status, 303);
    EXPECT_EQ(base.header("location"), server_->url("/iiif-img/7/3/s1.jpg/info.json"));
}

TEST_F(Dlcs, AccessRulesApplyThroughTheAlias) {
    // s4: staff only. Anonymous gets the 401 info.json naming DLCS's probe address.
    auto info = get_as("", "/iiif-img/7/3/s4.jpg/info.json");
    ASSERT_EQ(info.status, 401);
    auto j = json::parse(info.body);
    EXPECT_EQ(j["service"][0]["id"], server_->url("/auth/v2/probe/7/3/s4.jpg"));
    EXPECT_EQ(get_as("", "/iiif-img/7/3/s4.jpg/0,0,512,512/512,/0/default.jpg").status, 401);
    EXPECT_EQ(get_as(bob_, "/iiif-img/7/3/s4.jpg/0,0,512,512/512,/0/default.jpg").status, 403);
    auto staff = get_as(alice_, "/iiif-img/7/3/s4.jpg/0,0,512,512/512,/0/default.jpg");
    ASSERT_EQ(staff.status, 200);
    EXPECT_NE(staff.header("cache-control").find("private"), std::string::npos);
    // The probe at DLCS's address, without and with a token.
    EXPECT_EQ(probe("7/3/s4.jpg", "")["status"], 401);
    auto [message, target] = token_page(alice_, std::string("messageId=d&origin=") + kOrigin);
    ASSERT_TRUE(message.contains("accessToken")) << message.dump();
    EXPECT_EQ(probe("7/3/s4.jpg", message["accessToken"])["status"], 200);
    EXPECT_EQ(probe("7/3/nothing.jpg", "")["status"], 404);
    // maxWidth (s2: 1000) holds on the alias as on IIIF.
    EXPECT_EQ(get_as("", "/iiif-img/7/3/s2.jpg/full/1200,/0/default.jpg").status, 400);
}

TEST_F(Dlcs, ThumbsAreALevelZeroServiceOfTheOpenSizes) {
    auto info = get_as("", "/thumbs/7/3/s1.jpg/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    auto j = json::parse(info.body);
    EXPECT_EQ(j["id"], server_->url("/thumbs/7/3/s1.jpg"));
    EXPECT_EQ(j["profile"], "level0");
    EXPECT_FALSE(j.contains("tiles"));
    ASSERT_EQ(j["sizes"].size(), 4u); // !1024,1024 !400,400 !200,200 !100,100
    EXPECT_EQ(j["maxWidth"], 1024);
    for (const auto& s : j["sizes"]) {
        int w = s["width"], h = s["height"];
        auto r = get_as("", "/thumbs/7/3/s1.jpg/full/" + std::to_string(w) + "," +
                                std::to_string(h) + "/0/default.jpg");
        ASSERT_EQ(r.status, 200) << w;
        auto d = decode(r.body);
        EXPECT_EQ(d.width, w);
        EXPECT_EQ(d.height, h);
        EXPECT_EQ(r.header("cache-control").find("private"), std::string::npos);
    }
    EXPECT_EQ(decode(get_as("", "/thumbs/7/3/s1.jpg/full/!400,400/0/default.jpg").body).width, 400);
    EXPECT_EQ(decode(get_as("", "/thumbs/7/3/s1.jpg/full/max/0/default.jpg").body).width, 1024);
    // Not a listed size: 404; not what a level 0 thumbnail service offers: 400.
    EXPECT_EQ(get_as("", "/thumbs/7/3/s1.jpg/full/500,/0/default.jpg").status, 404);
    EXPECT_EQ(get_as("", "/thumbs/7/3/s1.jpg/0,0,100,100/100,/0/default.jpg").status, 400);
    EXPECT_EQ(get_as("", "/thumbs/7/3/s1.jpg/full/100,/90/default.jpg").status, 400);
    EXPECT_EQ(get_as("", "/thumbs/7/3/s1.jpg/full/100,/0/gray.jpg").status, 400);
    EXPECT_EQ(get_as("", "/thumbs/7/3/s1.jpg/full/100,/0/default.png").status, 400);
}

TEST_F(Dlcs, ThumbsFollowTheOpenSquare) {
    // s6: staff only, openFullMax 400: thumbnails up to 400 for everyone, nothing larger,
    // even for staff (the thumbnail channel is the open one).
    auto j = json::parse(get_as("", "/thumbs/7/3/s6.jpg/info.json").body);
    ASSERT_EQ(j["sizes"].size(), 3u);
    EXPECT_EQ(j["maxWidth"], 400);
    auto open = get_as("", "/thumbs/7/3/s6.jpg/full/400,267/0/default.jpg");
    ASSERT_EQ(open.status, 200);
    EXPECT_EQ(decode(open.body).width, 400);
    EXPECT_EQ(get_as(alice_, "/thumbs/7/3/s6.jpg/full/1024,683/0/default.jpg").status, 404);
    // s4: staff only, no open square: no thumbnails at all, so no thumbnail service (DLCS: 404).
    EXPECT_EQ(get_as("", "/thumbs/7/3/s4.jpg/info.json").status, 404);
    EXPECT_EQ(get_as(alice_, "/thumbs/7/3/s4.jpg/info.json").status, 404);
    EXPECT_EQ(get_as(alice_, "/thumbs/7/3/s4.jpg/full/max/0/default.jpg").status, 404);
}

// DLCS Thumbs answers are public: the open sizes are the same for everyone, so a CDN may keep
// them even for a role-protected asset.
TEST_F(Dlcs, ThumbsOfAProtectedAssetArePublic) {
    std::string etag;
    for (const std::string& who : {std::string(), alice_, bob_}) {
        auto r = get_as(who, "/thumbs/7/3/s6.jpg/full/400,267/0/default.jpg");
        ASSERT_EQ(r.status, 200) << who;
        EXPECT_NE(r.header("cache-control").find("public"), std::string::npos)
            << r.header("cache-control");
        EXPECT_EQ(r.header("vary").find("Cookie"), std::string::npos) << r.header("vary");
        if (etag.empty()) etag = r.header("etag");
        EXPECT_EQ(r.header("etag"), etag) << "the same answer for every viewer";
    }
    auto info = get_as(alice_, "/thumbs/7/3/s6.jpg/info.json");
    EXPECT_NE(info.header("cache-control").find("public"), std::string::npos);
}

// A DLCS client asking for a version by its Accept header's profile (as IIIF clients do on an
// unversioned URL) gets that version's info.json, and caches are told it depends on Accept.
TEST_F(Dlcs, UnversionedInfoJsonFollowsTheAcceptProfile) {
    const std::string v2 =
        "Accept: application/ld+json;profile=\"http://iiif.io/api/image/2/context.json\"";
    const std::string v3 =
        "Accept: application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"";
    for (const char* path : {"/iiif-img/7/3/s1.jpg/info.json", "/thumbs/7/3/s1.jpg/info.json"}) {
        auto two = http_get(server_->url(path), {v2});
        ASSERT_EQ(two.status, 200) << path;
        EXPECT_EQ(json::parse(two.body)["@context"], "http://iiif.io/api/image/2/context.json")
            << path;
        EXPECT_NE(two.header("vary").find("Accept"), std::string::npos) << path;
        auto three = http_get(server_->url(path), {v3});
        EXPECT_EQ(json::parse(three.body)["type"], "ImageService3") << path;
        auto plain = http_get(server_->url(path));
        EXPECT_EQ(json::parse(plain.body)["type"], "ImageService3") << path; // the default
    }
}

// A viewer asking for a listed thumbnail by one edge (`,267` as a client derives it from the
// listed 400x267) gets that thumbnail: rounding the other edge back is not a different size.
TEST_F(Dlcs, AThumbnailAskedByOneEdgeIsTheListedOne) {
    auto j = json::parse(get_as("", "/thumbs/7/3/s1.jpg/info.json").body);
    for (const auto& s : j["sizes"]) {
        int w = s["width"], h = s["height"];
        for (const std::string& size : {"," + std::to_string(h), std::to_string(w) + ","}) {
            auto r = get_as("", "/thumbs/7/3/s1.jpg/full/" + size + "/0/default.jpg");
            ASSERT_EQ(r.status, 200) << size << ": " << r.body;
            auto d = decode(r.body);
            EXPECT_EQ(d.width, w) << size;
            EXPECT_EQ(d.height, h) << size;
        }
    }
}

// The default version's versioned base URI goes to its canonical info.json in one redirect.
TEST_F(Dlcs, TheDefaultVersionsBaseUriRedirectsOnce) {
    auto base = get_as("", "/iiif-img/v3/7/3/s1.jpg");
    EXPECT_EQ(base.status, 303);
    EXPECT_EQ(base.header("location"), server_->url("/iiif-img/7/3/s1.jpg/info.json"));
    auto other = get_as("", "/iiif-img/v2/7/3/s1.jpg");
    EXPECT_EQ(other.status, 303);
    EXPECT_EQ(other.header("location"), server_->url("/iiif-img/v2/7/3/s1.jpg/info.json"));
}

TEST_F(Dlcs, UnknownSpacesAndEscapesAre404) {
    EXPECT_EQ(get_as("", "/iiif-img/1/1/s1.jpg/info.json").status, 404); // no rule names 1/1
    EXPECT_EQ(get_as("", "/thumbs/1/1/s1.jpg/info.json").status, 404);
    EXPECT_EQ(get_as("", "/iiif-img/7/3/..%2Fs1.jpg/info.json").status, 404);
    EXPECT_EQ(get_as("", "/iiif-img/7/3/nothing.jpg/info.json").status, 404);
    EXPECT_EQ(get_as("", "/iiif-img/7/s1.jpg").status, 404);
    EXPECT_EQ(get_as("", "/iiif-img/7/%2E%2E/s1.jpg/info.json").status, 404);
    auto bad = get_as("", "/iiif-img/7/3/s1.jpg/full/0,/0/default.jpg");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.header("cache-control"), "no-store");
}

} // namespace
} // namespace pictor::test
