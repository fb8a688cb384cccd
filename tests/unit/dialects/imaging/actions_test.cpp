// The imaging actions file: a valid one loads, and each kind of mistake is refused with a
// message naming the action or preset at fault.
#include <gtest/gtest.h>

#include "dialects/imaging/actions.h"

namespace pictor::dialects::imaging {
namespace {

using json = nlohmann::ordered_json;

TEST(ImagingActions, AValidFileInAllThreeSyntaxes) {
    auto set = parse_actions(json::parse(R"({
      "presets": {
        "small": {"resize": [200, -1]},
        "small-png": [["preset", "small"], {"format": "png"}],
        "gray": "c_grayscale"
      },
      "actions": {
        "thumbnail": {"description": "200 px PNG", "preset": "small-png"},
        "square": {"description": "centre square", "commands": "w_300,h_300,g_center,c_crop",
                   "transform": false, "roles": ["staff"]},
        "caption": {"commands": {"text": "hello", "preset": "gray"}}
      }})"));
    ASSERT_TRUE(set) << set.error().message;
    ASSERT_EQ(set->actions.size(), 3u);
    const auto& thumb = set->actions.at("thumbnail");
    auto compiled = compile(set->expanded(thumb), "a.jpg", {800, 600}, core::ImageFormat::Jpeg,
                            set->preset_lookup());
    ASSERT_TRUE(compiled);
    EXPECT_EQ(compiled->plan.canonical(), "a.jpg|resize:200,150|png");
    EXPECT_FALSE(set->actions.at("square").transform);
    EXPECT_EQ(set->actions.at("square").roles, std::vector<std::string>{"staff"});
}

TEST(ImagingActions, MistakesNameTheirAction) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"actions": {"a": {"commands": {"explode": 1}}}})", "action 'a': unknown command"},
        {R"({"actions": {"a": {"commands": {"resize": {"width": "wide"}}}}})",
         "action 'a': command 'resize': width"},
        {R"({"actions": {"a": {"preset": "nope"}}})", "action 'a': unknown preset 'nope'"},
        {R"({"actions": {"a": {"commands": "n_nope,c_preset"}}})", "unknown preset 'nope'"},
        {R"({"presets": {"p": "n_q,c_preset", "q": "n_p,c_preset"}, "actions": {}})",
         "preset cycle"},
        {R"({"presets": {"p": "n_p,c_preset"}, "actions": {}})", "preset cycle: p -> p"},
        {R"({"presets": {"p": "zz_1,c_resize"}, "actions": {}})", "preset 'p': unknown prefix"},
        {R"({"actions": {"a": {"description": "nothing"}}})", "neither commands nor preset"},
        {R"({"actions": {"a": {"commands": "c_flip", "transform": "no"}}})", "mistyped key"},
        {R"({"actions": {"a": {"commands": "c_flip", "roles": [1]}}})", "roles must be strings"},
        {R"({"actions": []})", "\"actions\" must be an object"},
        {R"({"bogus": 1, "actions": {}})", "unknown top-level key"},
        {R"([])", "must be a JSON object"},
    };
    for (const auto& [text, error] : cases) {
        auto set = parse_actions(json::parse(text));
        ASSERT_FALSE(set) << text;
        EXPECT_NE(set.error().message.find(error), std::string::npos)
            << text << " -> " << set.error().message;
    }
}

} // namespace
} // namespace pictor::dialects::imaging

namespace pictor::dialects::imaging {
namespace {

// An action in Wedia's own shape (Wedia's documentation example): it loads as it is; the
// preset applies first and the "command" set on top, the command winning where both set the
// same thing.
TEST(ImagingActions, AWediaConfigurationLoadsAsItIs) {
    auto set = parse_actions(nlohmann::ordered_json::parse(R"({
      "presets": {"small": {"resize": [200, -1]}},
      "actions": {
        "web": {"objectname": "asset", "description": "web rendition", "prop": "file",
                "preset": "small", "command": {"resize": [100, -1]}, "strip": true,
                "rscname": {"type": "rscname", "options": {"simple": true}},
                "exposeAsPreset": false, "presetSuffix": "$original"}
      }})"));
    ASSERT_TRUE(set) << set.error().message;
    const auto& web = set->actions.at("web");
    EXPECT_EQ(web.preset, "small"); // kept, and shown in the catalog
    auto compiled = compile(set->expanded(web), "a.jpg", {800, 600}, core::ImageFormat::Jpeg,
                            set->preset_lookup());
    ASSERT_TRUE(compiled);
    EXPECT_EQ(compiled->plan.canonical(), "a.jpg|resize:100,75|jpg"); // the command's resize
    // Wedia's keys keep their types.
    for (const char* bad : {R"({"actions": {"a": {"command": "c_grayscale", "strip": "yes"}}})",
                            R"({"actions": {"a": {"command": "c_grayscale", "objectname": 3}}})"})
        EXPECT_FALSE(parse_actions(nlohmann::ordered_json::parse(bad))) << bad;
}

// A preset and a command set that sets something else: both apply (preset `small` and
// {"format": "png"} is a 200 px PNG, not the source's size as PNG).
TEST(ImagingActions, APresetAndACommandSetBothApply) {
    auto set = parse_actions(nlohmann::ordered_json::parse(R"({
      "presets": {"small": {"resize": [200, -1]}},
      "actions": {"preset-first": {"preset": "small", "command": {"format": "png"}}}})"));
    ASSERT_TRUE(set) << set.error().message;
    const auto& action = set->actions.at("preset-first");
    EXPECT_EQ(action.preset, "small");
    auto compiled = compile(set->expanded(action), "a.jpg", {6000, 4000}, core::ImageFormat::Jpeg,
                            set->preset_lookup());
    ASSERT_TRUE(compiled) << compiled.error().message;
    EXPECT_EQ(compiled->plan.canonical(), "a.jpg|resize:200,133|png");
}

} // namespace
} // namespace pictor::dialects::imaging
