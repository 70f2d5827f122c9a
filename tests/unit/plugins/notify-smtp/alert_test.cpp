// Keepalived-style subjects and bodies, single and coalesced.
#include "alert.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace routerd::smtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const sys_seconds kWhen = sys_days{2026y / November / 27} + 3h + 12min + 9s;
const AlertContext kContext{"LVS1", "lb1.example.net", 60min};

Alert instance(VrrpState state, sys_seconds time = kWhen, std::optional<int> priority = 100) {
    return {time, VrrpTransition{false, "VI_1", state, priority, ""}};
}

Alert real_server(bool up, std::string address = "172.16.1.20", std::string reason = "") {
    return {kWhen, RealServerChange{std::move(address), 80, up, "", std::move(reason)}};
}

std::string subject(const Alert& alert) {
    return render_alerts(kContext, std::span(&alert, 1)).subject;
}

TEST(AlertSubject, KeepalivedStyle) {
    EXPECT_EQ(subject(instance(VrrpState::kMaster)),
              "[LVS1] VRRP Instance VI_1 - Entering MASTER state");
    EXPECT_EQ(subject(instance(VrrpState::kFault)),
              "[LVS1] VRRP Instance VI_1 - Entering FAULT state");
    EXPECT_EQ(subject({kWhen, VrrpTransition{true, "G1", VrrpState::kBackup, {}, ""}}),
              "[LVS1] VRRP Group G1 - Entering BACKUP state");
    EXPECT_EQ(subject(real_server(false)), "[LVS1] Realserver [172.16.1.20]:80 - DOWN");
    EXPECT_EQ(subject(real_server(true)), "[LVS1] Realserver [172.16.1.20]:80 - UP");
    EXPECT_EQ(subject(real_server(true, "2001:db8::20")),
              "[LVS1] Realserver [2001:db8::20]:80 - UP");
}

TEST(AlertBody, SingleVrrpTransition) {
    Alert alert = instance(VrrpState::kBackup, kWhen, 90);
    std::get<VrrpTransition>(alert.event).reason = "tracked interface eth1 down";
    EXPECT_EQ(render_alerts(kContext, std::span(&alert, 1)).body,
              "VRRP Instance VI_1: Entering BACKUP state\n"
              "\n"
              "Time: Fri, 27 Nov 2026 04:12:09 +0100\n"
              "Details: effective priority 90; tracked interface eth1 down\n"
              "\n"
              "Host: lb1.example.net\n"
              "Router ID: LVS1\n");
}

TEST(AlertBody, SingleRealServerChange) {
    Alert alert = real_server(false, "172.16.1.20", "HTTP_GET: status 503");
    std::get<RealServerChange>(alert.event).virtual_server = "172.16.0.100:80";
    EXPECT_EQ(render_alerts(kContext, std::span(&alert, 1)).body,
              "Realserver [172.16.1.20]:80: DOWN\n"
              "\n"
              "Time: Fri, 27 Nov 2026 04:12:09 +0100\n"
              "Details: virtual server 172.16.0.100:80; HTTP_GET: status 503\n"
              "\n"
              "Host: lb1.example.net\n"
              "Router ID: LVS1\n");
}

TEST(AlertBody, StandaloneCheck) {
    const Alert alert{kWhen, CheckChange{"ssh", "127.0.0.1:22", false, "connection refused"}};
    const AlertText text = render_alerts(kContext, std::span(&alert, 1));
    EXPECT_EQ(text.subject, "[LVS1] Check ssh - DOWN");
    EXPECT_EQ(text.body,
              "Check ssh: DOWN\n"
              "\n"
              "Time: Fri, 27 Nov 2026 04:12:09 +0100\n"
              "Details: target 127.0.0.1:22; connection refused\n"
              "\n"
              "Host: lb1.example.net\n"
              "Router ID: LVS1\n");
    EXPECT_EQ(alert_key(alert), "Check ssh");
}

TEST(AlertBody, NoDetailsLine) {
    const Alert alert = instance(VrrpState::kMaster, kWhen, std::nullopt);
    EXPECT_EQ(render_alerts(kContext, std::span(&alert, 1)).body.find("Details"),
              std::string::npos);
}

TEST(AlertBody, FlappingListsEveryChangeWithItsTime) {
    const std::vector<Alert> alerts = {instance(VrrpState::kMaster, kWhen, 100),
                                       instance(VrrpState::kBackup, kWhen + 2s, 90),
                                       instance(VrrpState::kMaster, kWhen + 5s, 100)};
    const AlertText text = render_alerts(kContext, alerts);
    EXPECT_EQ(text.subject,
              "[LVS1] VRRP Instance VI_1 - Flapping: 3 changes, last Entering MASTER state");
    EXPECT_EQ(text.body,
              "VRRP Instance VI_1 changed 3 times (flapping):\n"
              "\n"
              "Fri, 27 Nov 2026 04:12:09 +0100  Entering MASTER state (effective priority 100)\n"
              "Fri, 27 Nov 2026 04:12:11 +0100  Entering BACKUP state (effective priority 90)\n"
              "Fri, 27 Nov 2026 04:12:14 +0100  Entering MASTER state (effective priority 100)\n"
              "\n"
              "Host: lb1.example.net\n"
              "Router ID: LVS1\n");
}

TEST(AlertKey, WhatMayBeCoalesced) {
    EXPECT_EQ(alert_key(instance(VrrpState::kMaster)), alert_key(instance(VrrpState::kBackup)));
    EXPECT_EQ(alert_key(instance(VrrpState::kMaster)), "VRRP Instance VI_1");
    EXPECT_EQ(alert_key(real_server(true)), alert_key(real_server(false)));
    EXPECT_NE(alert_key(real_server(true)), alert_key(real_server(true, "172.16.1.21")));
    Alert other_service = real_server(true);
    std::get<RealServerChange>(other_service.event).virtual_server = "172.16.0.101:80";
    EXPECT_EQ(alert_key(other_service), "Realserver [172.16.1.20]:80 of 172.16.0.101:80");
}

TEST(RenderAlerts, RefusesNothingOrAMix) {
    EXPECT_THROW(render_alerts(kContext, {}), std::invalid_argument);
    const std::vector<Alert> mixed = {instance(VrrpState::kMaster), real_server(true)};
    EXPECT_THROW(render_alerts(kContext, mixed), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::smtp
