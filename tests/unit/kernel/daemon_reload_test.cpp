// The daemon as a whole, in-process: configuration checking, start, reload semantics and the
// control socket, with the real test plugin.
#include "daemon/daemon.hpp"

#include <gtest/gtest.h>

#include "control/control_server.hpp"
#include "test_support.hpp"

using routerd::Daemon;
using routerd::Options;

namespace {

class DaemonTest : public ::testing::Test {
  protected:
    routerd::test::TempDir dir;

    Options options() {
        Options o;
        o.config_file = dir / "routerd.toml";
        o.plugin_dirs = {TEST_PLUGIN_DIR};
        o.state_db = dir / "state.db";
        o.control_socket = dir / "routerd.sock";
        return o;
    }
    void write_config(const std::string& text) { dir.write("routerd.toml", text); }
};

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

}  // namespace

TEST_F(DaemonTest, ConfigTestReportsEveryMistake) {
    write_config(R"([global]
router_id = "lb1"

[test-service]
count = 0
greting = "hi"

[test-servic]
x = 1
)");
    Daemon daemon(options());
    const auto errors = lines(daemon.check_configuration());
    const std::string file = (dir / "routerd.toml").string();
    ASSERT_EQ(errors.size(), 3u) << daemon.check_configuration();
    EXPECT_EQ(errors[0], file +
                             ":8:1: test-servic: no plugin named 'test-servic' is loaded (did "
                             "you mean 'test-service'?)");
    EXPECT_EQ(errors[1], file + ":5:9: test-service.count: 0 is out of range 1..10");
    EXPECT_EQ(errors[2], file +
                             ":6:1: test-service.greting: unknown key 'greting' (did you mean "
                             "'greeting'?)");
}

TEST_F(DaemonTest, ARefusedPluginThatTheConfigUsesIsAnError) {
    write_config("[broken_init_fails]\nkey = 1\n");
    Daemon daemon(options());
    const std::string errors = daemon.check_configuration();
    EXPECT_NE(errors.find("broken_init_fails: plugin 'broken_init_fails' was refused: "),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("init failed: license file /etc/vendor.lic is missing"),
              std::string::npos);
}

TEST_F(DaemonTest, ValidConfigurationPasses) {
    write_config("[global]\nrouter_id = \"lb1\"\n[test-service]\ngreeting = \"hi\"\n");
    Daemon daemon(options());
    EXPECT_EQ(daemon.check_configuration(), "");
}

TEST_F(DaemonTest, StartFailsWithTheErrors) {
    write_config("[test-service]\ncount = 99\n");
    Daemon daemon(options());
    const auto errors = daemon.start();
    ASSERT_TRUE(errors.has_value());
    EXPECT_NE(errors->find("test-service.count: 99 is out of range 1..10"), std::string::npos);
}

TEST_F(DaemonTest, ReloadAppliesOnlyWhatChanged) {
    write_config("[test-service]\ngreeting = \"one\"\n");
    Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    auto service = [&] { return daemon.status()["plugins"][0]["status"]; };
    EXPECT_EQ(service()["greeting"], "one");
    EXPECT_EQ(service()["applied"], 1);

    auto same = daemon.reload();
    EXPECT_TRUE(same.applied);
    EXPECT_TRUE(same.changed.empty());
    EXPECT_EQ(service()["applied"], 1);  // untouched

    write_config("[test-service]\ngreeting = \"two\"\n");
    auto changed = daemon.reload();
    EXPECT_TRUE(changed.applied);
    EXPECT_EQ(changed.changed, std::vector<std::string>{"test-service"});
    EXPECT_EQ(service()["greeting"], "two");
    EXPECT_EQ(service()["applied"], 2);
}

TEST_F(DaemonTest, BadReloadIsRefusedWholeAndTheRunningConfigStays) {
    write_config("[test-service]\ngreeting = \"one\"\n");
    Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    // One good change and one bad: nothing of it may be applied.
    write_config("[test-service]\ngreeting = \"two\"\ncount = 500\n");
    auto result = daemon.reload();
    EXPECT_FALSE(result.applied);
    EXPECT_NE(result.errors.find("routerd.toml:3:9: test-service.count: 500 is out of range"),
              std::string::npos)
        << result.errors;
    EXPECT_EQ(daemon.status()["plugins"][0]["status"]["greeting"], "one");
    // A broken file (syntax) is refused too.
    write_config("[test-service\n");
    EXPECT_FALSE(daemon.reload().applied);
    EXPECT_EQ(daemon.status()["plugins"][0]["status"]["greeting"], "one");
}

TEST_F(DaemonTest, ControlSocketAnswersStatusReloadAndPluginCommands) {
    write_config("[test-service]\ngreeting = \"one\"\n");
    Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    EXPECT_EQ(
        std::filesystem::status(dir / "routerd.sock").permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto socket = dir / "routerd.sock";
    auto status = routerd::control_request(socket, {{"command", "status"}});
    ASSERT_EQ(status["ok"], true);
    EXPECT_EQ(status["status"]["plugins"][0]["name"], "test-service");
    EXPECT_EQ(status["status"]["plugins"][0]["version"], "2.1.0");
    EXPECT_EQ(status["status"]["config_file"], (dir / "routerd.toml").string());
    EXPECT_EQ(status["status"]["refused"].size(), 7u);

    // Reload through the socket is served by the thread that runs serve().
    std::thread server([&] { daemon.serve(); });
    write_config("[test-service]\ngreeting = \"two\"\n");
    auto reload = routerd::control_request(socket, {{"command", "reload"}});
    EXPECT_EQ(reload["ok"], true);
    EXPECT_EQ(reload["changed"][0], "test-service");
    daemon.request_stop();
    server.join();

    auto command = routerd::control_request(
        socket, {{"command", "plugin"}, {"plugin", "test-service"}, {"request", {{"count", 1}}}});
    EXPECT_EQ(command["ok"], true);
    EXPECT_EQ(command["result"]["rows"], 0);
    auto unknown = routerd::control_request(socket, {{"command", "fly"}});
    EXPECT_EQ(unknown["ok"], false);
    daemon.stop();
    EXPECT_FALSE(std::filesystem::exists(socket));
}

TEST_F(DaemonTest, SecondDaemonOnTheSameSocketIsRefused) {
    write_config("[test-service]\n");
    Daemon first(options());
    ASSERT_FALSE(first.start().has_value());
    Options o = options();
    o.state_db = dir / "other.db";
    Daemon second(o);
    EXPECT_THROW(second.start(), std::runtime_error);
}
