#include <gtest/gtest.h>

#include "routerd/ipvs/userspace/desired_table.h"

namespace routerd::ipvs::userspace {
namespace {

// The example of plugin.h, but scheduler "sh": its flags are sh's (wlc refuses sh-port).
constexpr const char* kExample = R"({"services": [{
    "key": "tcp:172.16.0.100:80", "protocol": "tcp", "address": "172.16.0.100", "port": 80,
    "fwmark": 0, "scheduler": "sh", "flags": "sh-port,sh-fallback",
    "persistence_timeout_ms": 0, "persistence_granularity": "255.255.255.255",
    "destinations": [{"address": "172.16.1.20", "port": 80, "weight": 1, "method": "nat",
                      "tun_type": "ipip", "uthreshold": 0, "lthreshold": 0}]}]})";

// A one-service table whose service object is `service` (JSON members, no braces).
std::string with_service(const std::string& service) {
    return R"({"services": [{"key": "k", "protocol": "tcp", "address": "192.0.2.1", "port": 80,)" +
           service + "}]}";
}

std::string error_of(const std::string& json) {
    try {
        parse_desired_table(json);
    } catch (const TableError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(DesiredTable, ReadsTheDocumentedShape) {
    const DesiredTable table = parse_desired_table(kExample);
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
    const DesiredTable table = parse_desired_table(
        with_service(R"("destinations": [{"address": "192.0.2.9", "port": 8080}])"));
    const ServiceSpec& s = table.services[0];
    EXPECT_EQ(s.scheduler, "wlc");
    EXPECT_EQ(s.flags, "");
    EXPECT_EQ(s.persistence_mask[0], 0xff);
    EXPECT_EQ(s.persistence_mask[15], 0xff);
    EXPECT_EQ(s.destinations[0].weight, 1u);
    EXPECT_EQ(s.destinations[0].uthreshold, 0u);
}

TEST(DesiredTable, NamesIPv6EndpointsWithBrackets) {
    const DesiredTable table = parse_desired_table(
        R"({"services": [{"key": "udp:[2001:db8::1]:53", "protocol": "udp",
            "address": "2001:db8::1", "port": 53,
            "destinations": [{"address": "2001:db8::20", "port": 53}]}]})");
    EXPECT_EQ(table.services[0].endpoint(), "udp:[2001:db8::1]:53");
    EXPECT_EQ(table.services[0].destinations[0].key(), "[2001:db8::20]:53");
}

TEST(DesiredTable, RefusesDirectRoutingAndTunnelsNamingTheField) {
    for (const char* method : {"dr", "tun"}) {
        const std::string json = with_service(
            R"("destinations": [{"address": "192.0.2.9", "port": 80},
                                {"address": "192.0.2.10", "port": 80, "method": ")" +
            std::string(method) + R"("}])");
        EXPECT_EQ(error_of(json), "services[0].destinations[1].method: '" + std::string(method) +
                                      "' is not supported by the userspace forwarder: it proxies "
                                      "connections, which is NAT (use method \"nat\", or "
                                      "forwarder \"kernel\")");
    }
    EXPECT_EQ(error_of(with_service(
                  R"("destinations": [{"address": "192.0.2.9", "port": 80, "method": "nta"}])")),
              "services[0].destinations[0].method: 'nta' is not one of nat, dr, tun");
}

TEST(DesiredTable, RefusesWhatAProxyCannotServe) {
    EXPECT_EQ(error_of(R"({"services": [{"key": "k", "protocol": "sctp", "address": "192.0.2.1",
                          "port": 80, "destinations": []}]})"),
              "services[0].protocol: sctp is not supported by the userspace forwarder (use "
              "forwarder \"kernel\")");
    EXPECT_EQ(error_of(with_service(R"("fwmark": 1, "destinations": [])")),
              "services[0].fwmark: fwmark services are not supported by the userspace forwarder: "
              "it accepts on an address and port (use forwarder \"kernel\")");
}

