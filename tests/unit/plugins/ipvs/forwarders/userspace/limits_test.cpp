// [userspace] read through the real configuration document and host table, as routerd does.
#include <gtest/gtest.h>

#include "config/document.hpp"
#include "host/plugin_host.hpp"
#include "routerd/ipvs/userspace/limits.h"

namespace routerd::ipvs::userspace {
namespace {

struct Parsed {
    std::optional<Limits> limits;
    std::string errors;
};

Parsed parse(const std::string& toml) {
    auto doc = routerd::ConfigDocument::parse(toml, "routerd.toml");
    const sdk::Config table(nullptr, &routerd::host_api(),
                            doc->get(doc->root(), "userspace").as_c());
    Parsed out{parse_limits(table), ""};
    out.errors = doc->diagnostics().to_string();
    return out;
}

TEST(Limits, AnAbsentTableGivesTheDefaults) {
    const Parsed p = parse("");
    ASSERT_TRUE(p.limits);
    EXPECT_EQ(*p.limits, default_limits());
    EXPECT_GE(p.limits->threads, 1u);
    EXPECT_EQ(p.limits->tcp_idle_timeout, std::chrono::minutes(15));
    EXPECT_EQ(p.limits->udp_idle_timeout, std::chrono::minutes(5));
}

TEST(Limits, ReadsEveryKey) {
    const Parsed p = parse(R"([userspace]
threads = 3
max_connections = 500
tcp_idle_timeout = "90s"
udp_idle_timeout = "2s"
connect_timeout = "250ms"
buffer_size = 131072
)");
    ASSERT_TRUE(p.limits) << p.errors;
    EXPECT_EQ(p.limits->threads, 3u);
    EXPECT_EQ(p.limits->max_connections, 500u);
    EXPECT_EQ(p.limits->tcp_idle_timeout, std::chrono::seconds(90));
    EXPECT_EQ(p.limits->udp_idle_timeout, std::chrono::seconds(2));
    EXPECT_EQ(p.limits->connect_timeout, std::chrono::milliseconds(250));
    EXPECT_EQ(p.limits->buffer_size, 131072u);
}

TEST(Limits, ReportsEveryMistakeAtItsPlace) {
    const Parsed p = parse(R"([userspace]
threads = 0
max_connections = "many"
tcp_idle_timeout = "1ms"
buffer_size = 100
)");
    EXPECT_FALSE(p.limits);
    EXPECT_NE(p.errors.find("routerd.toml:2:11: userspace.threads: 0 is out of range 1..64"),
              std::string::npos)
        << p.errors;
    EXPECT_NE(p.errors.find("routerd.toml:3:19: userspace.max_connections: expected an integer, "
                            "found a string"),
              std::string::npos)
        << p.errors;
    EXPECT_NE(p.errors.find("routerd.toml:4:20: userspace.tcp_idle_timeout: must be between "
                            "100ms and 604800s"),
              std::string::npos)
        << p.errors;
    EXPECT_NE(p.errors.find("userspace.buffer_size: 100 is out of range 4096..1048576"),
              std::string::npos)
        << p.errors;
}

TEST(Limits, RefusesANonTable) {
    const Parsed p = parse("userspace = 3\n");
    EXPECT_FALSE(p.limits);
    EXPECT_NE(p.errors.find("userspace: expected a table"), std::string::npos) << p.errors;
}

}  // namespace
}  // namespace routerd::ipvs::userspace
