// The converter's request grammar as a table: path + query -> operation, key, format, or error.
#include <gtest/gtest.h>

#include "dialects/converter/route.h"

namespace pictor::dialects::converter {
namespace {

struct Case {
    const char* path;
    const char* query;
    const char* expect; // "op|key|format|context" or "error:<code>"
};

std::string run(const Case& c) {
    auto r = parse_converter_route(c.path, c.query);
    if (!r) return std::string("error:") + core::to_string(r.error().code);
    return r->operation + "|" + r->key + "|" + (r->format ? r->format->canonical() : "") + "|" +
           r->context.value_or("*");
}

const Case kCases[] = {
    {"cacheImage/k1", "", "cacheImage|k1||*"},
    {"cacheImage/a%2Fb", "context=c", "cacheImage|a/b||c"},
    // context= is no context (a generated client's default), as if the parameter were absent.
    {"getImage/k1/jpg:200x150", "context=", "getImage|k1|jpg:200x150~contain@75|*"},
    {"getKeyCount", "context=", "getKeyCount|||*"},
    {"getImage/k1/jpg:200x150%20", "", "getImage|k1|jpg:200x150~contain@75|*"},
    {"getImage/folder/k1/png:100x-1~cover", "", "getImage|folder/k1|png:100x-1~cover@75|*"},
    {"getImageAndMetadata/k/auto:200x150", "", "getImageAndMetadata|k|auto:200x150~contain@75|*"},
    {"getMetadata/k", "", "getMetadata|k||*"},
    {"clearImages", "context=x", "clearImages|||x"},
    {"getKeys", "", "getKeys|||*"},
    {"status", "metrics=yes", "status|||*"},
    {"getImage/k1", "", "error:bad_request"},        // no format
    {"getImage/k1/jpg:zz", "", "error:bad_request"}, // bad format
    {"cacheImage/", "", "error:bad_request"},        // empty key
    {"getMetadata/%zz", "", "error:bad_request"},    // bad encoding
    {"clearImages/extra", "", "error:not_found"},    // nothing belongs there
    {"getKeyCount/x", "", "error:not_found"},
    {"nosuch/k", "", "error:not_found"},
    {"getKeys", "context=a&context=b", "error:bad_request"},     // repeated parameter
    {"cacheImage/a%0D%0ASet-Cookie:x", "", "error:bad_request"}, // CR/LF in a key
    {"getMetadata/tab%09key", "", "error:bad_request"},
    {"getKeys", "context=a%0Ab", "error:bad_request"},              // LF in a context
    {"getMetadata/caf%C3%A9%20key", "", "getMetadata|café key||*"}, // UTF-8 and spaces are fine
};

class ConverterRouteTable : public ::testing::TestWithParam<Case> {};

TEST_P(ConverterRouteTable, Parses) { EXPECT_EQ(run(GetParam()), GetParam().expect); }

INSTANTIATE_TEST_SUITE_P(Routes, ConverterRouteTable, ::testing::ValuesIn(kCases));

TEST(ConverterRoute, KeysAreBounded) {
    std::string path = "getMetadata/" + std::string(1025, 'k');
    EXPECT_FALSE(parse_converter_route(path, ""));
    EXPECT_TRUE(parse_converter_route("getMetadata/" + std::string(1024, 'k'), ""));
    EXPECT_EQ(operand_of("getImage"), Operand::KeyAndFormat);
    EXPECT_FALSE(operand_of("getimage"));
}

} // namespace
} // namespace pictor::dialects::converter
