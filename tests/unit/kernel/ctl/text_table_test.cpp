#include "ctl/text_table.hpp"

#include <gtest/gtest.h>

namespace routerd::ctl {
namespace {

TEST(TextTable, PadsEveryColumnButTheLastToItsWidestCell) {
    TextTable table({"NAME", "STATE", "WHY"});
    table.add({"VI_1", "MASTER", "priority 200 beats 100"});
    table.add({"VI_LONG_NAME", "BACKUP", ""});
    EXPECT_EQ(table.render(),
              "NAME          STATE   WHY\n"
              "VI_1          MASTER  priority 200 beats 100\n"
              "VI_LONG_NAME  BACKUP\n");
}

TEST(TextTable, ShortRowsArePaddedAndLongRowsRefused) {
    TextTable table({"A", "B", "C"});
    table.add({"x"});
    EXPECT_EQ(table.render(), "A  B  C\nx\n");
    EXPECT_THROW(table.add({"1", "2", "3", "4"}), std::logic_error);
}

TEST(TextTable, SaysNoneWhenEmpty) {
    TextTable table({"A"});
    EXPECT_TRUE(table.empty());
    EXPECT_EQ(table.render(), "(none)\n");
    EXPECT_EQ(table.render("no alerts"), "no alerts\n");
}

TEST(TextTable, CountsUtf8CharactersNotBytes) {
    TextTable table({"A", "B"});
    table.add({"é", "1"});  // two bytes, one column
    table.add({"ab", "2"});
    EXPECT_EQ(table.render(), "A   B\né   1\nab  2\n");
}

}  // namespace
}  // namespace routerd::ctl
