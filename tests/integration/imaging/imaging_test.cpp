// Imaging actions over HTTP (docs/imaging.md): answers as attachments with X-Imaging-Commands, the
// three syntaxes giving one plan, transforms, presets, the catalog, the legacy paths, every
// Wedia's error code, the access policy, watermark overlays, and the actions file at
// start-up and on SIGHUP.
#include <csignal>
#include <thread>

#include "integration/imaging/imaging_fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

const std::string kApi = "/app/api/json/imaging/";

void expect_error(const HttpResponse& r, int status, const std::string& code,
                  const std::string& message_part = "") {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["status"], status);
    EXPECT_EQ(j["code"], code);
    EXPECT_NE(j["message"].get<std::string>().find(message_part), std::string::npos)
        << j["message"];
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_NE(r.header("cache-control").find("no-store"), std::string::npos);
}

class Imaging : public ImagingServer {};

TEST_F(Imaging, AnActionAnswersAnAttachmentNamedAfterIt) {
    auto r = get(kApi + "thumb/scene.png");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"scene.thumb.png\"");
    EXPECT_EQ(r.header("content-type"), "image/png");
    // Presets inlined: what ran, in canonical simplified syntax.
    EXPECT_EQ(r.header("x-imaging-commands"), "w_100,c_resize,e_png,c_format");
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 100);
    EXPECT_EQ(d.height, 75);
    EXPECT_EQ(d.loader, "pngload_buffer");
    // The output format defaults to the source's; the stem drops the extension.
    auto web = get(kApi + "fullweb/photo.jpg");
    ASSERT_EQ(web.status, 200);
    EXPECT_EQ(web.header("content-disposition"), "attachment; filename=\"photo.fullweb.jpg\"");
    EXPECT_EQ(decode(web.body).width, 1200);
    // A lenient id, as the display API: "scene" is scene.png.
    EXPECT_EQ(get(kApi + "thumb/scene").status, 200);
}

TEST_F(Imaging, TheThreeSyntaxesGiveTheSamePlan) {
    auto obj = get(kApi + "obj/scene.png"), arr = get(kApi + "arr/scene.png"),
         simp = get(kApi + "simp/scene.png");
    ASSERT_EQ(obj.status, 200) << obj.body;
    ASSERT_EQ(arr.status, 200) << arr.body;
    ASSERT_EQ(simp.status, 200) << simp.body;
    // One plan: one derivative (same ETag) and the same bytes.
    EXPECT_EQ(obj.header("etag"), arr.header("etag"));
    EXPECT_EQ(arr.header("etag"), simp.header("etag"));
    EXPECT_EQ(obj.body, simp.body);
    EXPECT_EQ(arr.header("x-imaging-commands"), "w_50%,h_50%,g_center,c_crop,w_80,c_resize,"
                                                "e_png,c_format");
    auto d = decode(simp.body);
    EXPECT_EQ(d.width, 80);
    EXPECT_EQ(d.height, 60);
    EXPECT_EQ(d.loader, "pngload_buffer"); // the commented-out webp did not run
    // The centre of the scene's half: the disc's right edge is at x 140 of 320.
    EXPECT_TRUE(near(pixel(simp.body, 2, 30), {20, 20, 40}, 30));
}

TEST_F(Imaging, ATransformRunsAfterTheAction) {
    auto r = get(kApi + "thumb/scene.png/a_90,c_rotate,c_grayscale");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("x-imaging-commands"),
              "w_100,c_resize,e_png,c_format,a_90,c_rotate,c_grayscale");
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 75);
    EXPECT_EQ(d.height, 100);
    // Percent-encoded transforms, quotes and switches.
    auto text = get(kApi + "raw/scene.png/tx_%22Hi%20there%22,sz_20,co_black,c_text");
    ASSERT_EQ(text.status, 200) << text.body;
    EXPECT_EQ(text.header("x-imaging-commands"), "c_strip,tx_\"Hi there\",sz_20,co_black,c_text");
    auto crop = get(kApi + "raw/scene.png/t_10%25,+fixed,c_crop");
    ASSERT_EQ(crop.status, 200) << crop.body;
    EXPECT_EQ(decode(crop.body).height, 216);
    // A '%' typed as is, as Wedia's users do, means the same (path and legacy query alike).
    auto typed = get(kApi + "raw/scene.png/t_10%,+fixed,c_crop");
    ASSERT_EQ(typed.status, 200) << typed.body;
    EXPECT_EQ(typed.body, crop.body);
    auto typed_legacy = get("/app/_plugins/WXM_RESTAPI/page/imaging.jspz?action=raw&id=scene.png"
                            "&transform=t_10%,+fixed,c_crop");
    ASSERT_EQ(typed_legacy.status, 200) << typed_legacy.body;
    EXPECT_EQ(typed_legacy.body, crop.body);
    // A preset inside a transform.
    auto preset = get(kApi + "raw/scene.png/n_small,c_preset");
    ASSERT_EQ(preset.status, 200) << preset.body;
    EXPECT_EQ(decode(preset.body).width, 100);
}

