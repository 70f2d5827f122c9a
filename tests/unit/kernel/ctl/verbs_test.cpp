#include "ctl/verbs.hpp"

#include <gtest/gtest.h>

#include "ctl/render.hpp"

using namespace std::chrono_literals;

namespace routerd::ctl {
namespace {

nlohmann::json request(std::vector<std::string> argv, int64_t now = 0) {
    return request_for(parse_invocation(argv), now);
}

nlohmann::json plugin(const std::string& name, std::vector<std::string> args) {
    return {{"command", "plugin"}, {"plugin", name}, {"request", {{"args", args}}}};
}

TEST(Verbs, KernelVerbs) {
    EXPECT_EQ(request({"status"}), (nlohmann::json{{"command", "status"}}));
    EXPECT_EQ(request({"checks"}), (nlohmann::json{{"command", "checks"}}));
    EXPECT_EQ(request({"reload"}), (nlohmann::json{{"command", "reload"}}));
}

TEST(Verbs, HistorySinceIsRelativeToNow) {
    const int64_t now = 1'800'000'000'000'000'000;
    EXPECT_EQ(request({"history", "--since", "90s", "--instance", "VI_1", "--limit", "5"}, now),
              (nlohmann::json{{"command", "history"},
                              {"since_unix_ns", now - 90'000'000'000},
                              {"subject", "VI_1"},
                              {"limit", 5}}));
    EXPECT_EQ(request({"history"}, now), (nlohmann::json{{"command", "history"}}));
}

TEST(Verbs, PluginVerbsGoToTheirPlugin) {
    EXPECT_EQ(request({"vs"}), plugin("ipvs", {"json"}));  // a table of its JSON view
    EXPECT_EQ(request({"vs", "show"}), plugin("ipvs", {"show"}));
    EXPECT_EQ(request({"alerts"}), plugin("notify-smtp", {"list"}));
    EXPECT_EQ(request({"alerts", "test"}), plugin("notify-smtp", {"test"}));
    EXPECT_EQ(request({"drain", "web", "rs1"}), plugin("ipvs", {"drain", "web", "rs1"}));
    EXPECT_EQ(request({"undrain", "web", "rs1"}), plugin("ipvs", {"undrain", "web", "rs1"}));
    EXPECT_EQ(request({"weight", "web", "rs1", "3"}),
              plugin("ipvs", {"weight", "web", "rs1", "3"}));
    EXPECT_EQ(request({"vrrp"}), plugin("vrrp", {"json"}));
    EXPECT_EQ(request({"vrrp", "json"}), plugin("vrrp", {"json"}));
    EXPECT_EQ(request({"announce-bgp", "undrain"}), plugin("announce-bgp", {"undrain"}));
}

TEST(Verbs, HistoryIsATableNewestFirstAsRouterdSentIt) {
    const nlohmann::json answer = {{"ok", true},
                                   {"history",
                                    {{{"time_unix_ns", 1'796'000'000'250'000'000},
                                      {"source", "vrrp"},
                                      {"subject", "instance VI_1"},
                                      {"from", "BACKUP"},
                                      {"to", "MASTER"},
                                      {"reason", "master down timer expired"}},
                                     {{"time_unix_ns", 1'796'000'000'000'000'000},
                                      {"source", "vrrp"},
                                      {"subject", "instance VI_1"},
                                      {"from", "INIT"},
                                      {"to", "BACKUP"},
                                      {"reason", "started"}}}}};
    EXPECT_EQ(render_answer(parse_invocation({"history"}), answer),
              "TIME (UTC)                SOURCE  SUBJECT        FROM    TO      REASON\n"
              "2026-11-30T00:53:20.250Z  vrrp    instance VI_1  BACKUP  MASTER  master down timer "
              "expired\n"
              "2026-11-30T00:53:20.000Z  vrrp    instance VI_1  INIT    BACKUP  started\n");
    EXPECT_EQ(render_answer(parse_invocation({"history"}),
                            {{"ok", true}, {"history", nlohmann::json::array()}}),
              "no history rows match\n");
}

TEST(Verbs, VirtualServersShowOverrides) {
    const nlohmann::json view = {{"forwarder", "userspace"},
                                 {"virtual_servers",
                                  {{{"name", "web"},
                                    {"service", "tcp:10.0.0.100:80"},
                                    {"in_table", true},
                                    {"quorum_up", true},
                                    {"suspended", false},
                                    {"real_servers",
                                     {{{"name", "rs1"},
                                       {"address", "10.0.1.1:80"},
                                       {"health", "up"},
                                       {"drained", false},
                                       {"weight_override", 5},
                                       {"in_table", true},
                                       {"weight", 5},
                                       {"active_connections", 2},
                                       {"inactive_connections", 0}},
                                      {{"name", "rs2"},
                                       {"address", "10.0.1.2:80"},
                                       {"health", "down"},
                                       {"drained", true},
                                       {"weight_override", nullptr},
                                       {"in_table", false},
                                       {"weight", 0},
                                       {"active_connections", 0},
                                       {"inactive_connections", 0}}}}}}}};
    EXPECT_EQ(render_answer(parse_invocation({"vs"}), {{"ok", true}, {"result", view}}),
              "forwarder: userspace\n"
              "VS   SERVICE            RS   ADDRESS      HEALTH  WEIGHT  ACTIVE  INACTIVE  "
              "OVERRIDE  NOTE\n"
              "web  tcp:10.0.0.100:80  rs1  10.0.1.1:80  up      5       2       0         "
              "weight 5\n"
              "web  tcp:10.0.0.100:80  rs2  10.0.1.2:80  down    0       0       0         "
              "drained   out of the table\n");
}

TEST(Verbs, AlertsTable) {
    const nlohmann::json list = {{"queued",
                                  {{{"id", 7},
                                    {"time", "Sun, 06 Dec 2026 20:00:00 +0000"},
                                    {"attempts", 2},
                                    {"subject", "[lb1] VI_1 MASTER"}}}},
                                 {"sent", nlohmann::json::array()},
                                 {"failed", nlohmann::json::array()}};
    EXPECT_EQ(render_answer(parse_invocation({"alerts"}), {{"ok", true}, {"result", list}}),
              "STATE   ID  TIME                             ATTEMPTS  SUBJECT\n"
              "queued  7   Sun, 06 Dec 2026 20:00:00 +0000  2         [lb1] VI_1 MASTER\n");
}

TEST(Verbs, APluginsTextAnswerIsShownAsItIs) {
    EXPECT_EQ(render_answer(parse_invocation({"drain", "web", "rs1"}),
                            {{"ok", true}, {"result", "drained rs1 in web"}}),
              "drained rs1 in web\n");
}

TEST(Verbs, UsageDocumentsTheExitCodes) {
    const std::string usage = kUsage;
    for (const char* line : {"0  done", "1  routerd answered with an error",
                             "2  the command line is wrong", "3  routerd could not be reached"})
        EXPECT_NE(usage.find(line), std::string::npos) << line;
    for (const std::string& verb : known_verbs())
        EXPECT_NE(usage.find("  " + verb), std::string::npos) << verb;
}

}  // namespace
}  // namespace routerd::ctl

namespace routerd::ctl {
namespace {

nlohmann::json vrrp_view() {
    return {{"instances",
             {{"VI_1",
               {{"state", "BACKUP"},
                {"priority", 150},
                {"base_priority", 150},
                {"interface", "eth0"},
                {"virtual_router_id", 101},
                {"version", 2},
                {"master", "172.16.0.1"},
                {"addresses", {"172.16.0.100/32", "172.16.0.101/32"}},
                {"adverts_in", 12},
                {"adverts_out", 0},
                {"transitions", 1},
                {"drops", {{"auth_failed", 3}}},
                {"why", "a higher priority master advertises"},
                {"address_list_differs",
                 {{"from", "172.16.0.1"},
                  {"advertised", {"172.16.0.100"}},
                  {"processed", true},
                  {"adverts", 4}}}}},
              {"VI_2",
               {{"state", "FAULT"},
                {"priority", 0},
                {"base_priority", 100},
                {"interface", "eth1"},
                {"virtual_router_id", 7},
                {"version", 3},
                {"master", ""},
                {"addresses", nlohmann::json::array()},
                {"adverts_in", 0},
                {"adverts_out", 0},
                {"transitions", 2},
                {"drops", nlohmann::json::object()},
                {"why", "track_process sshd down"},
                {"address_list_differs", nullptr}}}}},
            {"sync_groups", {{"G1", {{"state", "FAULT"}, {"members", {"VI_1", "VI_2"}}}}}},
            {"unknown_vrid_drops", 5},
            {"receive", {{"truncated", 0}, {"queue_full_drops", 1}}}};
}

TEST(Verbs, VrrpIsATableWhoseColumnsHoldNoBlanks) {
    const std::string text =
        render_answer(parse_invocation({"vrrp"}), {{"ok", true}, {"result", vrrp_view()}});
    EXPECT_EQ(text,
              "INSTANCE  STATE   PRIORITY  BASE  INTERFACE  VRID  VERSION  MASTER      ADDRESSES   "
              "                     IN  OUT  TRANSITIONS  DROPS          WHY\n"
              "VI_1      BACKUP  150       150   eth0       101   v2       172.16.0.1  "
              "172.16.0.100/32,172.16.0.101/32  12  0    1            auth_failed=3  a higher "
              "priority master advertises\n"
              "VI_2      FAULT   0         100   eth1       7     v3       -           -          "
              "                      0   0    2            -              track_process sshd "
              "down\n"
              "\n"
              "SYNC GROUP  STATE  MEMBERS\n"
              "G1          FAULT  VI_1,VI_2\n"
              "\n"
              "address list mismatch: 172.16.0.1 advertises [\"172.16.0.100\"] (instance VI_1, 4 "
              "adverts, processed)\n"
              "\n"
              "received: unknown VRID drops 5, queue_full_drops 1, truncated 0\n");
}

}  // namespace
}  // namespace routerd::ctl
