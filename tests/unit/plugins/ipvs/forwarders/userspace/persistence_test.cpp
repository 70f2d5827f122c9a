#include <gtest/gtest.h>

#include "routerd/ipvs/userspace/persistence.h"

namespace routerd::ipvs::userspace {
namespace {

using std::chrono::seconds;

Address16 v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return {a, b, c, d};
}

Address16 mask_bits(unsigned bits) {
    Address16 m{};
    for (unsigned i = 0; i < bits; ++i) {
        m[i / 8] |= static_cast<uint8_t>(0x80u >> (i % 8));
    }
    return m;
}

TEST(PersistenceTable, DisabledWithoutATimeout) {
    EXPECT_FALSE(PersistenceTable(seconds(0), mask_bits(128)).enabled());
    EXPECT_TRUE(PersistenceTable(seconds(1), mask_bits(128)).enabled());
}

TEST(PersistenceTable, AClientKeepsItsServerUntilTheTimeout) {
    PersistenceTable table(seconds(300), mask_bits(128));
    const Address16 client = v4(198, 51, 100, 7);
    EXPECT_FALSE(table.lookup(client, seconds(0)));
    table.remember(client, "10.0.0.1:80", seconds(10));
    EXPECT_EQ(table.lookup(client, seconds(309)), "10.0.0.1:80");
    EXPECT_FALSE(table.lookup(client, seconds(310)));
    EXPECT_EQ(table.size(), 0u);  // the expired template went with the lookup
}

TEST(PersistenceTable, ANewConnectionRenewsTheTemplate) {
    PersistenceTable table(seconds(60), mask_bits(128));
    const Address16 client = v4(198, 51, 100, 7);
    table.remember(client, "10.0.0.1:80", seconds(0));
    table.remember(client, "10.0.0.1:80", seconds(50));
    EXPECT_EQ(table.lookup(client, seconds(100)), "10.0.0.1:80");
}

TEST(PersistenceTable, TheGranularityGroupsClients) {
    PersistenceTable table(seconds(60), mask_bits(24));
    table.remember(v4(198, 51, 100, 7), "10.0.0.2:80", seconds(0));
    EXPECT_EQ(table.lookup(v4(198, 51, 100, 200), seconds(1)), "10.0.0.2:80");
    EXPECT_FALSE(table.lookup(v4(198, 51, 101, 7), seconds(1)));
}

TEST(PersistenceTable, ExpireSweepsOnlyTheOldTemplates) {
    PersistenceTable table(seconds(60), mask_bits(128));
    table.remember(v4(192, 0, 2, 1), "a", seconds(0));
    table.remember(v4(192, 0, 2, 2), "b", seconds(30));
    table.expire(seconds(60));
    EXPECT_EQ(table.size(), 1u);
    EXPECT_EQ(table.lookup(v4(192, 0, 2, 2), seconds(60)), "b");
}

TEST(PersistenceTable, ForgetDropsTheClientsTemplate) {
    PersistenceTable table(seconds(60), mask_bits(24));
    table.remember(v4(192, 0, 2, 1), "a", seconds(0));
    table.forget(v4(192, 0, 2, 99));  // same /24
    EXPECT_EQ(table.size(), 0u);
}

TEST(PersistenceTable, NewSettingsForgetEveryClientUnchangedOnesNone) {
    PersistenceTable table(seconds(60), mask_bits(32));
    table.remember(v4(192, 0, 2, 1), "a", seconds(0));
    table.reset(seconds(60), mask_bits(32));
    EXPECT_EQ(table.size(), 1u);
    table.reset(seconds(60), mask_bits(24));
    EXPECT_EQ(table.size(), 0u);
    table.remember(v4(192, 0, 2, 1), "a", seconds(0));
    table.reset(seconds(120), mask_bits(24));
    EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace routerd::ipvs::userspace