TEST_F(Imaging, TheLegacyPathAnswersTheSame) {
    auto modern = get(kApi + "thumb/scene.png/t_10%25,+fixed,c_crop");
    auto legacy = get("/app/_plugins/WXM_RESTAPI/page/imaging.jspz?action=thumb&id=scene.png"
                      "&transform=t_10%25,+fixed,c_crop");
    ASSERT_EQ(legacy.status, 200) << legacy.body;
    EXPECT_EQ(legacy.body, modern.body);
    EXPECT_EQ(legacy.header("x-imaging-commands"), modern.header("x-imaging-commands"));
    expect_error(get("/app/_plugins/WXM_RESTAPI/page/imaging.jspz?id=scene.png"), 404, "404/1100");
    expect_error(get("/app/_plugins/WXM_RESTAPI/page/imaging.jspz?action=thumb&action=raw"), 400,
                 "400/1103", "repeated");
}

TEST_F(Imaging, HeadAndConditionalRequests) {
    auto full = get(kApi + "thumb/scene.png");
    auto head = http_request("HEAD", server_->url(kApi + "thumb/scene.png"));
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("etag"), full.header("etag"));
    EXPECT_EQ(head.header("x-imaging-commands"), full.header("x-imaging-commands"));
    auto again = get(kApi + "thumb/scene.png", {"If-None-Match: " + full.header("etag")});
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.header("x-imaging-commands"), full.header("x-imaging-commands"));
    auto other = http_request("POST", server_->url(kApi + "thumb/scene.png"));
    EXPECT_EQ(other.status, 405);
}

TEST_F(Imaging, TheCatalogListsTheActionsTheCallerMayRun) {
    auto r = get("/app/api/json/catalog/imaging");
    ASSERT_EQ(r.status, 200);
    auto j = body_json(r);
    EXPECT_EQ(j["catalog"], "list of image processing actions");
    EXPECT_EQ(j["status"], 200);
    EXPECT_TRUE(j["time"].is_number());
    EXPECT_EQ(j["links"]["href"], server_->url("/app/api/json/catalog/imaging"));
    std::map<std::string, json> by_name;
    for (const auto& a : j["response"]["data"])
        by_name[a["name"]] = a;
    EXPECT_FALSE(by_name.contains("staff")); // roles the anonymous caller lacks
    ASSERT_TRUE(by_name.contains("thumb"));
    EXPECT_EQ(by_name["thumb"]["preset"], "smallpng");
    EXPECT_EQ(by_name["thumb"]["description"], "preset only");
    // The command set as configured: numbers stay numbers, the syntax stays the file's.
    EXPECT_EQ(by_name["obj"]["command"]["resize"], json::array({80, -1}));
    EXPECT_TRUE(by_name["obj"]["command"]["resize"][0].is_number());
    EXPECT_EQ(by_name["simp"]["command"], "w_50%,h_50%,g_center,c_crop,w_80,c_resize,e_webp,"
                                          "c_$format,e_png,c_format");
    EXPECT_EQ(by_name["fixed"]["transform"], false);
    auto staff = body_json(get("/app/api/json/catalog/imaging", {alice_}));
    bool listed = false;
    for (const auto& a : staff["response"]["data"])
        listed = listed || a["name"] == "staff";
    EXPECT_TRUE(listed);
    auto legacy = body_json(get("/app/_plugins/WXM_RESTAPI/page/catalog/imaging.jspz"));
    EXPECT_EQ(legacy["response"], j["response"]);
    EXPECT_EQ(legacy["links"]["href"],
              server_->url("/app/_plugins/WXM_RESTAPI/page/catalog/imaging.jspz"));
}

