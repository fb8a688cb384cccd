// Imaging command sets: the simplified syntax (table: text -> canonical or exact error), the
// three syntaxes meaning the same, round trips, hostile input, and the checked-in fuzz corpus
// run with deterministic mutations.
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "dialects/imaging/command_set.h"
#include "dialects/imaging/compile.h"

namespace pictor::dialects::imaging {
namespace {

struct SimplifiedCase {
    const char* text;
    const char* canonical; // nullptr: a 400 whose message contains `error`
    const char* error;
};

const SimplifiedCase kSimplified[] = {
    {"w_100,h_100,c_resize", "w_100,h_100,c_resize", nullptr},
    {"h_100,w_100,c_resize", "w_100,h_100,c_resize", nullptr},
    {"t_10%,+fixed,c_crop", "t_10%,+fixed,c_crop", nullptr},
    {"t_10%,fixed,c_crop", "t_10%,+fixed,c_crop", nullptr},
    {"-fixed,x_5,c_crop", "x_5,-fixed,c_crop", nullptr},
    {"tx_hello,c_text", "tx_hello,c_text", nullptr},
    {"tx_\"hello you!\",c_text", "tx_\"hello you!\",c_text", nullptr},
    {"tx_\"say \"\"hello\"\"!\",c_text", "tx_\"say \"\"hello\"\"!\",c_text", nullptr},
    {"tx_\"a\\nb\\\\n\",c_text", "tx_\"a\\nb\\\\n\",c_text", nullptr},
    {"tx_\"\\u00a9xxx\",c_text", "tx_\u00a9xxx,c_text", nullptr},
    {"w_100,h_100,c_resize,e_png,c_$format", "w_100,h_100,c_resize", nullptr},
    {"a_45,crop,x_50p,y_25p,c_rotate", "a_45,x_50p,y_25p,+crop,c_rotate", nullptr},
    {"w_200", "w_200,c_resize", nullptr},             // shortcut: resize
    {"t_5,l_5", "t_5,l_5,c_crop", nullptr},           // shortcut: crop
    {"e_webp,q_70", "e_webp,q_70,c_format", nullptr}, // shortcut: format
    {"a_left", "a_left,c_rotate", nullptr},           // shortcut: rotate
    {"c_grayscale,c_flip", "c_grayscale,c_flip", nullptr},
    {"co_\"rgb(1,2,3)\",p_40,c_colorize", "co_\"rgb(1,2,3)\",p_40,c_colorize", nullptr},
    {"", nullptr, "empty command set"},
    {"tx_\"unterminated,c_text", nullptr, "unterminated quoted value"},
    {"tx_\"bad \\q\",c_text", nullptr, "unknown escape"},
    {"tx_\"\\u00g1\",c_text", nullptr, "four hexadecimal digits"},
    {"zz_1,c_resize", nullptr, "unknown prefix 'zz_'"},
    {"w_1,c_", nullptr, "c_ without a command name"},
    {"w_1,c_explode", nullptr, "unknown command 'explode'"},
    {"w_1,w_2,c_resize", nullptr, "given twice"},
    {"w_1, h_2,c_resize", nullptr, "spaces are only allowed"},
    {"w_1,,c_resize", nullptr, "an empty parameter"},
    {"w_1,c_resize,", nullptr, "a trailing ','"},
    {"c_resize,w_1", nullptr, "parameters after the last c_COMMAND"},
    {"fixed,c_resize", nullptr, "has no switch 'fixed'"},
    {"_1,c_resize", nullptr, "without a prefix"},
    {"\"x\",c_text", nullptr, "needs a prefix"},
    {"zz_1", nullptr, "fit no command"},
    {"tx_ab\"c,c_text", nullptr, "quote or space in an unquoted value"},
};

void PrintTo(const SimplifiedCase& c, std::ostream* os) { *os << c.text; }

class SimplifiedTable : public ::testing::TestWithParam<SimplifiedCase> {};

TEST_P(SimplifiedTable, CanonicalOrExactError) {
    const auto& c = GetParam();
    auto set = parse_simplified(c.text);
    if (c.canonical) {
        ASSERT_TRUE(set) << c.text << ": " << set.error().message;
        EXPECT_EQ(to_simplified(*set), c.canonical);
        auto again = parse_simplified(to_simplified(*set));
        ASSERT_TRUE(again) << again.error().message;
        EXPECT_EQ(*again, *set);
    } else {
        ASSERT_FALSE(set) << c.text;
        EXPECT_EQ(set.error().code, core::ErrorCode::BadRequest);
        EXPECT_NE(set.error().message.find(c.error), std::string::npos) << set.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Imaging, SimplifiedTable, ::testing::ValuesIn(kSimplified));

struct Equivalent {
    const char* object;
    const char* array;
    const char* simplified;
};

const Equivalent kEquivalent[] = {
    {R"({"crop": ["fixed", "10%"]})", R"([{"command": "crop", "fixed": true, "top": "10%"}])",
     "t_10%,+fixed,c_crop"},
    {R"({"crop": {"fixed": true, "top": "10%"}})", R"([["crop", "10%", "fixed"]])",
     "+fixed,t_10%,c_crop"},
    {R"({"resize": [100, -1], "format": "png"})",
     R"([{"resize": {"width": 100, "height": -1}}, ["format", "png"]])",
     "w_100,h_-1,c_resize,e_png,c_format"},
    {R"({"resize": [100, -1], "$format_cpl20180812": "jpg", "format": "png"})",
     R"([["resize", 100, -1], {"command": "$format", "extension": "jpg"}, {"format": "png"}])",
     "w_100,h_-1,c_resize,e_jpg,c_$format,e_png,c_format"},
    {R"({"rotate": [45, "crop", "50%", "25%"]})",
     R"([{"command": "rotate", "angle": 45, "crop": true, "x": "50%", "y": "25%"}])",
     "a_45,crop,x_50%,y_25%,c_rotate"},
    {R"({"text": {"text": "say \"hi\"\n", "color": "#ff0000"}, "grayscale": true})",
     R"([["text", "say \"hi\"\n", null, null, "#ff0000"], {"grayscale": true}])",
     "tx_\"say \"\"hi\"\"\\n\",co_#ff0000,c_text,c_grayscale"},
    {R"({"colorize": {"color": "blue", "percent": [50, 25, 70]}})",
     R"([["colorize", "blue", [50, 25, 70]]])", "co_blue,p_\"50,25,70\",c_colorize"},
};

