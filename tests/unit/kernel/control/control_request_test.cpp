#include "control/control_request.hpp"

#include <gtest/gtest.h>

#include <string>

#include "control/control_access.hpp"

namespace routerd {
namespace {

const PeerCredentials kMember{2000, 1500, 42, {}};

// The daemon's handler as far as the access rule: a control_group member may only read.
nlohmann::json member_handler(const nlohmann::json& request, const PeerCredentials&) {
    const auto refusal =
        refusal_for(request, ControlAccess::read_only,
                    [](std::string_view plugin, std::string_view) { return plugin == "vrrp"; });
    if (refusal) return {{"ok", false}, {"error", *refusal}};
    return {{"ok", true}};
}

TEST(ControlRequest, AnswersWhatTheHandlerSays) {
    const auto answer = answer_request(R"({"command":"plugin","plugin":"vrrp","request":{}})",
                                       kMember, member_handler);
    EXPECT_EQ(answer, (nlohmann::json{{"ok", true}}));
}

TEST(ControlRequest, RefusesWhatIsNoJsonObject) {
    for (const char* line : {"", "[1]", "{\"command\":", "\"status\""}) {
        const auto answer = answer_request(line, kMember, member_handler);
        EXPECT_EQ(answer["ok"], false) << line;
        EXPECT_EQ(answer["error"], "the request is not a JSON object") << line;
    }
}

TEST(ControlRequest, HandlerExceptionsBecomeErrors) {
    const auto answer = answer_request(R"({"command":"status"})", kMember,
                                       [](const nlohmann::json&, const PeerCredentials&) {
                                           throw std::runtime_error("busy");
                                           return nlohmann::json();
                                       });
    EXPECT_EQ(answer, (nlohmann::json{{"ok", false}, {"error", "busy"}}));
}

// Found while writing the control-request fuzz target: within the 1 MiB a request line may
// take, a control_group member could nest 500,000 arrays; the access rule copies the inner
// request (and the daemon serialises it for the plugin), both recursing once per level, and
// the control thread's stack overflowed: routerd died.
TEST(ControlRequest, DeeplyNestedRequestIsRefusedBeforeAnyHandler) {
    const size_t depth = 500'000;
    const std::string line = R"({"command":"plugin","plugin":"vrrp","request":)" +
                             std::string(depth, '[') + std::string(depth, ']') + "}";
    bool handled = false;
    const auto answer =
        answer_request(line, kMember, [&](const nlohmann::json& r, const PeerCredentials& p) {
            handled = true;
            return member_handler(r, p);
        });
    EXPECT_FALSE(handled);
    EXPECT_EQ(answer["ok"], false);
    EXPECT_EQ(answer["error"], "the request nests deeper than 32 levels");
}

TEST(ControlRequest, NestingUpToTheLimitIsAnswered) {
    const std::string line = R"({"command":"plugin","plugin":"vrrp","request":)" +
                             std::string(30, '[') + std::string(30, ']') + "}";
    EXPECT_EQ(answer_request(line, kMember, member_handler)["ok"], true);
}

}  // namespace
}  // namespace routerd
