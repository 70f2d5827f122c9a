// keepalived.conf(5)'s global_defs keywords about every checker, translated into each check,
// and the process-wide umask.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

constexpr const char* kFarm = R"(
virtual_server 10.0.0.1 80 {
    real_server 10.0.1.1 80 {
        TCP_CHECK {
            log_all_failures off
        }
    }
    real_server 10.0.1.2 80 {
        HTTP_GET {
            url { path / }
        }
    }
}
)";

// Keepalived logs a check's failures when the check or checker_log_all_failures says so,
// wherever global_defs stands in the file.
TEST(TranslationCheckerGlobals, CheckerLogAllFailuresReachesEveryCheck) {
    const auto result =
        test::import_text(std::string(kFarm) + "global_defs {\n    checker_log_all_failures\n}\n");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    const auto rs = t["ipvs"]["virtual_server"]["10.0.0.1:80"]["real_server"];
    EXPECT_TRUE(rs["10.0.1.1:80"]["check"]["log_all_failures"].value_or(false));
    EXPECT_TRUE(rs["10.0.1.2:80"]["check"]["log_all_failures"].value_or(false));
}

TEST(TranslationCheckerGlobals, CheckerLogAllFailuresOffLeavesEachCheckItsOwn) {
    const auto result = test::import_text("global_defs {\n    checker_log_all_failures no\n}\n" +
                                          std::string(kFarm));
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    const toml::table t = toml::parse(result.toml);
    const auto rs = t["ipvs"]["virtual_server"]["10.0.0.1:80"]["real_server"];
    EXPECT_FALSE(rs["10.0.1.1:80"]["check"]["log_all_failures"].value_or(true));
    EXPECT_FALSE(rs["10.0.1.2:80"]["check"]["log_all_failures"]);
}

TEST(TranslationCheckerGlobals, CheckerLogAllFailuresThatIsNoBooleanIsReported) {
    const auto result = test::import_text("global_defs {\n    checker_log_all_failures maybe\n}\n" +
                                          std::string(kFarm));
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].keyword, "checker_log_all_failures");
    EXPECT_EQ(result.findings[0].at.file_line(), "test.conf:2");
    const toml::table t = toml::parse(result.toml);
    EXPECT_FALSE(t["ipvs"]["virtual_server"]["10.0.0.1:80"]["real_server"]["10.0.1.2:80"]["check"]
                  ["log_all_failures"]);
}

// umask NUMBER|BITS: strtoul's bases, or bit names joined by '|', as a TOML octal integer.
TEST(TranslationCheckerGlobals, UmaskNumbersAndBits) {
    for (const auto& [keepalived, routerd] :
         std::vector<std::pair<std::string, std::string>>{{"0027", "0o027"},
                                                          {"0x12", "0o022"},
                                                          {"18", "0o022"},
                                                          {"IWGRP|IWOTH", "0o022"},
                                                          {"IRWXG", ""},
                                                          {"IWGRP | IWOTH | IXOTH", "0o023"},
                                                          {"0777", "0o777"},
                                                          {"01000", ""},
                                                          {"022x", ""}}) {
        const auto result = test::import_text("global_defs {\n    umask " + keepalived + "\n}\n");
        if (routerd.empty()) {
            ASSERT_EQ(result.findings.size(), 1u) << keepalived;
            EXPECT_EQ(result.findings[0].why,
                      "'" + keepalived +
                          "' is not a mask: write a number (0022, 0x12, 18) or bits such as "
                          "IWGRP|IWOTH");
            continue;
        }
        EXPECT_TRUE(result.findings.empty()) << keepalived;
        EXPECT_NE(result.toml.find("umask = " + routerd + "\n"), std::string::npos)
            << keepalived << ": " << result.toml;
        EXPECT_EQ(toml::parse(result.toml)["global"]["umask"].value_or(-1),
                  std::stoi(routerd.substr(2), nullptr, 8));
    }
}

}  // namespace
}  // namespace routerd::import
