#include "util/levenshtein.hpp"

#include <gtest/gtest.h>

using routerd::did_you_mean;
using routerd::edit_distance;

TEST(Levenshtein, Distance) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("priority", "priorty"), 1u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("advert_int", "advert_int"), 0u);
    EXPECT_EQ(edit_distance("retyr", "retry"), 1u);  // a transposition is one slip
    EXPECT_EQ(edit_distance("ab", "ba"), 1u);
}

TEST(Levenshtein, Suggestions) {
    const std::vector<std::string> keys = {"priority", "advert_int", "interface", "state"};
    EXPECT_EQ(did_you_mean("priorty", keys), "priority");
    EXPECT_EQ(did_you_mean("advert_intt", keys), "advert_int");
    EXPECT_EQ(did_you_mean("stat", keys), "state");
    EXPECT_EQ(did_you_mean("intreface", keys), "interface");
    EXPECT_EQ(did_you_mean("bandwidth", keys), std::nullopt);
    EXPECT_EQ(did_you_mean("x", {}), std::nullopt);
}
