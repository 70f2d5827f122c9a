#include <gtest/gtest.h>

#include <stdexcept>

#include "command.hpp"
#include "test_support.hpp"

namespace routerd::vrrp::track {
namespace {

using testing::TempDir;
using testing::write_script;

TEST(MakeCommand, FindsABareProgramInPath) {
    Command command = make_command("true --ignored");
    EXPECT_EQ(command.argv.front().back(), 'e');
    EXPECT_NE(command.argv.front().find("/true"), std::string::npos);
    EXPECT_EQ(command.argv.at(1), "--ignored");
}

TEST(MakeCommand, RunsAWholeLineThatNamesAnExecutableUnsplit) {
    TempDir dir;
    auto script = write_script(dir / "check with spaces", "exit 0");
    Command command = make_command(script.string());
    EXPECT_EQ(command.argv, std::vector<std::string>{script.string()});
}

TEST(MakeCommand, SplitsAPathWithArguments) {
    TempDir dir;
    auto script = write_script(dir / "check", "exit 0");
    Command command = make_command(script.string() + " one 'two three'");
    EXPECT_EQ(command.argv, (std::vector<std::string>{script.string(), "one", "two three"}));
}

TEST(MakeCommand, RejectsMissingAndNonExecutablePrograms) {
    TempDir dir;
    testing::write_file(dir / "plain", "not a script");
    EXPECT_THROW(make_command("no-such-program-anywhere"), std::invalid_argument);
    EXPECT_THROW(make_command((dir / "missing").string() + " arg"), std::invalid_argument);
    EXPECT_THROW(make_command((dir / "plain").string()), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp::track