TEST(ImagingSyntax, TheThreeSyntaxesMeanTheSame) {
    for (const auto& e : kEquivalent) {
        auto object = parse_json(nlohmann::ordered_json::parse(e.object));
        auto array = parse_json(nlohmann::ordered_json::parse(e.array));
        auto simplified = parse_simplified(e.simplified);
        ASSERT_TRUE(object) << e.object << ": " << object.error().message;
        ASSERT_TRUE(array) << e.array << ": " << array.error().message;
        ASSERT_TRUE(simplified) << e.simplified << ": " << simplified.error().message;
        EXPECT_EQ(to_simplified(*object), to_simplified(*simplified)) << e.object;
        EXPECT_EQ(to_simplified(*array), to_simplified(*simplified)) << e.array;
    }
}

// The ASCII form (for the X-Imaging-Commands header) escapes everything else as \uXXXX,
// surrogate pairs above U+FFFF, and parses back to the same commands.
TEST(ImagingSyntax, AsciiCanonicalFormRoundTrips) {
    auto set = parse_simplified("tx_caf\xc3\xa9,c_text,tx_\"\xf0\x9f\x98\x80 \\u00e9\",c_text");
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ((*set)[0].params[0].second, "caf\xc3\xa9");
    EXPECT_EQ((*set)[1].params[0].second, "\xf0\x9f\x98\x80 \xc3\xa9");
    std::string ascii = to_simplified(*set, true);
    EXPECT_EQ(ascii, "tx_\"caf\\u00e9\",c_text,tx_\"\\ud83d\\ude00 \\u00e9\",c_text");
    auto back = parse_simplified(ascii);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, *set);
}

// The full, short and simplified forms docs/imaging.md gives for each command mean the same.
struct DocumentedForms {
    const char* full;
    const char* short_form; // nullptr: the command has no short form in the table
    const char* simplified;
};

