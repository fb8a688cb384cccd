// The size rules of docs/access.md as a table: scenario x viewer x request -> outcome.
#include <gtest/gtest.h>

#include "policy/asset_policy.h"

namespace pictor::policy {
namespace {

constexpr int kPlatform = 10000;

AssetPolicy scenario(int n) {
    std::vector<std::string> staff{"staff"};
    switch (n) {
    case 1: return {};
    case 2: return {{}, 1000, 0, 0};
    case 3: return {{}, 1000, 400, 512};
    case 4: return {staff, 0, 0, 0};
    case 5: return {staff, 1000, 0, 0};
    case 6: return {staff, 0, 400, 0};
    case 7: return {staff, 1000, 400, 0};
    case 8: return {staff, 0, 0, 512};
    case 9: return {staff, 1000, 0, 512};
    case 10: return {staff, 0, 400, 512};
    case 11: return {staff, 2000, 400, 512};
    }
    return {};
}

const Viewer kAnonymous{};
const Viewer kWrongRole{true, {"other"}};
const Viewer kRightRole{true, {"staff"}};

// 0 = allowed, else the HTTP status the error maps to.
int outcome(const core::Result<void>& r) {
    if (r) return 0;
    switch (r.error().code) {
    case core::ErrorCode::TooLarge: return 400;
    case core::ErrorCode::Unauthorized: return 401;
    case core::ErrorCode::Forbidden: return 403;
    case core::ErrorCode::NotFound: return 404;
    default: return 500;
    }
}

struct Case {
    int scenario;
    const Viewer* viewer;
    ImageServiceKind service;
    bool full;
    core::Size output;
    int expected;
};

const Case kCases[] = {
    {1, &kAnonymous, ImageServiceKind::Main, false, {10000, 5000}, 0},
    {1, &kAnonymous, ImageServiceKind::Main, true, {10001, 5000}, 400}, // platform limit
    {2, &kRightRole, ImageServiceKind::Main, true, {1000, 667}, 0},
    {2, &kAnonymous, ImageServiceKind::Main, true, {1001, 667}, 400},
    {3, &kAnonymous, ImageServiceKind::Main, false, {1000, 667}, 0}, // openFullMax ignored
    {3, &kAnonymous, ImageServiceKind::Substitute, false, {256, 256}, 404},
    {4, &kAnonymous, ImageServiceKind::Main, true, {100, 67}, 401},
    {4, &kWrongRole, ImageServiceKind::Main, true, {100, 67}, 403},
    {4, &kRightRole, ImageServiceKind::Main, false, {10000, 6667}, 0},
    {5, &kAnonymous, ImageServiceKind::Main, true, {1500, 1000}, 401}, // roles before sizes
    {5, &kWrongRole, ImageServiceKind::Main, true, {1500, 1000}, 403},
    {5, &kRightRole, ImageServiceKind::Main, true, {1500, 1000}, 400},
    {5, &kRightRole, ImageServiceKind::Main, false, {1000, 667}, 0},
    {6, &kAnonymous, ImageServiceKind::Main, true, {400, 267}, 0},
    {6, &kAnonymous, ImageServiceKind::Main, true, {401, 267}, 401},
    {6, &kAnonymous, ImageServiceKind::Main, false, {256, 256}, 401}, // tiles need a role
    {6, &kWrongRole, ImageServiceKind::Main, false, {256, 256}, 403},
    {6, &kRightRole, ImageServiceKind::Main, true, {6000, 4000}, 0},
    {7, &kAnonymous, ImageServiceKind::Main, true, {400, 267}, 0},
    {7, &kRightRole, ImageServiceKind::Main, true, {1001, 667}, 400},
    {7, &kAnonymous, ImageServiceKind::Main, true, {1001, 667}, 401},
    {8, &kAnonymous, ImageServiceKind::Main, false, {256, 256}, 401},
    {8, &kAnonymous, ImageServiceKind::Main, true, {512, 341}, 0}, // thumbnails to 512
    {8, &kWrongRole, ImageServiceKind::Main, true, {513, 342}, 403},
    {8, &kAnonymous, ImageServiceKind::Substitute, false, {512, 512}, 0},
    {8, &kAnonymous, ImageServiceKind::Substitute, true, {513, 342}, 400},
    {8, &kRightRole, ImageServiceKind::Main, true, {10000, 6667}, 0},
    {9, &kAnonymous, ImageServiceKind::Substitute, false, {512, 341}, 0},
    {9, &kRightRole, ImageServiceKind::Main, true, {1001, 667}, 400},
    {10, &kAnonymous, ImageServiceKind::Main, true, {400, 267}, 0},
    {10, &kAnonymous, ImageServiceKind::Main, true, {512, 341}, 0},
    {10, &kAnonymous, ImageServiceKind::Main, true, {513, 342}, 401},
    {10, &kAnonymous, ImageServiceKind::Substitute, true, {512, 341}, 0},
    {11, &kWrongRole, ImageServiceKind::Main, true, {1999, 1333}, 403},
    {11, &kRightRole, ImageServiceKind::Main, true, {2001, 1334}, 400},
    {11, &kRightRole, ImageServiceKind::Main, true, {2000, 1333}, 0},
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << "scenario " << c.scenario << " " << core::to_string(c.output);
}

class SizePolicyTable : public ::testing::TestWithParam<Case> {};

TEST_P(SizePolicyTable, Authorise) {
    const Case& c = GetParam();
    SizePolicy p(scenario(c.scenario), kPlatform);
    EXPECT_EQ(outcome(p.authorise(*c.viewer, c.service, {c.full, c.output})), c.expected)
        << "scenario " << c.scenario;
}

INSTANTIATE_TEST_SUITE_P(Seed001, SizePolicyTable, ::testing::ValuesIn(kCases));

TEST(SizePolicy, MaxSquareAndThumbnailBoundPerScenario) {
    // scenario -> {max square anonymous full, right role, thumbnail bound (0 = none)}
    const int expected[12][3] = {{0, 0, 0},          {10000, 10000, 10000}, {1000, 1000, 1000},
                                 {1000, 1000, 1000}, {10000, 10000, 0},     {1000, 1000, 0},
                                 {400, 10000, 400},  {400, 1000, 400},      {512, 10000, 512},
                                 {512, 1000, 512},   {512, 10000, 512},     {512, 2000, 512}};
    for (int s = 1; s <= 11; ++s) {
        SizePolicy p(scenario(s), kPlatform);
        EXPECT_EQ(p.max_square(kAnonymous, ImageServiceKind::Main, true), expected[s][0]) << s;
        EXPECT_EQ(p.max_square(kRightRole, ImageServiceKind::Main, false), expected[s][1]) << s;
        EXPECT_EQ(p.thumbnail_bound().value_or(0), expected[s][2]) << s;
    }
}

TEST(SizePolicy, PreAuthoriseDecidesOnRolesAlone) {
    // Closed to the viewer whatever it asks: no source needs to be read.
    EXPECT_EQ(
        outcome(
            SizePolicy(scenario(4), kPlatform).pre_authorise(kAnonymous, ImageServiceKind::Main)),
        401);
    EXPECT_EQ(
        outcome(
            SizePolicy(scenario(5), kPlatform).pre_authorise(kWrongRole, ImageServiceKind::Main)),
        403);
    EXPECT_EQ(
        outcome(
            SizePolicy(scenario(5), kPlatform).pre_authorise(kRightRole, ImageServiceKind::Main)),
        0);
    // Something is open (openFullMax, openMaxWidth): the size decides later.
    for (int s : {1, 6, 8, 11})
        EXPECT_EQ(outcome(SizePolicy(scenario(s), kPlatform)
                              .pre_authorise(kAnonymous, ImageServiceKind::Main)),
                  0)
            << s;
    EXPECT_EQ(outcome(SizePolicy(scenario(6), kPlatform)
                          .pre_authorise(kAnonymous, ImageServiceKind::Substitute)),
              404);
}

TEST(SizePolicy, TierNamesWhatAnAnswerDependsOn) {
    EXPECT_EQ(SizePolicy(scenario(2), kPlatform).tier(kRightRole), "");
    EXPECT_EQ(SizePolicy(scenario(6), kPlatform).tier(kAnonymous), "open");
    EXPECT_EQ(SizePolicy(scenario(6), kPlatform).tier(kWrongRole), "open");
    EXPECT_EQ(SizePolicy(scenario(6), kPlatform).tier(kRightRole), "all");
}

TEST(SizePolicy, ProbeStatus) {
    EXPECT_EQ(SizePolicy(scenario(1), kPlatform).probe_status(kAnonymous), 200);
    EXPECT_EQ(SizePolicy(scenario(4), kPlatform).probe_status(kAnonymous), 401);
    EXPECT_EQ(SizePolicy(scenario(4), kPlatform).probe_status(kWrongRole), 403);
    EXPECT_EQ(SizePolicy(scenario(4), kPlatform).probe_status(kRightRole), 200);
}

TEST(SizePolicy, ValidateRejectsTheAdminApisBadValues) {
    EXPECT_TRUE(validate({{}, 0, 0, 0}, kPlatform));
    EXPECT_TRUE(validate({{"a"}, 256, 300, 512}, kPlatform));
    EXPECT_FALSE(validate({{}, 255, 0, 0}, kPlatform));
    EXPECT_FALSE(validate({{}, 1, 0, 0}, kPlatform));
    EXPECT_FALSE(validate({{}, -1, 0, 0}, kPlatform));
    EXPECT_FALSE(validate({{}, 0, -400, 0}, kPlatform));
    EXPECT_FALSE(validate({{}, 0, 0, 10001}, kPlatform));
    EXPECT_FALSE(validate({{""}, 0, 0, 0}, kPlatform));
}

} // namespace
} // namespace pictor::policy
