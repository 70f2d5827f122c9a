// The daemon as a whole, in-process: configuration checking, start, reload semantics and the
// control socket, with the real test plugin.
#include "daemon/daemon.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

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

// The entry of one plugin in routerd's status.
nlohmann::json plugin_entry(const nlohmann::json& status, const std::string& name) {
    for (const auto& p : status["plugins"]) {
        if (p["name"] == name) return p;
    }
    return nullptr;
}

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
    auto service = [&] { return plugin_entry(daemon.status(), "test-service")["status"]; };
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
    EXPECT_EQ(plugin_entry(daemon.status(), "test-service")["status"]["greeting"], "one");
    // A broken file (syntax) is refused too.
    write_config("[test-service\n");
    EXPECT_FALSE(daemon.reload().applied);
    EXPECT_EQ(plugin_entry(daemon.status(), "test-service")["status"]["greeting"], "one");
}

TEST_F(DaemonTest, ControlSocketAnswersStatusReloadAndPluginCommands) {
    write_config("[test-service]\ngreeting = \"one\"\n");
    Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    EXPECT_EQ(
        std::filesystem::status(dir / "routerd.sock").permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto socket = dir / "routerd.sock";
    // The socket is served by the thread that runs serve() (routerd's main thread).
    std::thread server([&] { daemon.serve(); });
    auto status = routerd::control_request(socket, {{"command", "status"}});
    ASSERT_EQ(status["ok"], true);
    EXPECT_EQ(plugin_entry(status["status"], "test-service")["version"], "2.1.0");
    EXPECT_EQ(plugin_entry(status["status"], "test-checker")["kind"], "checker");
    EXPECT_EQ(status["status"]["config_file"], (dir / "routerd.toml").string());
    EXPECT_EQ(status["status"]["refused"].size(), 7u);
    EXPECT_EQ(status["status"]["plugins"].size(), 3u);  // test-checker, -lb-driver, -service

    write_config("[test-service]\ngreeting = \"two\"\n");
    auto reload = routerd::control_request(socket, {{"command", "reload"}});
    EXPECT_EQ(reload["ok"], true);
    EXPECT_EQ(reload["changed"][0], "test-service");

    auto command = routerd::control_request(
        socket, {{"command", "plugin"}, {"plugin", "test-service"}, {"request", {{"count", 1}}}});
    EXPECT_EQ(command["ok"], true);
    EXPECT_EQ(command["result"]["rows"], 0);
    auto unknown = routerd::control_request(socket, {{"command", "fly"}});
    EXPECT_EQ(unknown["ok"], false);
    daemon.request_stop();
    server.join();
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

namespace {

std::string attached_config(const std::string& flag, const std::string& backends_extra = "") {
    const std::string check = "{ type = \"test-checker\", path = \"" + flag +
                              "\", delay_loop = \"20ms\", alpha = true, retry = 0 }";
    return "[global]\nrouter_id = \"lb9\"\n\n[test-service]\nrouter_id_from_global = true\n"
           "[[test-service.backends]]\naddress = \"127.0.0.1:80\"\ncheck = " +
           check + "\n[[test-service.backends]]\naddress = \"127.0.0.1:80\"\ncheck = " + check +
           "\n" + backends_extra;
}

template <class F>
bool eventually(F done) {
    for (int i = 0; i < 5000 && !done(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

}  // namespace

TEST_F(DaemonTest, AttachedChecksRunOnceFollowHealthAndSurviveUnrelatedReloads) {
    const std::string flag = (dir / "backend-up").string();
    const std::string third =
        "[[test-service.backends]]\naddress = \"127.0.0.1:81\"\n"
        "check = { type = \"test-checker\", path = \"" +
        flag + "\", delay_loop = \"20ms\" }\n";
    write_config(attached_config(flag, third));
    Daemon daemon(options());
    ASSERT_FALSE(daemon.start().has_value());
    auto service = [&] { return plugin_entry(daemon.status(), "test-service")["status"]; };
    EXPECT_EQ(service()["greeting"], "lb9");  // read through config_global
    const auto checks = service()["checks"];
    ASSERT_EQ(checks.size(), 3u);
    EXPECT_EQ(checks[0]["id"], checks[1]["id"]);  // identical: one check feeds both
    EXPECT_NE(checks[0]["id"], checks[2]["id"]);
    EXPECT_EQ(daemon.status()["checks"].size(), 2u);
    EXPECT_EQ(checks[0]["state"], 0);  // alpha: starts down

    std::ofstream(flag) << "up";
    ASSERT_TRUE(eventually([&] { return service()["checks"][0]["state"] == 1; }));
    const std::string id = checks[0]["id"];
    const int64_t probes_before = daemon.status()["checks"][id]["probes"];

    // A reload that leaves [test-service] alone keeps its checks running, counters and all.
    write_config(attached_config(flag, third) +
                 "\n[checks.extra]\ntype = \"test-checker\"\n"
                 "target = \"127.0.0.1:1\"\npath = \"" +
                 flag + "\"\n");
    auto reload = daemon.reload();
    ASSERT_TRUE(reload.applied) << reload.errors;
    EXPECT_EQ(reload.changed, std::vector<std::string>{"checks"});
    EXPECT_EQ(daemon.status()["checks"].size(), 3u);
    EXPECT_GE(daemon.status()["checks"][id]["probes"].get<int64_t>(), probes_before);
    EXPECT_EQ(service()["checks"][0]["state"], 1);

    // Dropping the third backend drops its check.
    write_config(attached_config(flag));
    ASSERT_TRUE(daemon.reload().applied);
    EXPECT_EQ(daemon.status()["checks"].size(), 1u);
    EXPECT_EQ(daemon.status()["checks"].begin().key(), id);
}

TEST_F(DaemonTest, ARestartStartsFromTheLastKnownHealth) {
    // alpha: a fresh check starts down. Once it has been up, a restart must not show the
    // plugins "down" first (a load balancer would take the real server out and back).
    const std::string flag = (dir / "backend-up").string();
    write_config(attached_config(flag));
    std::ofstream(flag) << "up";
    auto service = [](Daemon& d) { return plugin_entry(d.status(), "test-service")["status"]; };
    {
        Daemon daemon(options());
        ASSERT_FALSE(daemon.start().has_value());
        EXPECT_EQ(service(daemon)["started_with"], "0,0");
        ASSERT_TRUE(eventually([&] { return service(daemon)["checks"][0]["state"] == 1; }));
        daemon.stop();
    }
    Daemon restarted(options());
    ASSERT_FALSE(restarted.start().has_value());
    EXPECT_EQ(service(restarted)["started_with"], "1,1");
}

TEST_F(DaemonTest, AttachedCheckErrorsNameTheirKeyPath) {
    write_config(
        "[test-service]\n[[test-service.backends]]\naddress = \"127.0.0.1:80\"\n"
        "check = { type = \"test-chekcer\", path = \"/x\" }\n");
    Daemon daemon(options());
    const std::string errors = daemon.check_configuration();
    EXPECT_NE(errors.find("routerd.toml:4:18: test-service.backends[0].check.type: no checker "
                          "plugin named 'test-chekcer' (did you mean 'test-checker'?)"),
              std::string::npos)
        << errors;
}

// A reload still queued when the daemon stops is answered at once: its caller (a SIGHUP, or a
// test's thread) must not wait for ever.
TEST_F(DaemonTest, AStopAnswersTheReloadsStillQueued) {
    write_config("[test-service]\ncount = 1\n");
    Daemon daemon(options());
    std::future<routerd::ReloadResult> queued = daemon.request_reload();
    daemon.request_stop();
    daemon.serve();  // returns: the stop wins
    ASSERT_EQ(queued.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    const routerd::ReloadResult result = queued.get();
    EXPECT_FALSE(result.applied);
    EXPECT_EQ(result.errors, "routerd is stopping");
    // And one asked for after the stop is answered the same way.
    std::future<routerd::ReloadResult> late = daemon.request_reload();
    ASSERT_EQ(late.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(late.get().errors, "routerd is stopping");
}

// Members of [global] control_group may read, not reload; the running user may do both.
TEST_F(DaemonTest, ControlRequestsAreCheckedAgainstThePeersCredentials) {
    write_config("[global]\ncontrol_group = \"root\"\n[test-service]\ncount = 1\n");
    Daemon daemon(options());
    ASSERT_EQ(daemon.start(), std::nullopt);
    routerd::PeerCredentials member{4242, 0, 1, {}};
    routerd::PeerCredentials stranger{4242, 4242, 1, {4243}};
    EXPECT_EQ(daemon.handle({{"command", "status"}}, member)["ok"], true);
    EXPECT_EQ(daemon.handle({{"command", "reload"}}, member)["ok"], false);
    EXPECT_EQ(daemon.handle({{"command", "status"}}, stranger)["ok"], false);
    const nlohmann::json undeclared = {
        {"command", "plugin"}, {"plugin", "test-service"}, {"request", {{"args", {"x"}}}}};
    EXPECT_NE(
        daemon.handle(undeclared, member)["error"].get<std::string>().find("permission denied"),
        std::string::npos);
    daemon.stop();
}