const DocumentedForms kDocumented[] = {
    {R"({"crop": {"width": 160, "height": 120, "gravity": "center"}})", nullptr,
     "w_160,h_120,g_center,c_crop"},
    {R"({"crop": {"top": "10%", "right": "20%", "bottom": "10%", "left": "5%"}})",
     R"({"crop": ["10%", "20%", "10%", "5%"]})", "t_10%,r_20%,b_10%,l_5%,c_crop"},
    {R"({"crop": {"fixed": true, "top": "10%"}})", R"({"crop": ["fixed", "10%"]})",
     "t_10%,+fixed,c_crop"},
    {R"({"resize": {"width": 160, "height": 160, "mode": "fill"}})",
     R"({"resize": [160, 160, "fill"]})", "w_160,h_160,m_fill,c_resize"},
    {R"({"rescale": {"factor": 0.5}})", R"({"rescale": 0.5})", "f_0.5,c_rescale"},
    {R"({"rotate": {"angle": 30, "background": "navy"}})",
     R"({"rotate": [30, null, null, "navy"]})", "a_30,bg_navy,c_rotate"},
    {R"({"rotate": {"angle": "left"}})", R"({"rotate": "left"})", "a_left,c_rotate"},
    {R"({"rotate": {"angle": 30, "crop": true}})", R"({"rotate": [30, "crop"]})",
     "a_30,+crop,c_rotate"},
    {R"({"format": {"extension": "webp", "quality": 60}})", R"({"format": ["webp", 60]})",
     "e_webp,q_60,c_format"},
    {R"({"watermark": {"overlay": "logo.png", "gravity": "southeast", "x": 10, "y": 10,
                       "opacity": 80}})",
     R"({"watermark": ["logo.png", "southeast", 10, 10, 80]})",
     "o_logo.png,g_southeast,x_10,y_10,op_80,c_watermark"},
    {R"({"watermark": {"overlay": "logo.png", "scale": "10%", "opacity": 40, "tile": true}})",
     R"({"watermark": ["logo.png", null, null, null, 40, "10%", "tile"]})",
     "o_logo.png,s_10%,op_40,+tile,c_watermark"},
    {R"({"text": {"text": "Hello, pictor", "size": 28, "color": "white", "gravity": "south",
                  "y": 12}})",
     R"({"text": ["Hello, pictor", null, 28, "white", "south", null, 12]})",
     R"(tx_"Hello, pictor",sz_28,co_white,g_south,y_12,c_text)"},
    {R"({"text": {"text": "Line one\nLine two", "font": "DejaVu Serif", "style": "italic",
                  "decoration": "strike-through"}})",
     nullptr, R"(tx_"Line one\nLine two",f_"DejaVu Serif",st_italic,dc_strike-through,c_text)"},
    {R"({"shade": {"shade": "135x30"}})", R"({"shade": "135x30"})", "sh_135x30,c_shade"},
    {R"({"colorize": {"color": "#704214", "percent": 40}})", R"({"colorize": ["#704214", 40]})",
     "co_#704214,p_40,c_colorize"},
    {R"({"colorize": {"color": "white", "percent": [10, 50, 90]}})",
     R"({"colorize": ["white", "10,50,90"]})", R"(co_white,p_"10,50,90",c_colorize)"},
    {R"({"fill": {"pattern": "hs diagcross", "color": "#00000080"}})",
     R"({"fill": ["hs diagcross", "#00000080"]})", R"(pt_"hs diagcross",co_#00000080,c_fill)"},
    {R"({"preset": {"name": "small"}})", R"({"preset": "small"})", "n_small,c_preset"},
    {R"({"grayscale": {}})", R"({"grayscale": true})", "c_grayscale"},
    {R"({"blur": {"sigma": 4}})", R"({"blur": 4})", "s_4,c_blur"},
    {R"([{"command": "crop", "fixed": true, "top": "10%"}, ["resize", 100, -1],
         {"format": {"extension": "png"}}])",
     R"({"crop": ["fixed", "10%"], "resize": [100, -1], "format": "png"})",
     "t_10%,+fixed,c_crop,w_100,h_-1,c_resize,e_png,c_format"},
};

void PrintTo(const DocumentedForms& f, std::ostream* os) { *os << f.simplified; }

class DocumentedFormsTable : public ::testing::TestWithParam<DocumentedForms> {};

