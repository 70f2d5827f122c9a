#include "daemon/global_settings.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

struct Parsed {
    GlobalSettings settings;
    std::vector<std::string> errors;
};

Parsed parse(const std::string& text) {
    auto doc = ConfigDocument::parse(text, "r.toml");
    Parsed parsed{read_global_settings(ConfigView(doc->root())["global"]), {}};
    for (const Diagnostic& d : doc->diagnostics().all())
        parsed.errors.push_back(d.to_string());
    return parsed;
}

TEST(GlobalSettings, Defaults) {
    const Parsed p = parse("");
    EXPECT_TRUE(p.errors.empty());
    EXPECT_EQ(p.settings.control_group, std::nullopt);
    EXPECT_EQ(p.settings.history_retention, Store::kDefaultHistoryRetention);
    EXPECT_EQ(p.settings.umask, std::nullopt);
}

// keepalived.conf(5) global_defs umask, written as a TOML octal integer.
TEST(GlobalSettings, Umask) {
    Parsed p = parse("[global]\numask = 0o027\n");
    EXPECT_TRUE(p.errors.empty());
    EXPECT_EQ(p.settings.umask, mode_t{027});
    p = parse("[global]\numask = 0o1000\n");
    EXPECT_EQ(p.settings.umask, std::nullopt);
    EXPECT_EQ(p.errors, (std::vector<std::string>{
                            "r.toml:2:9: global.umask: is not a mask of permission bits: write "
                            "one of 0o000..0o777 (e.g. 0o022)"}));
    p = parse("[global]\numask = \"022\"\n");
    ASSERT_EQ(p.errors.size(), 1u);
    EXPECT_EQ(p.errors[0], "r.toml:2:9: global.umask: expected an integer, found a string");
}

TEST(GlobalSettings, ControlGroupByName) {
    const Parsed p = parse("[global]\ncontrol_group = \"root\"\n");
    EXPECT_TRUE(p.errors.empty());
    EXPECT_EQ(p.settings.control_group, gid_t{0});
}

TEST(GlobalSettings, AnUnknownGroupIsAnError) {
    const Parsed p = parse("[global]\ncontrol_group = \"no-such-group-xyz\"\n");
    ASSERT_EQ(p.errors.size(), 1u);
    EXPECT_EQ(p.errors[0],
              "r.toml:2:17: global.control_group: group 'no-such-group-xyz': no such group");
}

TEST(GlobalSettings, HistoryRetention) {
    EXPECT_EQ(parse("[global]\nhistory_retention = 500\n").settings.history_retention, 500u);
    EXPECT_EQ(parse("[global]\nhistory_retention = 0\n").settings.history_retention, 0u);
    const Parsed negative = parse("[global]\nhistory_retention = -1\n");
    ASSERT_EQ(negative.errors.size(), 1u);
    EXPECT_NE(negative.errors[0].find("global.history_retention"), std::string::npos);
}

}  // namespace
}  // namespace routerd
