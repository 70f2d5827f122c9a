#include "routerd/common/shared_value.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

namespace routerd::common {
namespace {

TEST(SharedValue, ReadsTheLastValueSet) {
    SharedValue<std::string> value;
    EXPECT_EQ(*value.get(), "");
    value.set("r1");
    EXPECT_EQ(*value.get(), "r1");
}

TEST(SharedValue, AReadKeepsItsValueAcrossASet) {
    SharedValue<std::string> value("old");
    const auto held = value.get();
    value.set("new");
    EXPECT_EQ(*held, "old");
    EXPECT_EQ(*value.get(), "new");
}

// A reload replacing router_id while the VRRP thread reads it: every read is one whole value
// (under ThreadSanitizer, the unguarded std::string this replaces reports a race here).
TEST(SharedValue, ReadsDuringSetsSeeWholeValues) {
    SharedValue<std::string> value(std::string(64, 'a'));
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (int i = 0; i < 20000; ++i)
            value.set(std::string(i % 2 ? 64 : 200, i % 2 ? 'a' : 'b'));
        done = true;
    });
    size_t torn = 0;
    while (!done) {
        const auto read = value.get();
        const bool whole =
            (read->size() == 64 && read->find_first_not_of('a') == std::string::npos) ||
            (read->size() == 200 && read->find_first_not_of('b') == std::string::npos);
        torn += whole ? 0 : 1;
    }
    writer.join();
    EXPECT_EQ(torn, 0u);
}

}  // namespace
}  // namespace routerd::common