TEST_F(Imaging, EveryErrorCodeOfTheSeed) {
    expect_error(get(kApi + "nope/scene.png"), 404, "404/1100", "unknown action 'nope'");
    expect_error(get(kApi + "staff/scene.png"), 403, "403/1100", "not available to you");
    EXPECT_EQ(get(kApi + "staff/scene.png", {alice_}).status, 200);
    expect_error(get(kApi + "far/scene.png"), 422, "422/1100", "cannot run on this image");
    expect_error(get(kApi + "lost-logo/scene.png"), 422, "422/1100", "'missing.png' not found");
    expect_error(get(kApi + "thumb/nothing.png"), 422, "422/1101", "not found");
    expect_error(get(kApi + "thumb/..%2Fsecret.png"), 422, "422/1101");
    expect_error(get(kApi + "thumb"), 422, "422/1101");
    expect_error(get(kApi + "fixed/scene.png/c_flip"), 403, "403/1102", "takes no transform");
    EXPECT_EQ(get(kApi + "fixed/scene.png").status, 200);
    expect_error(get(kApi + "thumb/truncated.jpg"), 500, "500/1100");
    // Malformed transforms: 400 400/1103, never a crash.
    std::string many;
    for (int i = 0; i < 300; ++i)
        many += "c_flip,";
    many.pop_back();
    for (const std::string& bad :
         {std::string("tx_%22unterminated,c_text"), std::string("zz_1,c_resize"), std::string("c_"),
          std::string("w_100,c_resizz"), std::string("w_abc,c_resize"),
          std::string("w_1%20,c_resize"), std::string("a_1e999,c_rotate"), many,
          std::string("tx_%22%5Cq%22,c_text"), std::string("o_missing.png,c_watermark"),
          std::string("w_200000,+upscale,c_resize"), std::string("sz_5000,tx_a,c_text"),
          std::string("tx_%22%5Cud83d%22,c_text"), std::string("tx_%F0%28%8C%28,c_text"),
          std::string("co_rgba(1,2,3,0.5),c_colorize")}) {
        SCOPED_TRACE(bad);
        expect_error(get(kApi + "raw/scene.png/" + bad), 400, "400/1103");
    }
    EXPECT_EQ(get("/healthz").status, 200);
}

// An action written in Wedia's configuration shape (objectname, prop, preset and
// `command`) loads as it is; the preset applies and the command set on top of it, the command
// winning where both set the same thing (here both resize).
TEST_F(Imaging, AnActionInWediasOwnShapeRunsItsPresetAndItsCommandsOnTop) {
    auto r = get(kApi + "wedia-web/scene.png");
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 60); // the command's resize, not the preset's 100
    EXPECT_EQ(r.header("x-imaging-commands").find("preset"), std::string::npos)
        << r.header("x-imaging-commands");
    auto catalog = body_json(get("/app/api/json/catalog/imaging"));
    bool listed = false;
    for (const auto& a : catalog["response"]["data"])
        if (a["name"] == "wedia-web") {
            listed = true;
            EXPECT_EQ(a["description"], "Wedia's own shape");
            EXPECT_EQ(a["command"]["resize"], json::array({60, -1})); // the config's own types
            EXPECT_FALSE(a["preset"].is_null()) << a.dump();          // both are shown
        }
    EXPECT_TRUE(listed) << catalog.dump();
}

