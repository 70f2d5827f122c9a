#include <gtest/gtest.h>

#include <stdexcept>

#include "rise_fall.hpp"

namespace routerd::vrrp::track {
namespace {

// The man page's wording as an independent model: `rise` successes in a row bring a down
// script up, `fall` failures in a row bring an up one down; before any result the first one
// decides, unless init_fail.
struct ConsecutiveModel {
    RiseFallConfig config;
    std::optional<bool> up;
    int streak = 0;  // consecutive results against the current state
    explicit ConsecutiveModel(RiseFallConfig c) : config(c) {
        if (c.init_fail) up = false;
    }
    void record(bool success) {
        if (!up) {
            up = success;
            return;
        }
        if (success == *up) {
            streak = 0;
            return;
        }
        if (++streak == (*up ? config.fall : config.rise)) {
            up = success;
            streak = 0;
        }
    }
};

TEST(RiseFall, MatchesTheConsecutiveResultsModelOnEverySequence) {
    for (int rise = 1; rise <= 4; ++rise)
        for (int fall = 1; fall <= 4; ++fall)
            for (bool init_fail : {false, true})
                for (int length = 0; length <= 10; ++length)
                    for (unsigned bits = 0; bits < (1u << length); ++bits) {
                        RiseFallConfig config{rise, fall, init_fail};
                        RiseFall counter(config);
                        ConsecutiveModel model(config);
                        ASSERT_EQ(counter.up(), model.up);
                        for (int i = 0; i < length; ++i) {
                            bool success = (bits >> i) & 1u;
                            std::optional<bool> before = counter.up();
                            bool changed = counter.record(success);
                            model.record(success);
                            ASSERT_EQ(counter.up(), model.up)
                                << "rise " << rise << " fall " << fall << " init_fail " << init_fail
                                << " bits " << bits << " step " << i;
                            ASSERT_EQ(changed, counter.up() != before);
                        }
                    }
}

TEST(RiseFall, UnknownUntilTheFirstResultWithoutInitFail) {
    RiseFall counter(RiseFallConfig{3, 3, false});
    EXPECT_EQ(counter.up(), std::nullopt);
    EXPECT_TRUE(counter.record(true)) << "one success is enough at start, as in keepalived";
    EXPECT_EQ(counter.up(), true);
}

TEST(RiseFall, InitFailIsDownAndNeedsRiseSuccesses) {
    RiseFall counter(RiseFallConfig{2, 1, true});
    EXPECT_EQ(counter.up(), false);
    EXPECT_FALSE(counter.record(true));
    EXPECT_TRUE(counter.record(true));
    EXPECT_EQ(counter.up(), true);
}

TEST(RiseFall, RejectsZeroRiseOrFall) {
    EXPECT_THROW(RiseFall(RiseFallConfig{0, 1, false}), std::invalid_argument);
    EXPECT_THROW(RiseFall(RiseFallConfig{1, 0, false}), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp::track
