// The lvs_notify_fifo lines, as Keepalived 2.2.7 writes them (the qemu test compares the two
// daemons on a real IPVS).
#include "routerd/ipvs/service/fifo_lines.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

TEST(FifoLines, AnAddressedVirtualServerAndItsRealServer) {
    const VirtualServer vs = web();
    EXPECT_EQ(virtual_server_fifo_line(vs, true), "VS [172.16.0.100]:tcp:80 UP\n");
    EXPECT_EQ(virtual_server_fifo_line(vs, false), "VS [172.16.0.100]:tcp:80 DOWN\n");
    EXPECT_EQ(real_server_fifo_line({&vs, &vs.real_servers[1], false}),
              "RS [172.16.1.21]:tcp:80 [172.16.0.100]:tcp:80 DOWN\n");
}

TEST(FifoLines, ProtocolsAndIpv6InInetNtopsForm) {
    VirtualServer vs = web();
    vs.protocol = Protocol::udp;
    vs.addresses = {{"2001:DB8:0::100", 53, 0}};
    RealServer rs = real("rs", "2001:db8:0:0::11", 5353);
    EXPECT_EQ(real_server_fifo_line({&vs, &rs, true}),
              "RS [2001:db8::11]:udp:5353 [2001:db8::100]:udp:53 UP\n");
    vs.protocol = Protocol::sctp;
    EXPECT_EQ(virtual_server_fifo_line(vs, true), "VS [2001:db8::100]:sctp:53 UP\n");
}

TEST(FifoLines, QuorumLinesForChangesAndForAFirstUpOrSorryDown) {
    EXPECT_TRUE(writes_quorum_line(true, false, false));
    EXPECT_TRUE(writes_quorum_line(false, true, false));
    EXPECT_FALSE(writes_quorum_line(true, true, true));
    EXPECT_FALSE(writes_quorum_line(false, false, true));
    EXPECT_TRUE(writes_quorum_line(std::nullopt, true, false));    // "Gained quorum" at start
    EXPECT_FALSE(writes_quorum_line(std::nullopt, false, false));  // nothing to bring in
    EXPECT_TRUE(writes_quorum_line(std::nullopt, false, true));    // the sorry server comes in
}

TEST(FifoLines, FwmarkAndGroupVirtualServers) {
    VirtualServer vs = web();
    vs.addresses = {{"", 0, 7}};
    EXPECT_EQ(virtual_server_fifo_line(vs, false), "VS FWM 7 DOWN\n");
    EXPECT_EQ(real_server_fifo_line({&vs, &vs.real_servers[0], true}),
              "RS [172.16.1.20]:tcp:80 FWM 7 UP\n");
    vs.group = "farm";
    vs.addresses = {{"172.16.0.100", 80, 0}, {"", 0, 7}};
    EXPECT_EQ(virtual_server_fifo_line(vs, true), "VS [farm]:0 UP\n");
}
