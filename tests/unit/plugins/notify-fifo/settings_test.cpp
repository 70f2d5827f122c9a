// [global] notify_fifo and notify_fifo_script (keepalived.conf(5) global_defs notify_fifo and
// notify_fifo_script), as the notify-fifo plugin reads them, and the FIFO of the vrrp or ipvs
// plugin beside it (read_notify_fifos): "the FIFO names must all be different".
#include <routerd/common/notify_fifo_config.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "config/document.hpp"
#include "host/plugin_host.hpp"

namespace routerd::common {
namespace {

struct Parsed {
    std::unique_ptr<ConfigDocument> document;
    bool ok = false;
    std::optional<NotifyFifoSpec> global;    // [global]'s, as the notify-fifo plugin reads it
    std::optional<NotifyFifoSpec> own;       // [ipvs]'s, as the ipvs plugin reads it
    std::optional<std::string> global_path;  // [global]'s path, as the ipvs plugin reads it
    std::vector<std::string> errors;
};

Parsed parse(const std::string& text, const ScriptPolicy& policy = {}) {
    Parsed p;
    p.document = ConfigDocument::parse(text, "routerd.toml");
    const sdk::Config root(nullptr, &host_api(), p.document->root().as_c());
    p.ok = read_notify_fifo(root["global"], policy, p.global);
    p.ok = read_notify_fifos(root["ipvs"], root["global"], policy, p.own, p.global_path) && p.ok;
    for (const auto& d : p.document->diagnostics().all())
        p.errors.push_back(d.to_string());
    return p;
}

const std::string kDir = std::filesystem::temp_directory_path().string();

TEST(GlobalNotifyFifoSettings, NoneByDefault) {
    const Parsed p = parse("[global]\nrouter_id = \"r1\"\n");
    ASSERT_TRUE(p.ok) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.global);
    EXPECT_FALSE(p.own);
    EXPECT_FALSE(p.global_path);
}

TEST(GlobalNotifyFifoSettings, TheFifoItsReaderAndThePathTheOtherPluginsWriteTo) {
    const Parsed p = parse("[global]\nnotify_fifo = \"" + kDir +
                               "/all.fifo\"\nnotify_fifo_script = \"/bin/cat -u\"\n\n[ipvs]\n"
                               "notify_fifo = \"" +
                               kDir + "/lvs.fifo\"\n",
                           ScriptPolicy{RunAs{65534, 65534}, false});
    ASSERT_TRUE(p.ok) << testing::PrintToString(p.errors);
    ASSERT_TRUE(p.global);
    EXPECT_EQ(p.global->path, kDir + "/all.fifo");
    EXPECT_EQ(p.global->script, (std::vector<std::string>{"/bin/cat", "-u"}));
    EXPECT_EQ(p.global->run_as, (RunAs{65534, 65534}));  // script_user, as every notify script
    EXPECT_EQ(p.global_path, kDir + "/all.fifo");
    ASSERT_TRUE(p.own);
    EXPECT_EQ(p.own->path, kDir + "/lvs.fifo");
    EXPECT_TRUE(p.own->script.empty());
}

TEST(GlobalNotifyFifoSettings, MistakesNameFileLineAndKey) {
    const std::string file = kDir + "/routerd-global-fifo-test.txt";
    std::ofstream(file) << "not a fifo";
    const Parsed p = parse("[global]\nnotify_fifo = \"" + file + "\"\n");
    EXPECT_FALSE(p.ok);
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:2:15: global.notify_fifo: " + file + " exists and is not a FIFO");
    std::filesystem::remove(file);

    const Parsed q = parse(R"([global]
notify_fifo = "/no/such/dir/x.fifo"
notify_fifo_script = "/no/such/reader"
)");
    EXPECT_FALSE(q.ok);
    ASSERT_EQ(q.errors.size(), 2u) << testing::PrintToString(q.errors);
    EXPECT_EQ(q.errors[0],
              "routerd.toml:2:15: global.notify_fifo: its directory /no/such/dir does not exist");
    EXPECT_EQ(q.errors[1].rfind("routerd.toml:3:22: global.notify_fifo_script: ", 0), 0u)
        << q.errors[1];

    const Parsed r = parse("[global]\nnotify_fifo_script = \"/bin/cat\"\nnotify_fifo = 1\n");
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 1u) << testing::PrintToString(r.errors);
    EXPECT_EQ(r.errors[0].rfind("routerd.toml:3:15: global.notify_fifo: ", 0), 0u) << r.errors[0];

    const Parsed s = parse("[global]\nnotify_fifo_script = \"/bin/cat\"\n");
    EXPECT_FALSE(s.ok);
    EXPECT_EQ(s.errors, (std::vector<std::string>{"routerd.toml:2:22: global.notify_fifo_script: "
                                                  "needs notify_fifo: the FIFO it reads"}));
}

TEST(GlobalNotifyFifoSettings, APluginsOwnFifoMustNotBeTheGlobalOne) {
    const Parsed p = parse("[global]\nnotify_fifo = \"" + kDir + "/same.fifo\"\n\n[ipvs]\n" +
                           "notify_fifo = \"" + kDir + "/same.fifo\"\n");
    EXPECT_FALSE(p.ok);
    EXPECT_EQ(p.errors, (std::vector<std::string>{"routerd.toml:5:15: ipvs.notify_fifo: is "
                                                  "[global] notify_fifo too: the FIFOs must "
                                                  "differ"}));
}

}  // namespace
}  // namespace routerd::common
