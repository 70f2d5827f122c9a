// The plugin ABI is a promise to vendors: this test pins the exact text of plugin.h, so that
// nobody changes it by accident. If you change plugin.h on purpose, follow the compatibility
// policy at its top (bump ROUTERD_ABI_MINOR for appended fields, ROUTERD_ABI_MAJOR for
// anything else) and then update kPinnedSha256 to the value this test prints.
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <sstream>

namespace {

constexpr const char* kPinnedSha256 =
    "fc08fa4435dae009e46526c490c7739b10d7025d64fc292420395cdab097874f";

std::string sha256_of_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    std::ostringstream hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(digest[i]);
    }
    return hex.str();
}

}  // namespace

TEST(PluginAbi, HeaderIsPinned) {
    EXPECT_EQ(sha256_of_file(PLUGIN_HEADER), kPinnedSha256)
        << "sdk/include/routerd/plugin.h changed: see the comment at the top of this test";
}
