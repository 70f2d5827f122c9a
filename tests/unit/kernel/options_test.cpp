#include "daemon/options.hpp"

#include <gtest/gtest.h>

using routerd::parse_command_line;

TEST(Options, Defaults) {
    const auto cli = parse_command_line({}, "/usr/lib/routerd/plugins");
    EXPECT_TRUE(cli.error.empty());
    EXPECT_EQ(cli.options.config_file, "/etc/routerd/routerd.toml");
    ASSERT_EQ(cli.options.plugin_dirs.size(), 1u);
    EXPECT_EQ(cli.options.plugin_dirs[0], "/usr/lib/routerd/plugins");
    EXPECT_FALSE(cli.options.config_test);
    EXPECT_FALSE(cli.options.foreground);
}

TEST(Options, EverythingSet) {
    const auto cli = parse_command_line(
        {"--config", "/tmp/r.toml", "-p", "/a", "--plugin-dir=/b", "--state-db", "/tmp/s.db",
         "--control-socket", "/tmp/c.sock", "--config-test", "-n", "--log-level", "debug"},
        "/default");
    ASSERT_TRUE(cli.error.empty()) << cli.error;
    const auto& o = cli.options;
    EXPECT_EQ(o.config_file, "/tmp/r.toml");
    ASSERT_EQ(o.plugin_dirs.size(), 2u);
    EXPECT_EQ(o.plugin_dirs[0], "/a");
    EXPECT_EQ(o.plugin_dirs[1], "/b");
    EXPECT_EQ(o.state_db, "/tmp/s.db");
    EXPECT_EQ(o.control_socket, "/tmp/c.sock");
    EXPECT_TRUE(o.config_test);
    EXPECT_TRUE(o.foreground);
    EXPECT_EQ(o.log_level, spdlog::level::debug);
}

TEST(Options, Errors) {
    EXPECT_NE(parse_command_line({"--bogus"}, "/d").error.find("unknown option '--bogus'"),
              std::string::npos);
    EXPECT_NE(parse_command_line({"--config"}, "/d").error.find("needs a value"),
              std::string::npos);
    EXPECT_NE(parse_command_line({"-l", "loud"}, "/d").error.find("unknown log level 'loud'"),
              std::string::npos);
}

TEST(Options, HelpAndVersion) {
    EXPECT_TRUE(parse_command_line({"--help"}, "/d").show_help);
    EXPECT_TRUE(parse_command_line({"-v"}, "/d").show_version);
}
