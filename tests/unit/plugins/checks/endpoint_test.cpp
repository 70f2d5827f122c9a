#include "endpoint.hpp"

#include <gtest/gtest.h>

using routerd::checks::Endpoint;

TEST(Endpoint, AddressesWithAndWithoutPorts) {
    auto e = Endpoint::parse("192.0.2.1:80");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->address.to_string(), "192.0.2.1");
    EXPECT_EQ(e->port, 80);
    e = Endpoint::parse("[2001:db8::1]:443");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->address.to_string(), "2001:db8::1");
    EXPECT_EQ(e->port, 443);
    e = Endpoint::parse("2001:db8::1");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->port, 0);
    EXPECT_EQ(Endpoint::parse("192.0.2.1")->port, 0);
}

TEST(Endpoint, RefusesNamesAndBadPorts) {
    for (const char* bad :
         {"", "example.com:80", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:8o",
          "[2001:db8::1]", "[2001:db8::1]:", "[::1", "1.2.3:80"}) {
        EXPECT_FALSE(Endpoint::parse(bad)) << bad;
    }
}
