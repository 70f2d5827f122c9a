#include <gtest/gtest.h>

#include "routerd/ipvs/userspace/accounting.h"

namespace routerd::ipvs::userspace {
namespace {

TEST(ConnectionTicket, CountsActiveThenInactiveThenNothing) {
    auto load = std::make_shared<DestinationLoad>();
    {
        ConnectionTicket ticket(load, true);
        EXPECT_EQ(load->active(), 1u);
        EXPECT_EQ(load->inactive(), 0u);
        ticket.deactivate();
        ticket.deactivate();  // a second half-close changes nothing
        EXPECT_EQ(load->active(), 0u);
        EXPECT_EQ(load->inactive(), 1u);
    }
    EXPECT_EQ(load->active(), 0u);
    EXPECT_EQ(load->inactive(), 0u);
}

TEST(ConnectionTicket, AUdpFlowIsInactiveFromTheStart) {
    auto load = std::make_shared<DestinationLoad>();
    ConnectionTicket ticket(load, false);
    EXPECT_EQ(load->active(), 0u);
    EXPECT_EQ(load->inactive(), 1u);
}

TEST(ConnectionTicket, MovesWithoutCountingTwice) {
    auto load = std::make_shared<DestinationLoad>();
    auto other = std::make_shared<DestinationLoad>();
    ConnectionTicket a(load, true);
    ConnectionTicket b(std::move(a));
    EXPECT_EQ(load->active(), 1u);
    ConnectionTicket c(other, true);
    c = std::move(b);  // c's own claim on `other` ends
    EXPECT_EQ(other->active(), 0u);
    EXPECT_EQ(load->active(), 1u);
    ConnectionTicket empty;
    empty.deactivate();  // harmless
}

TEST(DestinationLoad, OverloadsAtTheUpperThresholdAndRecoversBelowTheLower) {
    auto load = std::make_shared<DestinationLoad>();
    load->set_thresholds(4, 2);
    std::vector<ConnectionTicket> open;
    for (int i = 0; i < 3; ++i) {
        open.emplace_back(load, true);
    }
    EXPECT_FALSE(load->overloaded());
    open.emplace_back(load, false);
    EXPECT_TRUE(load->overloaded());  // 4 = upper
    open.pop_back();
    EXPECT_TRUE(load->overloaded());  // 3: not below the lower threshold yet
    open.pop_back();
    EXPECT_TRUE(load->overloaded());  // 2
    open.pop_back();
    EXPECT_FALSE(load->overloaded());  // 1 < 2
}

TEST(DestinationLoad, WithoutALowerThresholdRecoversBelowThreeQuarters) {
    auto load = std::make_shared<DestinationLoad>();
    load->set_thresholds(8, 0);
    std::vector<ConnectionTicket> open;
    for (int i = 0; i < 8; ++i) {
        open.emplace_back(load, true);
    }
    EXPECT_TRUE(load->overloaded());
    open.resize(6);  // 6 * 4 = 24 = 8 * 3: not below
    EXPECT_TRUE(load->overloaded());
    open.resize(5);
    EXPECT_FALSE(load->overloaded());
}

TEST(DestinationLoad, NewThresholdsTakeEffectAtOnce) {
    auto load = std::make_shared<DestinationLoad>();
    std::vector<ConnectionTicket> open;
    for (int i = 0; i < 3; ++i) {
        open.emplace_back(load, true);
    }
    load->set_thresholds(3, 0);
    EXPECT_TRUE(load->overloaded());
    load->set_thresholds(0, 0);  // no limit any more
    EXPECT_FALSE(load->overloaded());
}

}  // namespace
}  // namespace routerd::ipvs::userspace
