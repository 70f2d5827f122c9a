#include "routerd/common/command_args.hpp"

#include <gtest/gtest.h>

namespace routerd::common {
namespace {

using Args = std::vector<std::string>;

TEST(CommandArgs, ReadsTheArgumentsRouterctlSends) {
    EXPECT_EQ(command_args(R"({"args": ["drain", "web", "10.0.0.1:80"]})"),
              (Args{"drain", "web", "10.0.0.1:80"}));
    EXPECT_EQ(command_args(R"({"args": []})"), Args{});
}

TEST(CommandArgs, AnArgumentThatIsNoStringIsItsJsonText) {
    // So that a command's usage check refuses it rather than the parse throwing.
    EXPECT_EQ(command_args(R"({"args": ["weight", 3, null, {"a": 1}]})"),
              (Args{"weight", "3", "null", R"({"a":1})"}));
}

TEST(CommandArgs, AMalformedRequestHasNoArguments) {
    for (const char* request : {"", "not json", "[\"show\"]", R"({"args": "show"})",
                                R"({"verb": ["show"]})", R"({"args": ["show")", "null"}) {
        EXPECT_EQ(command_args(request), Args{}) << request;
    }
}

}  // namespace
}  // namespace routerd::common
