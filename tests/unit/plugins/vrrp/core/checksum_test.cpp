#include <gtest/gtest.h>

#include <vector>

#include "checksum.hpp"

namespace routerd::vrrp {
namespace {

TEST(Checksum, Rfc1071Example) {
    // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
    const std::vector<std::uint8_t> data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(checksum_finish(checksum_add(0, data)), static_cast<std::uint16_t>(~0xddf2));
}

TEST(Checksum, OddTrailingByteIsPaddedWithZero) {
    const std::vector<std::uint8_t> odd = {0x12, 0x34, 0x56};
    const std::vector<std::uint8_t> even = {0x12, 0x34, 0x56, 0x00};
    EXPECT_EQ(checksum_finish(checksum_add(0, odd)), checksum_finish(checksum_add(0, even)));
}

TEST(Checksum, ChunksAddUpLikeTheWhole) {
    const std::vector<std::uint8_t> a = {0xff, 0xff, 0x80, 0x01};
    const std::vector<std::uint8_t> b = {0xff, 0xfe, 0x00, 0x03};
    std::vector<std::uint8_t> whole(a);
    whole.insert(whole.end(), b.begin(), b.end());
    EXPECT_EQ(checksum_finish(checksum_add(checksum_add(0, a), b)),
              checksum_finish(checksum_add(0, whole)));
}

TEST(Checksum, RangeWithItsChecksumFoldsToZero) {
    std::vector<std::uint8_t> data = {0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd, 0x00, 0x00};
    const std::uint16_t c = checksum_finish(checksum_add(0, data));
    data.push_back(static_cast<std::uint8_t>(c >> 8));
    data.push_back(static_cast<std::uint8_t>(c));
    EXPECT_EQ(checksum_finish(checksum_add(0, data)), 0);
}

TEST(Checksum, EmptyIsAllOnes) {
    EXPECT_EQ(checksum_finish(checksum_add(0, {})), 0xffff);
}

}  // namespace
}  // namespace routerd::vrrp
