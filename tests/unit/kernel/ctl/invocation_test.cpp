#include "ctl/invocation.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace routerd::ctl {
namespace {

Invocation parse(std::vector<std::string> argv) {
    return parse_invocation(argv);
}

std::string usage_error(std::vector<std::string> argv) {
    try {
        parse_invocation(argv);
    } catch (const UsageError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no usage error";
    return "";
}

TEST(Invocation, OptionsBeforeOrAfterTheVerb) {
    const Invocation a = parse({"--socket", "/tmp/r.sock", "--json", "status"});
    EXPECT_EQ(a.socket, "/tmp/r.sock");
    EXPECT_TRUE(a.json);
    EXPECT_EQ(a.verb, "status");
    const Invocation b = parse({"vrrp", "--socket=/x.sock", "json", "--json"});
    EXPECT_EQ(b.socket, "/x.sock");
    EXPECT_TRUE(b.json);
    EXPECT_EQ(b.verb, "vrrp");
    EXPECT_EQ(b.args, std::vector<std::string>{"json"});
}

TEST(Invocation, HelpNeedsNoVerb) {
    EXPECT_TRUE(parse({"--help"}).help);
    EXPECT_TRUE(parse({"-h", "status"}).help);
}

TEST(Invocation, HistoryFilters) {
    const Invocation inv =
        parse({"history", "--since", "1h30m", "--instance=VI_1", "--limit", "20"});
    EXPECT_EQ(inv.verb, "history");
    EXPECT_EQ(inv.history.since, std::chrono::nanoseconds(90min));
    EXPECT_EQ(inv.history.instance, "VI_1");
    EXPECT_EQ(inv.history.limit, 20u);
    const Invocation plain = parse({"history"});
    EXPECT_FALSE(plain.history.since || plain.history.instance || plain.history.limit);
}

TEST(Invocation, SinceTakesTheConfigurationsDurations) {
    EXPECT_EQ(parse({"history", "--since=250ms"}).history.since, std::chrono::nanoseconds(250ms));
    EXPECT_EQ(parse({"history", "--since", "2d"}).history.since, std::chrono::nanoseconds(48h));
    EXPECT_NE(usage_error({"history", "--since", "yesterday"}).find("--since: "),
              std::string::npos);
    EXPECT_NE(usage_error({"history", "--since"}).find("--since needs a value"), std::string::npos);
}

TEST(Invocation, BadCommandLinesAreUsageErrors) {
    EXPECT_EQ(usage_error({"--json"}), "no command given");
    EXPECT_EQ(usage_error({"--frobnicate", "status"}), "unknown option '--frobnicate'");
    EXPECT_NE(usage_error({"status", "--since", "1h"}).find("belong to `routerctl history`"),
              std::string::npos);
    EXPECT_EQ(usage_error({"history", "--limit", "ten"}),
              "--limit: 'ten' is not a whole number in 0..1000000");
    EXPECT_EQ(usage_error({"history", "extra"}),
              "usage: routerctl history [--since DURATION] [--instance NAME] [--limit N]");
    EXPECT_EQ(usage_error({"status", "now"}), "usage: routerctl status");
    EXPECT_EQ(usage_error({"drain", "web"}), "usage: routerctl drain VS RS");
    EXPECT_EQ(usage_error({"undrain", "web", "rs1", "rs2"}), "usage: routerctl undrain VS RS");
    EXPECT_EQ(usage_error({"weight", "web", "rs1"}), "usage: routerctl weight VS RS N");
    EXPECT_EQ(usage_error({"weight", "web", "rs1", "65536"}),
              "weight: '65536' is not a whole number in 0..65535");
    EXPECT_EQ(usage_error({"weight", "web", "rs1", "-1"}),
              "weight: '-1' is not a whole number in 0..65535");
    EXPECT_EQ(usage_error({"history", "--instance="}), "--instance needs a name");
}

TEST(Invocation, RuntimeVerbsTakeTheirArguments) {
    const Invocation w = parse({"weight", "web", "10.0.0.1:80", "0"});
    EXPECT_EQ(w.args, (std::vector<std::string>{"web", "10.0.0.1:80", "0"}));
    EXPECT_EQ(parse({"drain", "web", "rs1"}).args, (std::vector<std::string>{"web", "rs1"}));
    // A plugin's own verbs pass through.
    EXPECT_EQ(parse({"alerts", "test"}).args, std::vector<std::string>{"test"});
    EXPECT_EQ(parse({"ipvs", "json"}).verb, "ipvs");
}

}  // namespace
}  // namespace routerd::ctl
