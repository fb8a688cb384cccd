// MediaWiki titles: the namespace prefix, '_' and ' ', and the capital first letter.
#include <algorithm>

#include <gtest/gtest.h>

#include "dialects/file/file_paths.h"

namespace pictor::dialects::file {
namespace {

TEST(FileTitles, CandidatesInTheOrderToTry) {
    struct Row {
        const char* title;
        bool capital_links;
        std::vector<std::string> candidates;
    };
    const Row rows[] = {
        {"photo.jpg", true, {"photo.jpg", "Photo.jpg"}},
        {"File:photo.jpg", true, {"photo.jpg", "Photo.jpg"}},
        {"Image:photo.jpg", true, {"photo.jpg", "Photo.jpg"}},
        {"FILE:photo.jpg", true, {"photo.jpg", "Photo.jpg"}},
        {"file:My_file.jpg", true, {"My_file.jpg", "My file.jpg", "my_file.jpg", "my file.jpg"}},
        {"My file.jpg", true, {"My file.jpg", "My_file.jpg", "my file.jpg", "my_file.jpg"}},
        {"my_file.jpg", true, {"my_file.jpg", "my file.jpg", "My_file.jpg", "My file.jpg"}},
        // Blanks around the title go, and a run of them inside is one.
        {" My__file.jpg_ ",
         true,
         {"My__file.jpg", "My file.jpg", "My_file.jpg", "my__file.jpg", "my file.jpg",
          "my_file.jpg"}},
        {"File: photo.jpg", true, {"photo.jpg", "Photo.jpg"}},
        {"File:", true, {"File:", "file:"}}, // a bare namespace is a (non-existent) name
        {"collection/page1.jpg", true, {"collection/page1.jpg", "Collection/page1.jpg"}},
        // Without $wgCapitalLinks the first letter's case is the title's.
        {"photo.jpg", false, {"photo.jpg"}},
        {"File:my_file.jpg", false, {"my_file.jpg", "my file.jpg"}},
    };
    for (const auto& row : rows)
        EXPECT_EQ(title_candidates(row.title, row.capital_links), row.candidates) << row.title;
}

TEST(FileTitles, TheDisplayTitleIsMediaWikisNormalisedTitle) {
    struct Row {
        const char* title;
        bool capital_links;
        const char* display;
    };
    const Row rows[] = {
        {" file:under_score.jpg", true, "Under score.jpg"},
        {"IMAGE:x.jpg", true, "X.jpg"},
        {"photo.jpg", true, "Photo.jpg"},
        {"photo.jpg", false, "photo.jpg"},
        {"a__b  c.jpg_", true, "A b c.jpg"},
        {"File:Photo.jpg", false, "Photo.jpg"},
    };
    for (const auto& row : rows)
        EXPECT_EQ(display_title(row.title, row.capital_links), row.display) << row.title;
}

TEST(FileTitles, UnderscoresAndSpacesAreTheSameTitle) {
    EXPECT_TRUE(same_title("120px-My_file.jpg", "120px-My file.jpg"));
    EXPECT_TRUE(same_title("a b_c", "a_b c"));
    EXPECT_FALSE(same_title("120px-My_file.jpg", "120px-My-file.jpg"));
    EXPECT_FALSE(same_title("a", "ab"));
}

} // namespace
} // namespace pictor::dialects::file
