// The series key: every list of label values comes back as it was, two lists never share a key,
// and keys sort as the lists do (a scrape lists series in label-value order).
#include "metrics/series_key.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace routerd::metrics {
namespace {

using Values = std::vector<std::string>;
using namespace std::string_literals;

// Lists with the bytes the encoding treats apart (0x00, 0x01, 0x02), empty values and values
// that are prefixes of one another.
std::vector<Values> tricky_lists(std::size_t count) {
    const std::vector<std::string> pieces = {"",    "a",     "ab",  "b",    "\0"s,   "\0a"s,
                                             "\1"s, "\1\1"s, "\2"s, "a\0"s, "a\1b"s, "\xff"};
    std::vector<Values> lists;
    if (count == 1) {
        for (const std::string& p : pieces)
            lists.push_back({p});
    } else {
        for (const std::string& p : pieces) {
            for (const std::string& q : pieces)
                lists.push_back({p, q});
        }
    }
    return lists;
}

TEST(SeriesKey, EveryListComesBackAsItWas) {
    EXPECT_EQ(decode_series_key(encode_series_key({}), 0), Values{});
    EXPECT_EQ(decode_series_key(encode_series_key({""}), 1), Values{""});
    EXPECT_EQ(decode_series_key(encode_series_key({"", ""}), 2), (Values{"", ""}));
    for (std::size_t count : {1u, 2u}) {
        for (const Values& values : tricky_lists(count))
            EXPECT_EQ(decode_series_key(encode_series_key(values), count), values);
    }
}

TEST(SeriesKey, ShortValuesJoinedByZero) {
    EXPECT_EQ(encode_series_key({"I0_1", "1", "backup"}),
              "I0_1\0"
              "1\0backup"s);
    EXPECT_EQ(encode_series_key({"a\0b"s, "\1"s}), "a\1\1b\0\1\2"s);
}

TEST(SeriesKey, KeysAreDistinctAndSortAsTheLists) {
    for (std::size_t count : {1u, 2u}) {
        const std::vector<Values> lists = tricky_lists(count);
        std::set<std::string> keys;
        for (const Values& values : lists)
            keys.insert(encode_series_key(values));
        EXPECT_EQ(keys.size(), lists.size());
        for (const Values& a : lists) {
            for (const Values& b : lists) {
                EXPECT_EQ(a < b, encode_series_key(a) < encode_series_key(b))
                    << testing::PrintToString(a) << " vs " << testing::PrintToString(b);
            }
        }
    }
}

}  // namespace
}  // namespace routerd::metrics