TEST_P(DocumentedFormsTable, MeanTheSame) {
    const auto& f = GetParam();
    auto simplified = parse_simplified(f.simplified);
    ASSERT_TRUE(simplified) << simplified.error().message;
    auto full = parse_json(nlohmann::ordered_json::parse(f.full));
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_EQ(*full, *simplified);
    if (f.short_form) {
        auto short_form = parse_json(nlohmann::ordered_json::parse(f.short_form));
        ASSERT_TRUE(short_form) << short_form.error().message;
        EXPECT_EQ(*short_form, *simplified);
    }
}

INSTANTIATE_TEST_SUITE_P(Docs, DocumentedFormsTable, ::testing::ValuesIn(kDocumented));

TEST(ImagingSyntax, MalformedJson) {
    for (const char* bad : {R"("resize")", R"({"explode": 1})", R"({"resize": [1, 2, "fit", 4]})",
                            R"({"resize": {"depth": 3}})", R"([{"command": 5}])", R"([[1, 2]])",
                            R"([{"a": 1, "b": 2}])", R"({"resize": [[[1]]]})",
                            R"({"crop": {"fixed": "maybe"}})", R"({"resize": {"width": {}}})"}) {
        auto r = parse_json(nlohmann::ordered_json::parse(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, core::ErrorCode::BadRequest) << bad;
    }
}

TEST(ImagingSyntax, HostileSizes) {
    std::string many;
    for (int i = 0; i < 10000; ++i)
        many += "c_flip,";
    many.pop_back();
    auto r = parse_simplified(many);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::BadRequest);
    // Deeply nested arrays: refused, not a stack overflow.
    std::string deep = std::string(20000, '[') + std::string(20000, ']');
    auto json = nlohmann::ordered_json::parse(deep, nullptr, false);
    if (!json.is_discarded()) {
        EXPECT_FALSE(parse_json(json));
    }
    std::string long_text = "tx_\"" + std::string(100000, 'a') + "\",c_text";
    EXPECT_FALSE(parse_simplified(long_text));
}

// Every corpus entry and deterministic mutations of it: no crash, and whatever parses prints
// back to something that parses to the same command set.
TEST(ImagingSyntax, FuzzCorpus) {
    std::filesystem::path dir = PICTOR_FUZZ_CORPUS;
    std::vector<std::string> inputs;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "imaging_simplified")) {
        std::ifstream in(entry.path(), std::ios::binary);
        inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    ASSERT_GE(inputs.size(), 10u);
    std::mt19937 rng(20261121);
    const std::string alphabet = ",_\"\\+-$%#abcxyz019 \nu";
    int parsed = 0, compiled_ok = 0;
    for (const auto& seed : inputs) {
        for (int round = 0; round < 300; ++round) {
            std::string s = seed;
            int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits && !s.empty(); ++e) {
                std::size_t at = rng() % s.size();
                switch (rng() % 3) {
                case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
                case 1: s.erase(at, 1); break;
                default: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                }
            }
            auto set = parse_simplified(s);
            if (!set) {
                EXPECT_EQ(set.error().code, core::ErrorCode::BadRequest) << s;
                continue;
            }
            ++parsed;
            if (set->empty()) continue; // everything commented out
            auto again = parse_simplified(to_simplified(*set));
            ASSERT_TRUE(again) << s << " -> " << to_simplified(*set);
            EXPECT_EQ(*again, *set) << s;
            auto ascii = parse_simplified(to_simplified(*set, true));
            ASSERT_TRUE(ascii) << s << " -> " << to_simplified(*set, true);
            EXPECT_EQ(*ascii, *set) << s;
            // Compiling whatever parsed: a plan or a 400, never anything else.
            auto compiled = compile(*set, "img", {400, 300}, core::ImageFormat::Jpeg,
                                    [](const std::string&) { return std::nullopt; });
            if (!compiled) {
                EXPECT_EQ(compiled.error().code, core::ErrorCode::BadRequest) << s;
            } else {
                ++compiled_ok;
            }
        }
    }
    EXPECT_GT(parsed, 100);
    EXPECT_GT(compiled_ok, 50);
}

} // namespace
} // namespace pictor::dialects::imaging
