// smtp_server values as operators write them.
#include "server_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace routerd::smtp {
namespace {

void expect(std::string_view text, std::string host, std::uint16_t port) {
    const ServerAddress address = parse_server_address(text, 25);
    EXPECT_EQ(address.host, host) << text;
    EXPECT_EQ(address.port, port) << text;
}

TEST(ServerAddress, Forms) {
    expect("127.0.0.1", "127.0.0.1", 25);
    expect("127.0.0.1:2525", "127.0.0.1", 2525);
    expect("mail.example.net", "mail.example.net", 25);
    expect("mail.example.net:587", "mail.example.net", 587);
    expect("[2001:db8::25]:465", "2001:db8::25", 465);
    expect("[2001:db8::25]", "2001:db8::25", 25);
    expect("2001:db8::25", "2001:db8::25", 25);  // bare IPv6: no port
    expect("::1", "::1", 25);
}

TEST(ServerAddress, DefaultPortApplies) {
    EXPECT_EQ(parse_server_address("relay", 465).port, 465);
    EXPECT_EQ(parse_server_address("relay:25", 465).port, 25);
}

TEST(ServerAddress, Refusals) {
    for (std::string_view bad :
         {"", ":25", "relay:", "relay:0", "relay:65536", "relay:2x", "relay:-1", "[::1", "[::1]25",
          "[]:25", "re lay", "user@relay", "relay/24", "relay:25\r\nRCPT"}) {
        EXPECT_THROW(parse_server_address(bad, 25), std::invalid_argument) << bad;
    }
}

TEST(ServerAddress, ToStringBracketsIpv6) {
    EXPECT_EQ((ServerAddress{"2001:db8::25", 587}.to_string()), "[2001:db8::25]:587");
    EXPECT_EQ((ServerAddress{"relay", 25}.to_string()), "relay:25");
}

}  // namespace
}  // namespace routerd::smtp
