// The check runner's common keys, through a real daemon and the test checker: connect_ip /
// connect_port make the probed address, smtp_alert and router_id travel in the
// CHECK_RESULT event's data (plugin.h), warmup is accepted as a duration.
#include "checks/check_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "bus/event_bus.hpp"
#include "daemon/daemon.hpp"
#include "test_support.hpp"

namespace {

class CheckRunnerTest : public ::testing::Test {
  protected:
    routerd::test::TempDir dir;

    // Only the test checker: the other test plugins have tables of their own to ask for.
    routerd::Options options() {
        const auto plugins = dir / "plugins";
        std::filesystem::create_directory(plugins);
        std::filesystem::permissions(plugins, std::filesystem::perms::owner_all);
        std::filesystem::copy_file(std::filesystem::path(TEST_PLUGIN_DIR) / "test_checker.so",
                                   plugins / "test_checker.so",
                                   std::filesystem::copy_options::overwrite_existing);
        routerd::Options o;
        o.config_file = dir / "routerd.toml";
        o.plugin_dirs = {plugins};
        o.state_db = dir / "state.db";
        o.control_socket = dir / "routerd.sock";
        return o;
    }
    // A [checks.NAME] table of the test checker (up while `flag` exists) with `extra` keys.
    std::string check(const std::string& name, const std::string& extra) {
        return "[checks." + name + "]\ntype = \"test-checker\"\ntarget = \"192.0.2.1:80\"\n" +
               "path = \"" + (dir / "flag").string() +
               "\"\ndelay_loop = \"20ms\"\nretry = 0\nalpha = true\n" + extra + "\n";
    }
};

template <class F>
bool eventually(F done) {
    for (int i = 0; i < 5000 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return done();
}

}  // namespace

TEST_F(CheckRunnerTest, ConnectIpAndPortMakeTheProbedAddress) {
    dir.write("routerd.toml", check("both", "connect_ip = \"2001:db8::9\"\nconnect_port = 8080") +
                                  check("port", "connect_port = 8080") + check("none", ""));
    routerd::Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    const auto checks = daemon.status()["checks"];
    EXPECT_EQ(checks["both"]["probe_target"], "[2001:db8::9]:8080");
    EXPECT_EQ(checks["both"]["target"], "192.0.2.1:80");  // results are about the target
    EXPECT_EQ(checks["port"]["probe_target"], "192.0.2.1:8080");
    EXPECT_EQ(checks["none"]["probe_target"], "192.0.2.1:80");
    daemon.stop();
}

TEST_F(CheckRunnerTest, BadCommonKeysArePositioned) {
    dir.write("routerd.toml", check("a", "connect_ip = \"192.0.2.9:81\"") +
                                  check("b", "connect_port = 0") + check("c", "warmup = \"soon\""));
    routerd::Daemon daemon(options());
    const std::string errors = daemon.check_configuration();
    EXPECT_NE(errors.find(":8:14: checks.a.connect_ip: connect_ip '192.0.2.9:81' must not have "
                          "a port"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("checks.b.connect_port: 0 is out of range 1..65535"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find("checks.c.warmup"), std::string::npos) << errors;
    EXPECT_EQ(errors.find("unknown key"), std::string::npos) << errors;  // checkers still ran
}

TEST_F(CheckRunnerTest, EventsCarrySmtpAlertAndRouterId) {
    dir.write("routerd.toml", "[global]\nrouter_id = \"lb7\"\n\n" +
                                  check("loud", "smtp_alert = true\nwarmup = \"10ms\"") +
                                  check("quiet", "smtp_alert = false") + check("default", ""));
    std::mutex mutex;  // before the daemon: its handler uses them until it stops
    std::map<std::string, std::string> data;  // by check
    routerd::Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    daemon.services().bus.subscribe(ROUTERD_EVENT_CHECK_RESULT,
                                    daemon.services().runtime.make_strand(),
                                    [&](const routerd::sdk::Event& e) {
                                        std::lock_guard lock(mutex);
                                        data[e.subject] = e.data;
                                    });
    std::ofstream(dir / "flag") << "up";
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(mutex);
        return data.size() == 3;
    }));
    daemon.stop();  // no handler runs after this
    EXPECT_EQ(nlohmann::json::parse(data["loud"]),
              (nlohmann::json{{"smtp_alert", true}, {"router_id", "lb7"}}));
    EXPECT_EQ(nlohmann::json::parse(data["quiet"]),
              (nlohmann::json{{"smtp_alert", false}, {"router_id", "lb7"}}));
    EXPECT_EQ(nlohmann::json::parse(data["default"]), (nlohmann::json{{"router_id", "lb7"}}));
}
