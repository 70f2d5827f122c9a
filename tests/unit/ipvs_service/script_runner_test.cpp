#include "routerd/ipvs/service/script_runner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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
