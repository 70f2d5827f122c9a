#include "connections.hpp"

#include <gtest/gtest.h>

namespace routerd::announce_bgp {
namespace {

TEST(Connections, ProcHexIsTheKernelsNativeWordOrder) {
    // /proc/net/tcp prints a __be32 with %08X: on a little-endian host 192.0.2.10 is 0A0200C0.
    const uint32_t one = 1;
    const bool little = *reinterpret_cast<const uint8_t*>(&one) == 1;
    EXPECT_EQ(proc_hex("192.0.2.10/32"), little ? "0A0200C0" : "C000020A");
    EXPECT_EQ(proc_hex("2001:db8::10/128"),
              little ? "B80D0120000000000000000010000000" : "20010DB8000000000000000000000010");
    EXPECT_EQ(proc_hex("nonsense"), "");
}

TEST(Connections, CountsEstablishedToTheGivenAddressesOnly) {
    const std::string text =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
        "   0: 0A0200C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"
        "   1: 0A0200C0:0050 0100000A:9C40 01 00000000:00000000 00:00000000 00000000     0\n"
        "   2: 0A0200C0:0050 0200000A:9C41 01 00000000:00000000 00:00000000 00000000     0\n"
        "   3: 0A0200C0:0050 0300000A:9C42 06 00000000:00000000 00:00000000 00000000     0\n"
        "   4: 0100007F:0050 0100007F:9C43 01 00000000:00000000 00:00000000 00000000     0\n";
    EXPECT_EQ(count_established(text, {"0A0200C0"}), 2);  // not the listener, not TIME_WAIT
    EXPECT_EQ(count_established(text, {"0A0200C0", "0100007F"}), 3);
    EXPECT_EQ(count_established(text, {}), 0);
}

}  // namespace
}  // namespace routerd::announce_bgp
