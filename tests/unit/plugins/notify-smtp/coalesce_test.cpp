// Which queued alerts are merged into one message.
#include "coalesce.hpp"

#include <gtest/gtest.h>

namespace routerd::smtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const sys_seconds kT0 = sys_days{2026y / November / 27};

std::vector<std::vector<std::uint64_t>> ids(const CoalesceDecision& decision) {
    std::vector<std::vector<std::uint64_t>> out;
    for (const Batch& batch : decision.ready) {
        out.push_back(batch.ids);
    }
    return out;
}

using Ids = std::vector<std::vector<std::uint64_t>>;

const std::vector<QueuedAlert> kFlapping = {
    {1, "VI_1", kT0},       {2, "VI_1", kT0 + 2s},  {3, "rs", kT0 + 3s},
    {4, "VI_1", kT0 + 10s}, {5, "VI_1", kT0 + 30s}, {6, "VI_1", kT0 + 31s},
};

TEST(Coalesce, OffMeansOneMailPerEvent) {
    const CoalesceDecision decision = coalesce(kFlapping, 0s, kT0);
    EXPECT_EQ(ids(decision), (Ids{{1}, {2}, {3}, {4}, {5}, {6}}));
    EXPECT_FALSE(decision.recheck_at);
}

TEST(Coalesce, HeldWhileTheWindowIsOpen) {
    const CoalesceDecision decision = coalesce(kFlapping, 30s, kT0 + 29s);
    EXPECT_TRUE(decision.ready.empty());
    EXPECT_EQ(decision.recheck_at, kT0 + 30s);
}

TEST(Coalesce, SameKeyWithinTheWindowIsOneMessage) {
    const CoalesceDecision decision = coalesce(kFlapping, 30s, kT0 + 33s);
    // VI_1's window [0, 30) holds 1, 2 and 4; 5 opens the next window, still open;
    // rs's window [3, 33) has closed.
    EXPECT_EQ(ids(decision), (Ids{{1, 2, 4}, {3}}));
    EXPECT_EQ(decision.recheck_at, kT0 + 60s);
}

TEST(Coalesce, EverythingOnceAllWindowsClosed) {
    const CoalesceDecision decision = coalesce(kFlapping, 30s, kT0 + 60s);
    EXPECT_EQ(ids(decision), (Ids{{1, 2, 4}, {3}, {5, 6}}));
    EXPECT_FALSE(decision.recheck_at);
}

TEST(Coalesce, QueueOrderDoesNotMatter) {
    std::vector<QueuedAlert> reversed(kFlapping.rbegin(), kFlapping.rend());
    EXPECT_EQ(ids(coalesce(reversed, 30s, kT0 + 60s)), (Ids{{1, 2, 4}, {3}, {5, 6}}));
    EXPECT_EQ(ids(coalesce(reversed, 0s, kT0)), (Ids{{1}, {2}, {3}, {4}, {5}, {6}}));
}

TEST(Coalesce, SameTimeOrderedById) {
    const std::vector<QueuedAlert> queued = {{9, "a", kT0}, {7, "b", kT0}, {8, "a", kT0}};
    EXPECT_EQ(ids(coalesce(queued, 5s, kT0 + 5s)), (Ids{{7}, {8, 9}}));
}

TEST(Coalesce, EmptyQueue) {
    const CoalesceDecision decision = coalesce({}, 30s, kT0);
    EXPECT_TRUE(decision.ready.empty());
    EXPECT_FALSE(decision.recheck_at);
}

}  // namespace
}  // namespace routerd::smtp
