#include "routerd/ipvs/service/script_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace {

using routerd::ipvs::run_scripts;

// One script, with a timeout it never meets.
std::string run_one(const std::string& command) {
    return run_scripts({command}, std::chrono::seconds(30), {}).at(0);
}

std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
}

TEST(ScriptRunner, SuccessIsEmpty) {
    EXPECT_EQ(run_one("true"), "");
}

TEST(ScriptRunner, ExitStatusIsReported) {
    EXPECT_EQ(run_one("exit 3"), "exit status 3");
}

TEST(ScriptRunner, SignalIsReported) {
    EXPECT_EQ(run_one("kill -9 $$"), "killed by signal 9");
}

TEST(ScriptRunner, RunsThroughTheShellWithArguments) {
    const auto file = temp_file("ipvs-script");
    EXPECT_EQ(run_one("echo rs1 down > '" + file.string() + "'"), "");
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "rs1 down");
    std::filesystem::remove(file);
}

TEST(ScriptRunner, ManyRunSideBySide) {
    // The first waits for what the second does: run one after the other, the first would
    // time out.
    const auto flag = temp_file("ipvs-side-by-side");
    std::filesystem::remove(flag);
    const auto results =
        run_scripts({"while [ ! -e '" + flag.string() + "' ]; do sleep 0.01; done",
                     "sleep 0.1; touch '" + flag.string() + "'; exit 4", "kill -9 $$"},
                    std::chrono::seconds(30), {});
    EXPECT_EQ(results, (std::vector<std::string>{"", "exit status 4", "killed by signal 9"}));
    std::filesystem::remove(flag);
}

TEST(ScriptRunner, WhatOutlivesTheTimeoutIsKilledWithItsChildren) {
    const auto started = temp_file("ipvs-started");
    const auto late = temp_file("ipvs-late");
    std::filesystem::remove(started);
    // The subshell is a child of the shell: it goes too. It marks that it runs, then waits
    // for ever for a file nobody makes, then would write `late`.
    const auto results = run_scripts(
        {"true", "(touch '" + started.string() + "'; while :; do sleep 0.05; done; echo x > '" +
                     late.string() + "') & wait"},
        std::chrono::milliseconds(300), {});
    EXPECT_EQ(results, (std::vector<std::string>{"", "timed out after 300 ms"}));
    EXPECT_TRUE(std::filesystem::exists(started));
    // No process of that group is left: the subshell's loop is gone.
    EXPECT_NE(std::system(("pgrep -f 'touch .?" + started.string() + "' >/dev/null").c_str()), 0);
    std::filesystem::remove(started);
}

TEST(ScriptRunner, NoScriptsNoWait) {
    EXPECT_TRUE(run_scripts({}, std::chrono::seconds(5), {}).empty());
}

}  // namespace
