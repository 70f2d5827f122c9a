#include "routerd/ipvs/service/script_runner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using routerd::ipvs::run_script;

TEST(ScriptRunner, SuccessIsEmpty) {
    EXPECT_EQ(run_script("true"), "");
}

TEST(ScriptRunner, ExitStatusIsReported) {
    EXPECT_EQ(run_script("exit 3"), "exit status 3");
}

TEST(ScriptRunner, SignalIsReported) {
    EXPECT_EQ(run_script("kill -9 $$"), "killed by signal 9");
}

TEST(ScriptRunner, RunsThroughTheShellWithArguments) {
    const auto file =
        std::filesystem::temp_directory_path() / ("ipvs-script-" + std::to_string(::getpid()));
    EXPECT_EQ(run_script("echo rs1 down > '" + file.string() + "'"), "");
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "rs1 down");
    std::filesystem::remove(file);
}

TEST(ScriptRunner, ManyRunSideBySideWithinTheTimeout) {
    const auto started = std::chrono::steady_clock::now();
    const auto results = routerd::ipvs::run_scripts(
        {"sleep 0.3", "sleep 0.3; exit 4", "kill -9 $$", "sleep 0.3"}, std::chrono::seconds(5));
    EXPECT_EQ(results, (std::vector<std::string>{"", "exit status 4", "killed by signal 9", ""}));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(ScriptRunner, WhatOutlivesTheTimeoutIsKilledWithItsChildren) {
    const auto file =
        std::filesystem::temp_directory_path() / ("ipvs-late-" + std::to_string(::getpid()));
    const auto started = std::chrono::steady_clock::now();
    // The subshell is a child of the shell: it goes too, and never writes the file.
    const auto results = routerd::ipvs::run_scripts(
        {"true", "(sleep 1; echo late > '" + file.string() + "') & wait"},
        std::chrono::milliseconds(200));
    EXPECT_EQ(results, (std::vector<std::string>{"", "timed out after 200 ms"}));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(ScriptRunner, NoScriptsNoWait) {
    EXPECT_TRUE(routerd::ipvs::run_scripts({}, std::chrono::seconds(5)).empty());
}
