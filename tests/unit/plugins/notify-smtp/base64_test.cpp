#include "base64.hpp"

#include <gtest/gtest.h>

namespace routerd::smtp {
namespace {

TEST(Base64, Rfc4648TestVectors) {  // RFC 4648 §10
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, BinaryOctets) {
    EXPECT_EQ(base64_encode(std::string("\0\xff\xfe", 3)), "AP/+");
}

}  // namespace
}  // namespace routerd::smtp
