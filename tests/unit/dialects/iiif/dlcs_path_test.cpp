// DLCS delivery paths -> pictor identifiers under the dlcs.spaces rules, or the exact error.
#include <gtest/gtest.h>

#include "dialects/iiif/dlcs_path.h"

namespace pictor::dialects::iiif {
namespace {

const DlcsSpaces kSpaces({{"2", "1", "museum/prints"},
                          {"acme", "*", "acme/{space}"},
                          {"*", "*", "{customer}/{space}"}});

struct Row {
    std::string rest;     // after /iiif-img/
    std::string expected; // "kind identifier raw [version]" or "error: message"
};

std::string run(const std::string& rest) {
    auto p = split_dlcs_path(rest, kSpaces);
    if (!p) return "error: " + p.error().message;
    const char* kinds[] = {"base", "info", "image"};
    std::string out = std::string(kinds[static_cast<int>(p->iiif.kind)]) + " " +
                      p->iiif.identifier + " " + p->iiif.raw_identifier;
    if (p->version) out += *p->version == Version::V2 ? " v2" : " v3";
    if (p->iiif.kind == IiifPath::Kind::Image) out += " " + p->iiif.size;
    // The space's folder comes from the configuration: a DLCS path is never remembered as sent.
    if (!p->iiif.as_sent.empty()) out += " as-sent!";
    return out;
}

class DlcsPathTable : public ::testing::TestWithParam<Row> {};

TEST_P(DlcsPathTable, MapsOrRefuses) { EXPECT_EQ(run(GetParam().rest), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    All, DlcsPathTable,
    ::testing::Values(
        Row{"2/1/abc.jpg/info.json", "info museum/prints/abc.jpg 2/1/abc.jpg"},
        Row{"2/1/abc.jpg", "base museum/prints/abc.jpg 2/1/abc.jpg"},
        Row{"2/1/abc.jpg/", "base museum/prints/abc.jpg 2/1/abc.jpg"},
        Row{"2/1/abc.jpg/full/!200,200/0/default.jpg",
            "image museum/prints/abc.jpg 2/1/abc.jpg !200,200"},
        Row{"v2/2/1/abc.jpg/info.json", "info museum/prints/abc.jpg 2/1/abc.jpg v2"},
        Row{"v3/2/1/abc.jpg/info.json", "info museum/prints/abc.jpg 2/1/abc.jpg v3"},
        Row{"acme/9/a%20b.tif/info.json", "info acme/9/a b.tif acme/9/a%20b.tif"},
        Row{"5/6/x.png/info.json", "info 5/6/x.png 5/6/x.png"},
        // "v4" is no version slug: it is a customer name.
        Row{"v4/6/x.png/info.json", "info v4/6/x.png v4/6/x.png"},
        Row{"2/1", "error: DLCS paths are {customer}/{space}/{image}/…"},
        Row{"2/1/", "error: no identifier given"},
        Row{"2/1/a%2Fb.jpg/info.json", "error: DLCS images are single names within a space"},
        Row{"2/1/..%2F..%2Fetc/info.json", "error: DLCS images are single names within a space"},
        Row{"2/1/%2E%2E/info.json", "error: DLCS images are single names within a space"},
        Row{"../1/x.jpg/info.json", "error: no space ../1"},
        Row{"2/%2E%2E/x.jpg/info.json", "error: no space 2/%2E%2E"},
        Row{"2/1/%zz/info.json", "error: malformed percent-encoding"}));

TEST(DlcsSpaces, FirstMatchingRuleWinsAndAnEmptyFolderIsTheRoot) {
    DlcsSpaces root({{"7", "3", ""}});
    EXPECT_EQ(root.identifier("7", "3", "s1.jpg"), "s1.jpg");
    EXPECT_EQ(root.identifier("7", "4", "s1.jpg"), std::nullopt);
    EXPECT_EQ(kSpaces.identifier("2", "1", "x"), "museum/prints/x");
    EXPECT_EQ(kSpaces.identifier("2", "2", "x"), "2/2/x");
    EXPECT_EQ(kSpaces.identifier("acme", "2", "x"), "acme/2/x");
}

} // namespace
} // namespace pictor::dialects::iiif
