// The notify FIFO keys: [vrrp] notify_fifo / notify_fifo_script (Keepalived's
// vrrp_notify_fifo), the path of [global] notify_fifo (Keepalived's notify_fifo, which the
// notify-fifo plugin makes and checks: tests/unit/plugins/notify-fifo), notify_priority_changes
// and fifo_write_states_on_reload.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

const std::string kInstances = R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
priority = 100
virtual_ipaddress = ["172.16.0.100"]

[vrrp.instance.VI_2]
interface = "eth0"
virtual_router_id = 2
priority = 100
virtual_ipaddress = ["172.16.0.101"]
notify_priority_changes = false
)";

TEST(VrrpFifoConfig, BothFifosTheirReadersAndThePriorityDefaults) {
    const std::string dir = std::filesystem::temp_directory_path().string();
    const Parsed p = parse(R"([global]
notify_fifo = ")" + dir + R"(/all.fifo"
notify_fifo_script = "/bin/cat -u"

[vrrp]
notify_fifo = ")" + dir + R"(/vrrp.fifo"
notify_priority_changes = true
fifo_write_states_on_reload = true
)" + kInstances);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->global_fifo, dir + "/all.fifo");  // its script is not VRRP's to run
    ASSERT_TRUE(p.config->fifo);
    EXPECT_EQ(p.config->fifo->path, dir + "/vrrp.fifo");
    EXPECT_TRUE(p.config->fifo->script.empty());
    EXPECT_TRUE(p.config->fifo_write_states_on_reload);
    EXPECT_TRUE(p.config->instances.at("VI_1").notify_priority_changes);   // [vrrp]'s
    EXPECT_FALSE(p.config->instances.at("VI_2").notify_priority_changes);  // its own
}

TEST(VrrpFifoConfig, NoneByDefault) {
    const Parsed p = parse(kInstances);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.config->global_fifo);
    EXPECT_FALSE(p.config->fifo);
    EXPECT_FALSE(p.config->fifo_write_states_on_reload);
    EXPECT_FALSE(p.config->instances.at("VI_1").notify_priority_changes);
}

TEST(VrrpFifoConfig, MistakesNameFileLineAndKey) {
    const std::string dir = std::filesystem::temp_directory_path().string();
    const std::string file = dir + "/routerd-config-fifo-test.txt";
    std::ofstream(file) << "not a fifo";
    const Parsed p = parse(R"([global]
notify_fifo = ")" + file + R"("

[vrrp]
notify_fifo = "relative.fifo"
)" + kInstances);
    EXPECT_FALSE(p.config);
    // [global]'s mistake is the notify-fifo plugin's to report.
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0], "routerd.toml:5:15: vrrp.notify_fifo: must be an absolute path");
    std::filesystem::remove(file);

    const Parsed q = parse(R"([global]
notify_fifo = "/no/such/dir/x.fifo"
notify_fifo_script = "/no/such/reader"

[vrrp]
notify_fifo_script = "/bin/cat"
)" + kInstances);
    EXPECT_FALSE(q.config);
    ASSERT_EQ(q.errors.size(), 1u) << testing::PrintToString(q.errors);
    EXPECT_EQ(q.errors[0],
              "routerd.toml:6:22: vrrp.notify_fifo_script: needs notify_fifo: the FIFO it reads");
}

TEST(VrrpFifoConfig, TheScriptMustExistAndTheFifosMustDiffer) {
    const Parsed p = parse(R"([vrrp]
notify_fifo = "/tmp/x.fifo"
notify_fifo_script = "/no/such/reader"
)" + kInstances);
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0].rfind("routerd.toml:3:22: vrrp.notify_fifo_script: ", 0), 0u)
        << p.errors[0];
    EXPECT_NE(p.errors[0].find("/no/such/reader"), std::string::npos) << p.errors[0];

    const Parsed q = parse(R"([global]
notify_fifo = "/tmp/same.fifo"

[vrrp]
notify_fifo = "/tmp/same.fifo"
)" + kInstances);
    EXPECT_FALSE(q.config);
    ASSERT_EQ(q.errors.size(), 1u) << testing::PrintToString(q.errors);
    EXPECT_EQ(q.errors[0],
              "routerd.toml:5:15: vrrp.notify_fifo: is [global] notify_fifo too: the FIFOs must "
              "differ");
}

TEST(VrrpFifoConfig, AFifoScriptAsAnotherUserNeedsThatPrivilege) {
    const Parsed p = parse(R"([vrrp]
notify_fifo = "/tmp/x.fifo"
notify_fifo_script = "/bin/cat"
)" + kInstances,
                           common::ScriptPolicy{common::RunAs{65534, 65534}, false});
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->fifo.value().run_as, (common::RunAs{65534, 65534}));
    EXPECT_TRUE(p.config->runs_scripts_as_another_user());
}

}  // namespace
}  // namespace routerd::vrrp