// Wedia's shape with a preset and a command set that sets something else: both apply, a 100 px
// PNG (the preset's size, the command's format), not the whole image as PNG.
TEST_F(Imaging, APresetAndACommandSetBothApply) {
    auto r = get(kApi + "preset-first/photo.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "image/png");
    EXPECT_EQ(decode(r.body).width, 100);
}

TEST_F(Imaging, TheAccessPolicyApplies) {
    // secret.png: staff only, open to all up to 400 px as a full image.
    auto whole = get(kApi + "fullweb/secret.png");
    ASSERT_EQ(whole.status, 200) << whole.body;
    EXPECT_NE(whole.header("cache-control").find("private"), std::string::npos);
    // A crop is a non-full region: staff only (401 without a login, 403 with another role).
    expect_error(get(kApi + "centre/secret.png"), 401, "401/1102");
    expect_error(get(kApi + "raw/secret.png/w_50,h_50,c_crop"), 401, "401/1102");
    expect_error(get(kApi + "raw/secret.png/a_30,+crop,c_rotate"), 401, "401/1102");
    EXPECT_EQ(get(kApi + "centre/secret.png", {alice_}).status, 200);
    // Beyond the open size: staff only.
    expect_error(get(kApi + "raw/secret.png/w_500,+upscale,c_resize"), 401, "401/1102");
    EXPECT_EQ(get(kApi + "raw/secret.png/w_500,+upscale,c_resize", {alice_}).status, 200);
    // A restricted image cannot be smuggled out as someone else's watermark.
    expect_error(get(kApi + "raw/scene.png/o_secret.png,c_watermark"), 403, "403/1102", "overlay");
    EXPECT_EQ(get(kApi + "raw/scene.png/o_secret.png,c_watermark", {alice_}).status, 200);
}

TEST_F(Imaging, WatermarkOverlaysComeFromTheStore) {
    auto r = get(kApi + "raw/scene.png/o_logo.png,g_northwest,x_0,y_0,c_watermark");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(near(pixel(r.body, 5, 5), {220, 30, 30}, 10));
    // The logo's transparent cut-out shows the scene.
    EXPECT_FALSE(near(pixel(r.body, 32, 32), {220, 30, 30}, 30));
    // Outside the store's root: not found, nothing read.
    expect_error(get(kApi + "raw/scene.png/o_%22../scene.png%22,c_watermark"), 400, "400/1103");
    expect_error(get(kApi + "raw/scene.png/o_escape.jpg,c_watermark"), 400, "400/1103");
}

TEST(ImagingStartup, ABadActionsFileStopsTheStartNamingTheAction) {
    auto dir = make_temp_dir("imaging-bad");
    const char* files[][2] = {
        {R"({"actions": {"broken": {"commands": "w_1,c_explode"}}})", "action 'broken'"},
        {R"({"actions": {"badvalue": {"commands": "w_abc,c_resize"}}})", "action 'badvalue'"},
        {R"({"actions": {"a": {"preset": "nope"}}})", "unknown preset 'nope'"},
        {R"({"presets": {"x": "n_y,c_preset", "y": "n_x,c_preset"}, "actions": {}})",
         "preset cycle"},
        {R"({"actions": )", "not valid JSON"},
        {R"({"actions": {"named": {"commands": "c_strip", "transforms": ["w_1,c_explode"]}}})",
         "action 'named'"},
    };
    for (const auto& [text, expected] : files) {
        write_file(dir / "actions.json", text);
        std::string message;
        try {
            ServerProcess server(samples_dir(),
                                 {"imaging.actions=" + (dir / "actions.json").string()});
        } catch (const std::runtime_error& e) {
            message = e.what();
        }
        EXPECT_NE(message.find(expected), std::string::npos) << text << "\n" << message;
    }
    std::filesystem::remove_all(dir);
}

// imaging.transforms: "named" accepts only the transforms an action lists (in any spelling
// that means the same), "off" none, "any" (the default, as Wedia) every valid one.
TEST(ImagingTransforms, OnlyNamedTransformsWhenTheOperatorSaysSo) {
    auto dir = make_temp_dir("imaging-named");
    write_file(dir / "actions.json", R"({"actions": {
      "thumb": {"commands": "w_200,c_resize", "transforms": ["a_90,c_rotate", "c_grayscale"]},
      "plain": {"commands": "w_200,c_resize"}}})");
    auto url = [](const ServerProcess& s, const std::string& tail) { return s.url(kApi + tail); };
    {
        ServerProcess named(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string(),
                                            "imaging.transforms=named"});
        auto rotated = http_get(url(named, "thumb/photo.jpg/a_90,c_rotate"));
        ASSERT_EQ(rotated.status, 200) << rotated.body;
        EXPECT_EQ(decode(rotated.body).height, 200); // rotated: 200 wide became 200 high
        EXPECT_EQ(http_get(url(named, "thumb/photo.jpg/c_grayscale")).status, 200);
        EXPECT_EQ(http_get(url(named, "thumb/photo.jpg/a_90%2Cc_rotate")).status, 200);
        expect_error(http_get(url(named, "thumb/photo.jpg/a_91,c_rotate")), 403, "403/1102",
                     "not a transform");
        expect_error(http_get(url(named, "thumb/photo.jpg/a_90,c_rotate,c_grayscale")), 403,
                     "403/1102");
        expect_error(http_get(url(named, "plain/photo.jpg/c_grayscale")), 403, "403/1102");
        EXPECT_EQ(http_get(url(named, "plain/photo.jpg")).status, 200); // no transform: fine
        // A malformed transform is still the caller's 400, named or not.
        expect_error(http_get(url(named, "thumb/photo.jpg/w_1,c_explode")), 400, "400/1103");
    }
    {
        ServerProcess off(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string(),
                                          "imaging.transforms=off"});
        expect_error(http_get(url(off, "thumb/photo.jpg/a_90,c_rotate")), 403, "403/1102");
        EXPECT_EQ(http_get(url(off, "thumb/photo.jpg")).status, 200);
    }
    {
        ServerProcess any(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string()});
        EXPECT_EQ(http_get(url(any, "plain/photo.jpg/a_91,c_rotate")).status, 200);
    }
    std::string out;
    EXPECT_EQ(
        run_pictor("serve --images " + samples_dir().string() + " --set imaging.transforms=some",
                   &out),
        2);
    EXPECT_NE(out.find("imaging.transforms"), std::string::npos) << out;
    std::filesystem::remove_all(dir);
}

