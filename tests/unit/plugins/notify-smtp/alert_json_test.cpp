// The durable queue's text form of an alert: every kind survives the round trip.
#include "alert_json.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace routerd::smtp {
namespace {

using namespace std::chrono;

const sys_seconds kWhen{seconds(1795000000)};

void expect_round_trip(const Alert& alert) {
    const Alert back = alert_from_json(alert_to_json(alert));
    EXPECT_EQ(back.time, alert.time);
    EXPECT_EQ(alert_to_json(back), alert_to_json(alert));
    const AlertContext context{"LVS1", "lb1", minutes(0)};
    EXPECT_EQ(render_alerts(context, std::span(&back, 1)).body,
              render_alerts(context, std::span(&alert, 1)).body);
}

TEST(AlertJson, RoundTripsEveryKind) {
    expect_round_trip({kWhen, VrrpTransition{false, "VI_1", VrrpState::kMaster, 150, "why"}});
    expect_round_trip({kWhen, VrrpTransition{true, "G1", VrrpState::kFault, std::nullopt, ""}});
    expect_round_trip({kWhen, VrrpTransition{false, "VI_2", VrrpState::kStop, 1, ""}});
    expect_round_trip({kWhen, VrrpTransition{false, "VI_3", VrrpState::kBackup, 90, ""}});
    expect_round_trip(
        {kWhen, RealServerChange{"2001:db8::20", 443, true, "tcp:172.16.0.100:443", "ok"}});
    expect_round_trip({kWhen, CheckChange{"ssh", "127.0.0.1:22", false, "refused \"x\"\n"}});
    expect_round_trip({kWhen, QuorumChange{"web", "tcp:172.16.0.100:80", false, "weight 0"}});
}

TEST(AlertJson, RefusesWhatItDidNotWrite) {
    for (std::string_view bad :
         {"", "{", "[]", "{}", R"({"kind":"vrrp","time":1})", R"({"kind":"nope","time":1})",
          R"({"kind":"vrrp","time":1,"group":false,"name":"a","state":"HAPPY","reason":""})",
          R"({"kind":"real_server","time":1,"address":"a","port":70000,"up":true,)"
          R"("virtual_server":"","reason":""})",
          R"({"kind":"check","time":"soon","check":"a","target":"b","up":true,"reason":""})"}) {
        EXPECT_THROW(alert_from_json(bad), std::invalid_argument) << bad;
    }
}

// Found while writing fuzz_smtp_alert_json (which now runs with UBSan to catch it): a row's
// time, priority or port given as a float or a huge number was converted to an integer out of
// range (undefined behaviour), and a time near the int64 limit overflowed when the mail's date
// was computed. Such rows are refused (and so marked failed by the queue).
TEST(AlertJson, RefusesNumbersOutOfRange) {
    const std::string check = R"({"kind":"check","check":"a","target":"b","up":true,"reason":"")";
    const std::string vrrp =
        R"({"kind":"vrrp","time":1,"group":false,"name":"a","state":"MASTER","reason":"")";
    const std::string real = R"({"kind":"real_server","time":1,"address":"a","up":true,)"
                             R"("virtual_server":"","reason":"")";
    for (const std::string& bad :
         {check + R"(,"time":1e300})", check + R"(,"time":9223372036854775807})",
          check + R"(,"time":18446744073709551615})", check + R"(,"time":253402300800})",
          check + R"(,"time":-1})", check + R"(,"time":1.5})", vrrp + R"(,"priority":1e300})",
          vrrp + R"(,"priority":4294967296})", vrrp + R"(,"priority":256})",
          real + R"(,"port":1e300})", real + R"(,"port":-1})"}) {
        EXPECT_THROW(alert_from_json(bad), std::invalid_argument) << bad;
    }
    const Alert last = alert_from_json(check + R"(,"time":253402300799})");
    EXPECT_EQ(last.time.time_since_epoch(), seconds(253402300799));
    const AlertContext context{"LVS1", "lb1", minutes(-60)};
    EXPECT_NE(render_alerts(context, std::span(&last, 1)).body.find("9999"), std::string::npos);
}

}  // namespace
}  // namespace routerd::smtp
