#include "routerd/ipvs/table/granularity.h"

#include <gtest/gtest.h>

namespace routerd::ipvs {
namespace {

AddressMask mask_of(const std::string& granularity, bool v6) {
    return std::get<AddressMask>(persistence_mask(granularity, v6));
}

std::string error_of(const std::string& granularity, bool v6) {
    const auto mask = persistence_mask(granularity, v6);
    return std::holds_alternative<std::string>(mask) ? std::get<std::string>(mask) : "";
}

TEST(Granularity, EmptyKeepsEveryBit) {
    for (const bool v6 : {false, true}) {
        const AddressMask mask = mask_of("", v6);
        EXPECT_EQ(mask[0], 0xff);
        EXPECT_EQ(mask[15], 0xff);
    }
}

TEST(Granularity, ANetmaskForIPv4) {
    const AddressMask v4 = mask_of("255.255.255.0", false);
    EXPECT_EQ(v4[2], 0xff);
    EXPECT_EQ(v4[3], 0x00);
}

TEST(Granularity, APrefixLengthForEitherFamily) {
    const AddressMask v6 = mask_of("60", true);
    EXPECT_EQ(v6[6], 0xff);
    EXPECT_EQ(v6[7], 0xf0);
    EXPECT_EQ(v6[8], 0x00);
    const AddressMask v4 = mask_of("20", false);
    EXPECT_EQ(v4[1], 0xff);
    EXPECT_EQ(v4[2], 0xf0);
    EXPECT_EQ(v4[3], 0x00);
}

// The ipvs service writes its default "255.255.255.255" into IPv6 services too; Linux takes
// a netmask for IPv4 services only.
TEST(Granularity, AnIPv6ServiceKeysOnEveryBitUnderANetmask) {
    const AddressMask v6 = mask_of("255.255.255.0", true);
    EXPECT_EQ(v6[3], 0xff);
    EXPECT_EQ(v6[15], 0xff);
}

TEST(Granularity, RefusesWhatIsNeither) {
    EXPECT_EQ(error_of("33", false), "'33' is neither a netmask nor a prefix length 0..32");
    EXPECT_EQ(error_of("129", true), "'129' is neither a netmask nor a prefix length 0..128");
    EXPECT_EQ(error_of("24x", false), "'24x' is neither a netmask nor a prefix length 0..32");
    EXPECT_EQ(error_of("255.0.x.0", false), "'255.0.x.0' is not a netmask");
    EXPECT_EQ(error_of("255.0.x.0", true), "'255.0.x.0' is not a netmask");
}

}  // namespace
}  // namespace routerd::ipvs
