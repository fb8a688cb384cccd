// MediaWiki titles: the namespace prefix, '_' and ' ', and the capital first letter.
#include <algorithm>

#include <gtest/gtest.h>

#include "dialects/file/file_paths.h"

namespace pictor::dialects::file {
namespace {

TEST(FileTitles, CandidatesInTheOrderToTry) {
    struct Row {
        const char* title;
        std::vector<std::string> candidates;
    };
    const Row rows[] = {
        {"photo.jpg", {"photo.jpg", "Photo.jpg"}},
        {"File:photo.jpg", {"photo.jpg", "Photo.jpg"}},
        {"Image:photo.jpg", {"photo.jpg", "Photo.jpg"}},
        {"file:My_file.jpg", {"My_file.jpg", "My file.jpg"}},
        {"My file.jpg", {"My file.jpg", "My_file.jpg"}},
        {"my_file.jpg", {"my_file.jpg", "my file.jpg", "My_file.jpg", "My file.jpg"}},
        {"File:", {"File:"}}, // a bare namespace is a (non-existent) name
        {"collection/page1.jpg", {"collection/page1.jpg", "Collection/page1.jpg"}},
    };
    for (const auto& row : rows) {
        auto got = title_candidates(row.title);
        std::vector<std::string> want;
        for (const auto& c : row.candidates)
            if (!c.empty() && std::find(want.begin(), want.end(), c) == want.end())
                want.push_back(c);
        EXPECT_EQ(got, want) << row.title;
    }
}

TEST(FileTitles, UnderscoresAndSpacesAreTheSameTitle) {
    EXPECT_TRUE(same_title("120px-My_file.jpg", "120px-My file.jpg"));
    EXPECT_TRUE(same_title("a b_c", "a_b c"));
    EXPECT_FALSE(same_title("120px-My_file.jpg", "120px-My-file.jpg"));
    EXPECT_FALSE(same_title("a", "ab"));
}

} // namespace
} // namespace pictor::dialects::file
