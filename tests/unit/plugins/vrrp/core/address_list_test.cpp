// An advert whose address list is not ours (RFC 5798 §7.1): dropped unless the address owner
// sent it, or skip_check_adv_addr trusts the master a backup follows; logged once per change.
#include "address_list.hpp"

#include <gtest/gtest.h>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

using test::ip;

Advert advert(std::uint8_t priority, std::vector<IpAddress> addresses,
              std::string_view source = "192.168.1.2") {
    Advert a;
    a.priority = priority;
    a.source = ip(source);
    a.addresses = std::move(addresses);
    a.address_list_differs = !same_addresses(a.addresses, test::v2_params().addresses);
    return a;
}

const std::vector<IpAddress> kOurs = {ip("192.168.1.100")};
const std::vector<IpAddress> kTwo = {ip("192.168.1.100"), ip("192.168.1.101")};

TEST(AddressList, SameSetInAnyOrder) {
    EXPECT_TRUE(
        same_addresses(kTwo, std::vector<IpAddress>{ip("192.168.1.101"), ip("192.168.1.100")}));
    EXPECT_FALSE(same_addresses(kTwo, kOurs));
    EXPECT_FALSE(same_addresses(kOurs, kTwo));
    EXPECT_FALSE(same_addresses(std::vector<IpAddress>{ip("192.168.1.101")}, kOurs));
}

TEST(AddressList, AMatchingListIsProcessed) {
    EXPECT_EQ(address_list_verdict(advert(100, kOurs), test::v2_params(), std::nullopt),
              std::nullopt);
}

TEST(AddressList, OthersAreDroppedButTheOwnersAdvertIsProcessed) {
    const auto p = test::v2_params();
    EXPECT_EQ(address_list_verdict(advert(254, kTwo), p, std::nullopt),
              DropReason::address_list_mismatch);
    EXPECT_EQ(address_list_verdict(advert(255, kTwo), p, std::nullopt), std::nullopt);
}

TEST(AddressList, SkipCheckAdvAddrTrustsOnlyTheMasterFollowed) {
    auto p = test::v2_params();
    const std::optional<IpAddress> followed = ip("192.168.1.2");
    EXPECT_EQ(address_list_verdict(advert(200, kTwo), p, followed),
              DropReason::address_list_mismatch);  // off by default
    p.skip_check_adv_addr = true;
    EXPECT_EQ(address_list_verdict(advert(200, kTwo), p, followed), std::nullopt);
    EXPECT_EQ(address_list_verdict(advert(200, kTwo, "192.168.1.3"), p, followed),
              DropReason::address_list_mismatch);
    EXPECT_EQ(address_list_verdict(advert(200, kTwo), p, std::nullopt),
              DropReason::address_list_mismatch);
}

TEST(AddressList, AMismatchIsLoggedOncePerChange) {
    AddressListWatch watch;
    const auto p = test::v2_params();
    const auto first = watch.check(advert(200, kTwo), p, std::nullopt);
    EXPECT_EQ(first.drop, DropReason::address_list_mismatch);
    EXPECT_EQ(first.log,
              "192.168.1.2 advertises [192.168.1.100, 192.168.1.101] but ours is "
              "[192.168.1.100]: dropping its adverts (address_list_mismatch)");
    for (int i = 0; i < 10; ++i) {
        const auto again = watch.check(advert(200, kTwo), p, std::nullopt);
        EXPECT_EQ(again.drop, DropReason::address_list_mismatch);
        EXPECT_EQ(again.log, std::nullopt);
    }
    ASSERT_TRUE(watch.current());
    EXPECT_EQ(watch.current()->adverts, 11u);
    EXPECT_FALSE(watch.current()->processed);
    EXPECT_EQ(watch.current()->advertised, kTwo);

    // Another list is news; so is the owner's (processed), and the end of it.
    const std::vector<IpAddress> three = {ip("192.168.1.100"), ip("192.168.1.102")};
    EXPECT_TRUE(watch.check(advert(200, three), p, std::nullopt).log);
    const auto owner = watch.check(advert(255, three), p, std::nullopt);
    EXPECT_EQ(owner.drop, std::nullopt);
    EXPECT_EQ(owner.log,
              "192.168.1.2 advertises [192.168.1.100, 192.168.1.102] but ours is "
              "[192.168.1.100]: processing them anyway: it is the address owner (RFC 5798 "
              "§7.1)");
    EXPECT_TRUE(watch.current()->processed);
    EXPECT_EQ(watch.check(advert(255, kOurs, "192.168.1.3"), p, std::nullopt).log, std::nullopt);
    EXPECT_EQ(watch.check(advert(255, kOurs), p, std::nullopt).log,
              "the address list of 192.168.1.2 matches ours again");
    EXPECT_FALSE(watch.current());
    EXPECT_EQ(watch.check(advert(255, kOurs), p, std::nullopt).log, std::nullopt);
}

}  // namespace
}  // namespace routerd::vrrp