// A Wedia client that expects Wedia's own code for a bad command set gets it with
// imaging.wedia_error_codes; other codes are unchanged.
TEST(ImagingCodes, WediaErrorCodesGiveFiveHundredElevenHundredForABadCommand) {
    auto dir = make_temp_dir("imaging-codes");
    write_file(dir / "actions.json", R"({"actions": {"one": {"commands": "w_10,c_resize"}}})");
    ServerProcess strict(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string(),
                                         "imaging.wedia_error_codes=true"});
    expect_error(http_get(strict.url(kApi + std::string("one/portrait.jpg/c_nope"))), 500,
                 "500/1100");
    expect_error(http_get(strict.url(kApi + std::string("nope/portrait.jpg"))), 404, "404/1100");
    EXPECT_EQ(http_get(strict.url(kApi + std::string("one/portrait.jpg"))).status, 200);
    ServerProcess plain(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string()});
    expect_error(http_get(plain.url(kApi + std::string("one/portrait.jpg/c_nope"))), 400,
                 "400/1103");
    std::filesystem::remove_all(dir);
}

TEST(ImagingReload, SighupLoadsANewSetAndKeepsTheOldOneIfItIsInvalid) {
    auto dir = make_temp_dir("imaging-reload");
    write_file(dir / "actions.json", R"({"actions": {"one": {"commands": "w_10,c_resize"}}})");
    ServerProcess server(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string(),
                                         "imaging.catalog=false"});
    expect_error(http_get(server.url("/app/api/json/catalog/imaging")), 403, "403/601");
    auto status = [&](const std::string& action) {
        return http_get(server.url(kApi + action + "/portrait.jpg")).status;
    };
    auto wait_for = [&](const std::function<bool()>& done) {
        for (int i = 0; i < 100 && !done(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return done();
    };
    EXPECT_EQ(status("one"), 200);
    EXPECT_EQ(status("two"), 404);
    write_file(dir / "actions.json", R"({"actions": {"two": {"commands": "w_20,c_resize"}}})");
    ::kill(server.pid(), SIGHUP);
    EXPECT_TRUE(wait_for([&] { return status("two") == 200; }));
    EXPECT_EQ(status("one"), 404);
    // An invalid file: logged, and the set in use stays.
    write_file(dir / "actions.json", R"({"actions": {"three": {"commands": "c_nope"}}})");
    ::kill(server.pid(), SIGHUP);
    EXPECT_TRUE(wait_for([&] { return server.log().find("are kept") != std::string::npos; }));
    EXPECT_EQ(status("two"), 200);
    EXPECT_EQ(status("three"), 404);
    EXPECT_NE(server.log().find("action 'three'"), std::string::npos);
    std::filesystem::remove_all(dir);
}

// A client that keeps an action's answer and revalidates with If-Modified-Since (Wedia's
// front-ends do) must get the new answer once the action changed and was reloaded: the answer's
// Last-Modified is no older than the configuration that shaped it.
TEST(ImagingReload, AChangedActionIsNotKeptByIfModifiedSince) {
    auto dir = make_temp_dir("imaging-validators");
    write_file(dir / "actions.json", R"({"actions": {"one": {"commands": "w_10,c_resize"}}})");
    ServerProcess server(samples_dir(), {"imaging.actions=" + (dir / "actions.json").string()});
    auto url = server.url(kApi + std::string("one/portrait.jpg"));
    auto first = http_get(url);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(decode(first.body).width, 10);
    std::string modified = first.header("last-modified");
    ASSERT_FALSE(modified.empty());
    EXPECT_EQ(http_get(url, {"If-Modified-Since: " + modified}).status, 304);
    // A second later (HTTP dates count seconds), the action draws 20 px wide.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    write_file(dir / "actions.json", R"({"actions": {"one": {"commands": "w_20,c_resize"}}})");
    ::kill(server.pid(), SIGHUP);
    for (int i = 0; i < 100 && server.log().find("imaging actions reloaded") == std::string::npos;
         ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto after = http_get(url, {"If-Modified-Since: " + modified});
    ASSERT_EQ(after.status, 200) << "the old answer was kept";
    EXPECT_EQ(decode(after.body).width, 20);
    EXPECT_NE(after.header("etag"), first.header("etag"));
    EXPECT_EQ(http_get(url, {"If-None-Match: " + first.header("etag")}).status, 200);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace pictor::test
