#include "ctl/render.hpp"

#include <gtest/gtest.h>

namespace routerd::ctl {
namespace {

nlohmann::json status_answer(nlohmann::json store_recovered) {
    return {{"version", "1.0"},
            {"pid", 1},
            {"uptime_s", 5},
            {"config_file", "/etc/routerd/routerd.toml"},
            {"state_db", "/var/lib/routerd/state.db"},
            {"plugins", nlohmann::json::array()},
            {"refused", nlohmann::json::array()},
            {"checks", nlohmann::json::object()},
            {"store_recovered", std::move(store_recovered)}};
}

TEST(RenderStatus, SaysWhenTheStoreWasCorruptAndMovedAside) {
    const std::string text = render_status(
        status_answer({{"moved_to", "/var/lib/routerd/state.db.corrupt-20261206T021500Z"},
                       {"reason", "file is not a database"}}));
    EXPECT_NE(text.find("WARNING: the state database was corrupt"), std::string::npos) << text;
    EXPECT_NE(text.find("state.db.corrupt-20261206T021500Z (file is not a database)"),
              std::string::npos)
        << text;
}

TEST(RenderStatus, SaysNothingOfAHealthyStore) {
    nlohmann::json answer = status_answer(nullptr);
    answer["store_failed_writes"] = 0;
    answer["store_last_failure"] = "";
    EXPECT_EQ(render_status(answer).find("WARNING"), std::string::npos);
}

TEST(RenderStatus, SaysWhenStoreWritesFailed) {
    nlohmann::json answer = status_answer(nullptr);
    answer["store_failed_writes"] = 3;
    answer["store_last_failure"] = "state.db: database or disk is full";
    const std::string text = render_status(answer);
    EXPECT_NE(text.find("WARNING: 3 writes to the state database failed since the start; the "
                        "last: state.db: database or disk is full"),
              std::string::npos)
        << text;
}

TEST(RenderStatus, PluginsAndChecksAreAlignedTables) {
    nlohmann::json s = status_answer(nullptr);
    s["plugins"] = {{{"name", "vrrp"},
                     {"version", "0.1.0"},
                     {"kind", "service"},
                     {"running", true},
                     {"status", {{"instances", 2}}}},
                    {{"name", "ipvs"},
                     {"version", "0.10.0"},
                     {"kind", "service"},
                     {"running", false},
                     {"status", {{"forwarder", "userspace"}}}}};
    s["checks"] = {{"web",
                    {{"type", "http"},
                     {"target", "10.0.0.1:80"},
                     {"state", "up"},
                     {"probes", 12},
                     {"failures", 0}}}};
    const std::string text = render_status(s);
    EXPECT_NE(text.find("PLUGIN  VERSION  KIND     STATE    STATUS\n"
                        "vrrp    0.1.0    service  running  instances 2\n"
                        "ipvs    0.10.0   service  idle     forwarder userspace\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("CHECK  TYPE  TARGET       STATE  PROBES  FAILURES  LAST REASON\n"
                        "web    http  10.0.0.1:80  up     12      0\n"),
              std::string::npos)
        << text;
}

TEST(RenderReload, SaysWhatChangedOrWhyItWasRefused) {
    EXPECT_EQ(render_reload({{"ok", true}, {"changed", {"vrrp", "ipvs"}}, {"errors", ""}}),
              "reloaded; changed: vrrp, ipvs\n");
    EXPECT_EQ(render_reload({{"ok", true}, {"changed", nlohmann::json::array()}}),
              "reloaded; changed: nothing\n");
    const std::string refused = render_reload(
        {{"ok", false}, {"changed", nlohmann::json::array()}, {"errors", "a.toml:3:1: bad"}});
    EXPECT_NE(refused.find("reload refused"), std::string::npos);
    EXPECT_NE(refused.find("a.toml:3:1: bad"), std::string::npos);
}

}  // namespace
}  // namespace routerd::ctl
