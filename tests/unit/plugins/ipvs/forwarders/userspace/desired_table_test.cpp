// The table as the userspace forwarder runs it. Reading and checking the table are the table
// model's (tests/unit/plugins/ipvs/table: codec_test, capabilities_test); here: that apply()'s
// reader uses both, and what the forwarder makes of a table's service, both ways.
#include <gtest/gtest.h>

#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/userspace/desired_table.h"

namespace routerd::ipvs::userspace {
namespace {

// The example of plugin.h.
constexpr const char* kExample = R"({"services": [{
    "key": "tcp:172.16.0.100:80", "protocol": "tcp", "address": "172.16.0.100", "port": 80,
    "fwmark": 0, "scheduler": "sh", "flags": "sh-port,sh-fallback",
    "persistence_timeout_ms": 0, "persistence_granularity": "255.255.255.255",
    "destinations": [{"address": "172.16.1.20", "port": 80, "weight": 1, "method": "nat",
                      "tun_type": "ipip", "uthreshold": 0, "lthreshold": 0}]}]})";

std::string error_of(const std::string& json) {
    try {
        read_desired_table(json);
    } catch (const TableError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(DesiredTable, ReadsTheDocumentedShape) {
    const DesiredTable table = read_desired_table(kExample);
    ASSERT_EQ(table.services.size(), 1u);
    const ServiceSpec& s = table.services[0];
    EXPECT_EQ(s.key, "tcp:172.16.0.100:80");
    EXPECT_EQ(s.protocol, Protocol::tcp);
    EXPECT_EQ(s.address.to_string(), "172.16.0.100");
    EXPECT_EQ(s.port, 80);
    EXPECT_EQ(s.scheduler, "sh");
    EXPECT_EQ(s.flags, "sh-port,sh-fallback");
    EXPECT_EQ(s.persistence_timeout.count(), 0);
    EXPECT_EQ(s.endpoint(), "tcp:172.16.0.100:80");
    ASSERT_EQ(s.destinations.size(), 1u);
    EXPECT_EQ(s.destinations[0].key(), "172.16.1.20:80");
    EXPECT_EQ(s.destinations[0].weight, 1u);
}

TEST(DesiredTable, FillsTheDefaults) {
    const DesiredTable table = read_desired_table(
        R"({"services": [{"protocol": "tcp", "address": "192.0.2.1", "port": 80,
            "destinations": [{"address": "192.0.2.9", "port": 8080}]}]})");
    const ServiceSpec& s = table.services[0];
    EXPECT_EQ(s.scheduler, "wlc");
    EXPECT_EQ(s.flags, "");
    EXPECT_EQ(s.persistence_mask[0], 0xff);
    EXPECT_EQ(s.persistence_mask[15], 0xff);
    EXPECT_EQ(s.destinations[0].weight, 1u);
    EXPECT_EQ(s.destinations[0].uthreshold, 0u);
}

TEST(DesiredTable, NamesIPv6EndpointsWithBrackets) {
    const DesiredTable table = read_desired_table(
        R"({"services": [{"key": "udp:[2001:db8::1]:53", "protocol": "udp",
            "address": "2001:db8::1", "port": 53,
            "destinations": [{"address": "2001:db8::20", "port": 53}]}]})");
    EXPECT_EQ(table.services[0].endpoint(), "udp:[2001:db8::1]:53");
    EXPECT_EQ(table.services[0].destinations[0].key(), "[2001:db8::20]:53");
}

TEST(DesiredTable, RefusesWhatTheTableModelRefuses) {
    EXPECT_EQ(error_of("{"), "forwarding table: document: not valid JSON");
    EXPECT_EQ(error_of(R"({"services": [{"fwmark": 1, "destinations": []}]})"),
              "forwarding table: services[0].fwmark: '1' is not supported by the userspace "
              "forwarder: fwmark virtual servers need forwarder = \"kernel\"");
}

TEST(DesiredTable, MasksByTheGranularity) {
    const auto mask_of = [](const std::string& granularity, const char* address) {
        return read_desired_table(R"({"services": [{"protocol": "tcp", "address": ")" +
                                  std::string(address) +
                                  R"(", "port": 80, "persistence_granularity": ")" + granularity +
                                  R"(", "destinations": []}]})")
            .services[0]
            .persistence_mask;
    };
    const auto v4 = mask_of("255.255.255.0", "192.0.2.1");
    EXPECT_EQ(v4[2], 0xff);
    EXPECT_EQ(v4[3], 0x00);
    const auto v6 = mask_of("60", "2001:db8::1");
    EXPECT_EQ(v6[6], 0xff);
    EXPECT_EQ(v6[7], 0xf0);
    EXPECT_EQ(v6[8], 0x00);
    // The ipvs service's default, which it writes into IPv6 services too.
    const auto all = mask_of("255.255.255.255", "2001:db8::1");
    EXPECT_EQ(all[15], 0xff);
}

TEST(DesiredTable, WritesWhatItReads) {
    const ServiceSpec s = read_desired_table(kExample).services[0];
    EXPECT_EQ(service_spec(table_service(s)), s);
    const std::string written = to_json(Table{{table_service(s)}});
    EXPECT_EQ(read_desired_table(written).services[0], s);
}

}  // namespace
}  // namespace routerd::ipvs::userspace
