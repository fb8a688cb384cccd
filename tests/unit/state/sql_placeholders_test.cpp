// PostgreSQL gets `$1, $2 …` where pictor's SQL says `?`; quoted text is left alone.
#include <gtest/gtest.h>

#include "state/postgres_db.h"

namespace pictor::state {
namespace {

TEST(NumberedPlaceholders, CountsOnlyUnquotedQuestionMarks) {
    struct Row {
        const char* in;
        const char* out;
    } rows[] = {
        {"SELECT 1", "SELECT 1"},
        {"SELECT a FROM t WHERE id = ?", "SELECT a FROM t WHERE id = $1"},
        {"INSERT INTO t (a, b) VALUES (?,?)", "INSERT INTO t (a, b) VALUES ($1,$2)"},
        {"SELECT '?' FROM t WHERE a = ? AND b = 'x?y'",
         "SELECT '?' FROM t WHERE a = $1 AND b = 'x?y'"},
        {"UPDATE t SET a = 'it''s ?' WHERE b = ?", "UPDATE t SET a = 'it''s ?' WHERE b = $1"},
        {"? ? ? ? ? ? ? ? ? ? ?", "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11"},
    };
    for (const auto& r : rows)
        EXPECT_EQ(numbered_placeholders(r.in), r.out) << r.in;
}

} // namespace
} // namespace pictor::state
