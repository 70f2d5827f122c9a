#include "secret_file.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

namespace routerd::smtp {
namespace {

TEST(SecretFile, OnlyItsOwnerMayReadIt) {
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0600), std::nullopt);
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0400), std::nullopt);
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0640),
              "is readable by its group (mode 0640): chmod 600 it");
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0604),
              "is readable by others (mode 0604): chmod 600 it");
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0644),
              "is readable by others (mode 0644): chmod 600 it");
}

TEST(SecretFile, NobodyElseMayWriteItEither) {
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0620),
              "is writable or runnable by its group (mode 0620): chmod 600 it");
    EXPECT_EQ(secret_file_refusal(S_IFREG | 0602),
              "is writable or runnable by others (mode 0602): chmod 600 it");
}

TEST(SecretFile, OnlyARegularFileHoldsASecret) {
    EXPECT_EQ(secret_file_refusal(S_IFIFO | 0600), "is not a regular file");
    EXPECT_EQ(secret_file_refusal(S_IFDIR | 0700), "is not a regular file");
}

}  // namespace
}  // namespace routerd::smtp
