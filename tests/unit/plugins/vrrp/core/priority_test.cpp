#include <gtest/gtest.h>

#include <vector>

#include "priority.hpp"

namespace routerd::vrrp {
namespace {

TrackedObject obj(TrackKind kind, std::string name, int weight, bool up, bool reverse = false) {
    TrackedObject t;
    t.kind = kind;
    t.name = std::move(name);
    t.weight = weight;
    t.up = up;
    t.reverse = reverse;
    return t;
}

TrackedObject file(std::string name, int weight, std::int64_t value, bool reverse = false) {
    TrackedObject t = obj(TrackKind::file, std::move(name), weight, true, reverse);
    t.file_value = value;
    return t;
}

PriorityReport eval(std::uint8_t base, std::vector<TrackedObject> tracked) {
    return effective_priority(base, tracked);
}

TEST(Priority, NegativeWeightAppliesWhenDown) {
    const auto r = eval(200, {obj(TrackKind::process, "sshd", -50, false)});
    EXPECT_EQ(r.effective, 150);
    EXPECT_FALSE(r.fault);
    EXPECT_EQ(r.explain(), "150 = 200 base - 50 track_process sshd down");
    EXPECT_EQ(eval(200, {obj(TrackKind::process, "sshd", -50, true)}).effective, 200);
}

TEST(Priority, PositiveWeightAppliesWhenUp) {
    EXPECT_EQ(eval(100, {obj(TrackKind::script, "chk", 20, true)}).effective, 120);
    EXPECT_EQ(eval(100, {obj(TrackKind::script, "chk", 20, false)}).effective, 100);
    EXPECT_EQ(eval(100, {obj(TrackKind::script, "chk", 20, true)}).explain(),
              "120 = 100 base + 20 track_script chk up");
}

TEST(Priority, ReverseNegatesTheAdjustment) {
    EXPECT_EQ(eval(100, {obj(TrackKind::interface, "eth1", 20, true, true)}).effective, 80);
    EXPECT_EQ(eval(100, {obj(TrackKind::interface, "eth1", 20, false, true)}).effective, 100);
    EXPECT_EQ(eval(100, {obj(TrackKind::interface, "eth1", -20, false, true)}).effective, 120);
    EXPECT_EQ(eval(100, {obj(TrackKind::interface, "eth1", 20, true, true)}).explain(),
              "80 = 100 base - 20 track_interface eth1 up (reverse)");
}

TEST(Priority, WeightZeroMeansFault) {
    const auto r = eval(100, {obj(TrackKind::interface, "eth1", 0, false)});
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.effective, 100);
    EXPECT_EQ(r.explain(), "100 = 100 base; FAULT: track_interface eth1 down");
    // A track_group's interface says so (config_track_group.hpp).
    TrackedObject grouped = obj(TrackKind::interface, "s0", 0, false);
    grouped.by = "track_group G1";
    EXPECT_EQ(eval(100, {grouped}).explain(),
              "100 = 100 base; FAULT: track_interface s0 down (track_group G1)");
    EXPECT_FALSE(eval(100, {obj(TrackKind::interface, "eth1", 0, true)}).fault);
    EXPECT_TRUE(eval(100, {obj(TrackKind::interface, "eth1", 0, true, true)}).fault);
    EXPECT_FALSE(eval(100, {obj(TrackKind::interface, "eth1", 0, false, true)}).fault);
}

TEST(Priority, ClampsTo1And254) {
    EXPECT_EQ(eval(200, {obj(TrackKind::script, "a", 100, true)}).effective, 254);
    EXPECT_EQ(eval(200, {obj(TrackKind::script, "a", 100, true)}).explain(),
              "254 = 200 base + 100 track_script a up (clamped to 1..254)");
    EXPECT_EQ(eval(10, {obj(TrackKind::script, "a", -253, false)}).effective, 1);
    EXPECT_EQ(eval(254, {obj(TrackKind::script, "a", 1, true)}).effective, 254);
}

TEST(Priority, WeightsAddUp) {
    const auto r =
        eval(100, {obj(TrackKind::script, "a", 30, true), obj(TrackKind::process, "b", -50, false),
                   obj(TrackKind::interface, "c", -10, true)});
    EXPECT_EQ(r.effective, 80);
    EXPECT_EQ(r.reasons.size(), 2u);
    EXPECT_EQ(r.explain(), "80 = 100 base + 30 track_script a up - 50 track_process b down");
}

TEST(Priority, OwnerIgnoresWeightsButNotFaults) {
    auto r = eval(255, {obj(TrackKind::script, "a", -100, false)});
    EXPECT_EQ(r.effective, 255);
    EXPECT_EQ(r.explain(),
              "255 = 255 base - 100 track_script a down (address owner: weights ignored)");
    r = eval(255, {obj(TrackKind::script, "a", 0, false)});
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.effective, 255);
}

TEST(Priority, TrackFileMultipliesTheValue) {
    EXPECT_EQ(eval(100, {file("f", 2, 10)}).effective, 120);
    EXPECT_EQ(eval(100, {file("f", 2, -10)}).effective, 80);
    EXPECT_EQ(eval(100, {file("f", 2, 10, true)}).effective, 80);
    EXPECT_EQ(eval(100, {file("f", 1, 0)}).effective, 100);
    EXPECT_EQ(eval(100, {file("f", 2, 10)}).explain(), "120 = 100 base + 20 track_file f = 10");
}

TEST(Priority, TrackFileLimitsAndFault) {
    EXPECT_EQ(eval(100, {file("f", 1, 1'000'000'000'000)}).total, 353);  // +253 at most
    const auto r = eval(100, {file("f", 1, -254)});
    EXPECT_TRUE(r.fault);
    EXPECT_EQ(r.effective, 100);
    EXPECT_TRUE(eval(100, {file("f", 3, -1'000'000'000'000)}).fault);
    EXPECT_FALSE(eval(100, {file("f", 1, -253)}).fault);
    EXPECT_EQ(eval(100, {file("f", 1, -253)}).effective, 1);
}

TEST(Priority, TrackFileWeightZero) {
    EXPECT_TRUE(eval(100, {file("f", 0, 5)}).fault);
    EXPECT_FALSE(eval(100, {file("f", 0, 0)}).fault);
    EXPECT_TRUE(eval(100, {file("f", 0, 0, true)}).fault);
    EXPECT_FALSE(eval(100, {file("f", 0, 5, true)}).fault);
}

TEST(Priority, NothingTracked) {
    const auto r = eval(100, {});
    EXPECT_EQ(r.effective, 100);
    EXPECT_EQ(r.explain(), "100 = 100 base");
}

TEST(Priority, KindNames) {
    EXPECT_EQ(name(TrackKind::interface), "track_interface");
    EXPECT_EQ(name(TrackKind::script), "track_script");
    EXPECT_EQ(name(TrackKind::process), "track_process");
    EXPECT_EQ(name(TrackKind::file), "track_file");
}

}  // namespace
}  // namespace routerd::vrrp
