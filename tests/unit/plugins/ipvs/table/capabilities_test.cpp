// What each forwarder supports, tested once: the ipvs service's configuration reader and the
// userspace forwarder's apply() both ask these.
#include "routerd/ipvs/table/capabilities.h"

#include <gtest/gtest.h>

#include "routerd/ipvs/table/codec.h"

namespace routerd::ipvs {
namespace {

// A one-service table whose service object is `service` (JSON members, no braces).
std::string with_service(const std::string& service) {
    return R"({"services": [{"protocol": "tcp", "address": "192.0.2.1", "port": 80,)" + service +
           "}]}";
}

std::string userspace_refusal(const std::string& json) {
    try {
        check_supported(ForwarderKind::userspace, table_from_json(json));
    } catch (const TableError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(ForwarderCapabilities, TheKernelRunsEverything) {
    for (const Method m : {Method::nat, Method::dr, Method::tun})
        EXPECT_FALSE(unsupported_method(ForwarderKind::kernel, m));
    for (const Protocol p : {Protocol::tcp, Protocol::udp, Protocol::sctp})
        EXPECT_FALSE(unsupported_protocol(ForwarderKind::kernel, p));
    EXPECT_FALSE(unsupported_fwmark(ForwarderKind::kernel, 3));
    EXPECT_FALSE(unsupported_flags(ForwarderKind::kernel, SchedulerFlags{.one_packet = true}));
    EXPECT_FALSE(unsupported_service_port(ForwarderKind::kernel, 0));
    EXPECT_FALSE(unsupported_destination_port(ForwarderKind::kernel, 0));
    EXPECT_FALSE(unsupported_persistence_engine(ForwarderKind::kernel, "sip"));
    EXPECT_NO_THROW(check_supported(
        ForwarderKind::kernel,
        table_from_json(R"({"services": [{"fwmark": 1, "protocol": "sctp", "flags": "ops",
            "destinations": [{"address": "192.0.2.9", "port": 0, "method": "dr"}]}]})")));
}

TEST(ForwarderCapabilities, NamesWhatTheUserspaceForwarderCannotRun) {
    EXPECT_FALSE(unsupported_method(ForwarderKind::userspace, Method::nat));
    EXPECT_TRUE(unsupported_method(ForwarderKind::userspace, Method::dr));
    EXPECT_TRUE(unsupported_method(ForwarderKind::userspace, Method::tun));
    EXPECT_FALSE(unsupported_protocol(ForwarderKind::userspace, Protocol::tcp));
    EXPECT_FALSE(unsupported_protocol(ForwarderKind::userspace, Protocol::udp));
    EXPECT_TRUE(unsupported_protocol(ForwarderKind::userspace, Protocol::sctp));
    EXPECT_FALSE(unsupported_fwmark(ForwarderKind::userspace, 0));
    EXPECT_TRUE(unsupported_fwmark(ForwarderKind::userspace, 3));
    EXPECT_FALSE(unsupported_flags(ForwarderKind::userspace, SchedulerFlags{}));
    EXPECT_FALSE(unsupported_flags(ForwarderKind::userspace,
                                   SchedulerFlags{.fallback = true, .port = true}));
    EXPECT_TRUE(unsupported_flags(ForwarderKind::userspace, SchedulerFlags{.one_packet = true}));
    EXPECT_FALSE(unsupported_service_port(ForwarderKind::userspace, 80));
    EXPECT_TRUE(unsupported_service_port(ForwarderKind::userspace, 0));
    EXPECT_FALSE(unsupported_destination_port(ForwarderKind::userspace, 80));
    EXPECT_TRUE(unsupported_destination_port(ForwarderKind::userspace, 0));
    EXPECT_FALSE(unsupported_persistence_engine(ForwarderKind::userspace, ""));
    EXPECT_TRUE(unsupported_persistence_engine(ForwarderKind::userspace, "sip"));
    EXPECT_EQ(userspace_refusal(
                  with_service(R"("persistence_timeout_ms": 60000, "persistence_engine": "sip")")),
              "forwarding table: services[0].persistence_engine: 'sip' is not supported by the "
              "userspace forwarder: a persistence engine needs forwarder = \"kernel\" (the "
              "userspace forwarder keeps clients by address only)");
}

TEST(ForwarderCapabilities, RefusesDirectRoutingAndTunnelsNamingTheField) {
    for (const char* method : {"dr", "tun"}) {
        const std::string json = with_service(
            R"("destinations": [{"address": "192.0.2.9", "port": 80},
                                {"address": "192.0.2.10", "port": 80, "method": ")" +
            std::string(method) + R"("}])");
        EXPECT_EQ(userspace_refusal(json),
                  "forwarding table: services[0].destinations[1].method: '" + std::string(method) +
                      "' is not supported by the userspace forwarder: the userspace forwarder "
                      "only does NAT (it proxies connections); DR and TUN need forwarder = "
                      "\"kernel\"");
    }
}

TEST(ForwarderCapabilities, RefusesWhatAProxyCannotServe) {
    EXPECT_EQ(userspace_refusal(R"({"services": [{"protocol": "sctp", "address": "192.0.2.1",
                                   "port": 80, "destinations": []}]})"),
              "forwarding table: services[0].protocol: 'sctp' is not supported by the userspace "
              "forwarder: SCTP needs forwarder = \"kernel\"");
    EXPECT_EQ(userspace_refusal(R"({"services": [{"fwmark": 1, "destinations": []}]})"),
              "forwarding table: services[0].fwmark: '1' is not supported by the userspace "
              "forwarder: fwmark virtual servers need forwarder = "
              "\"kernel\"");
    EXPECT_EQ(userspace_refusal(R"({"services": [{"address": "192.0.2.1", "port": 0}]})"),
              "forwarding table: services[0].port: '0' is not supported by the userspace "
              "forwarder: the userspace forwarder listens on one port; 0 "
              "(all) is not one");
    EXPECT_EQ(
        userspace_refusal(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 0}])")),
        "forwarding table: services[0].destinations[0].port: '0' is not supported by the "
        "userspace forwarder: the userspace forwarder "
        "connects to one port of the real server; 0 (the client's) is not one");
    EXPECT_EQ(userspace_refusal(with_service(R"("scheduler": "rr", "flags": "ops")")),
              "forwarding table: services[0].flags: 'ops' is not supported by the userspace "
              "forwarder: ops (one-packet scheduling) needs forwarder = "
              "\"kernel\" (the userspace forwarder keeps one flow per client address and port)");
}

TEST(ForwarderCapabilities, TheUserspaceForwarderRunsAProxysTable) {
    EXPECT_EQ(userspace_refusal(R"({"services": [{"protocol": "udp", "address": "2001:db8::1",
        "port": 53, "scheduler": "sh", "flags": "sh-port,sh-fallback",
        "persistence_timeout_ms": 60000, "persistence_granularity": "64",
        "destinations": [{"address": "2001:db8::9", "port": 5353, "weight": 0}]}]})"),
              "accepted");
}

TEST(ForwarderCapabilities, LinuxSchedulers) {
    EXPECT_TRUE(is_linux_scheduler("wlc"));
    EXPECT_TRUE(is_linux_scheduler("mh"));
    EXPECT_FALSE(is_linux_scheduler("lblc2"));
    EXPECT_EQ(linux_schedulers().size(), 14u);
}

}  // namespace
}  // namespace routerd::ipvs