TEST(DesiredTable, RefusesBadValuesNamingTheField) {
    EXPECT_EQ(error_of("{"), "the desired table is not valid JSON");
    EXPECT_EQ(error_of("[]"), "the desired table is not a JSON object");
    EXPECT_EQ(error_of("{}"), "table.services: missing");
    EXPECT_EQ(error_of(R"({"services": [{"key": "k"}]})"), "services[0].protocol: missing");
    EXPECT_EQ(error_of(R"({"services": [{"key": "k", "protocol": "tcp", "address": "x",
                          "port": 80, "destinations": []}]})"),
              "services[0].address: 'x' is not an IP address");
    EXPECT_EQ(error_of(with_service(R"("destinations": {})")),
              "services[0].destinations: expected an array");
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 0}])")),
              "services[0].destinations[0].port: a real server needs a port");
    EXPECT_EQ(
        error_of(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 70000}])")),
        "services[0].destinations[0].port: 70000 is out of range 0..65535");
    EXPECT_EQ(error_of(with_service(
                  R"("destinations": [{"address": "192.0.2.9", "port": 80, "weight": -1}])")),
              "services[0].destinations[0].weight: expected an integer 0..4294967295, found -1");
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "2001:db8::9", "port": 80}])")),
              "services[0].destinations[0].address: the real server's family differs from the "
              "virtual server's");
    EXPECT_EQ(error_of(with_service(R"("scheduler": 5, "destinations": [])")),
              "services[0].scheduler: expected a string, found 5");
}

TEST(DesiredTable, RefusesBadSchedulerFlagsAndOnePacketScheduling) {
    EXPECT_EQ(
        error_of(with_service(R"("scheduler": "rr", "flags": "sh-port", "destinations": [])")),
        "services[0].flags: scheduler flag 'sh-port' needs scheduler 'sh', not 'rr'");
    EXPECT_EQ(error_of(with_service(R"("scheduler": "rr", "flags": "ops", "destinations": [])")),
              "services[0].flags: ops (one-packet scheduling) is not supported by the userspace "
              "forwarder: it keeps one flow per client address and port (use forwarder "
              "\"kernel\")");
    EXPECT_EQ(parse_desired_table(with_service(R"("scheduler": "sh", "flags": "sh-port,sh-fallback",
                                                  "destinations": [])"))
                  .services[0]
                  .flags,
              "sh-port,sh-fallback");
}

TEST(DesiredTable, RefusesDuplicates) {
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 80},
                                                         {"address": "192.0.2.9", "port": 80}])")),
              "services[0].destinations[1]: real server 192.0.2.9:80 is listed twice");
    EXPECT_EQ(error_of(R"({"services": [
        {"key": "a", "protocol": "tcp", "address": "192.0.2.1", "port": 80, "destinations": []},
        {"key": "b", "protocol": "tcp", "address": "192.0.2.1", "port": 80, "destinations": []}]})"),
              "services[1]: virtual server tcp:192.0.2.1:80 is listed twice");
}

TEST(DesiredTable, ReadsTheGranularityAsANetmaskOrAPrefix) {
    const auto mask_of = [](const std::string& granularity, const char* address) {
        return parse_desired_table(R"({"services": [{"key": "k", "protocol": "tcp", "address": ")" +
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
    EXPECT_EQ(error_of(with_service(R"("persistence_granularity": "33", "destinations": [])")),
              "services[0].persistence_granularity: '33' is neither a netmask nor a prefix length "
              "0..32");
    EXPECT_EQ(
        error_of(with_service(R"("persistence_granularity": "255.0.x.0", "destinations": [])")),
        "services[0].persistence_granularity: '255.0.x.0' is not a netmask");
}

TEST(DesiredTable, WritesWhatItReads) {
    const ServiceSpec s = parse_desired_table(kExample).services[0];
    const std::string written = nlohmann::json{{"services", {to_json(s)}}}.dump();
    EXPECT_EQ(parse_desired_table(written).services[0], s);
}

TEST(DesiredTable, NamesWhatItCannotRunForTheIpvsPlugin) {
    EXPECT_FALSE(unsupported_method("nat"));
    EXPECT_TRUE(unsupported_method("dr"));
    EXPECT_TRUE(unsupported_method("tun"));
    EXPECT_FALSE(unsupported_protocol("udp"));
    EXPECT_TRUE(unsupported_protocol("sctp"));
    EXPECT_FALSE(unsupported_fwmark(0));
    EXPECT_TRUE(unsupported_fwmark(3));
    EXPECT_FALSE(unsupported_flags(SchedulerFlags{}));
    EXPECT_TRUE(unsupported_flags(SchedulerFlags{.one_packet = true}));
}

}  // namespace
}  // namespace routerd::ipvs::userspace
