// Several children side by side, waited for together, each under its own deadline.
#include "routerd/common/run_to_completion.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "test_files.hpp"

namespace routerd::common {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

ChildSpec shell(const std::string& line, std::chrono::milliseconds timeout = 30s) {
    ChildSpec spec;
    spec.argv = {"/bin/sh", "-c", line};
    spec.timeout = timeout;
    return spec;
}

TEST(RunToCompletion, NothingToRunIsNothingToWaitFor) {
    EXPECT_TRUE(run_to_completion({}).empty());
}

TEST(RunToCompletion, OneOutcomePerSpecInOrder) {
    ChildSpec missing;
    missing.argv = {"/nonexistent/program"};
    missing.timeout = 30s;
    const std::vector<ChildOutcome> outcomes =
        run_to_completion({shell("exit 0"), missing, shell("exit 4"), shell("kill -9 $$")});
    ASSERT_EQ(outcomes.size(), 4u);
    EXPECT_EQ(outcomes[0], ChildOutcome::exited_with(0));
    EXPECT_EQ(outcomes[1].kind, ChildOutcome::Kind::not_started);
    EXPECT_EQ(outcomes[1].error, "could not exec /nonexistent/program: No such file or directory");
    EXPECT_EQ(outcomes[2], ChildOutcome::exited_with(4));
    EXPECT_EQ(outcomes[3], ChildOutcome::killed_by(9));
}

TEST(RunToCompletion, TheyRunSideBySide) {
    // The first waits for what the second does: run one after the other, it never would end.
    TempDir dir;
    const std::string fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::vector<ChildOutcome> outcomes =
        run_to_completion({shell("read line < " + fifo + "; [ \"$line\" = go ]"),
                           shell("echo go > " + fifo + "; exit 4")});
    EXPECT_EQ(outcomes, (std::vector<ChildOutcome>{ChildOutcome::exited_with(0),
                                                   ChildOutcome::exited_with(4)}));
}

TEST(RunToCompletion, EachDeadlineEscalatesToSigkill) {
    // One ends on SIGTERM, one ignores it and needs SIGKILL, one ends in time.
    ChildSpec stubborn = shell("trap '' TERM; while :; do sleep 1; done", 100ms);
    stubborn.kill_grace = 100ms;
    const std::vector<ChildOutcome> outcomes =
        run_to_completion({shell("exec sleep 1000", 100ms), stubborn, shell("exit 0")});
    EXPECT_EQ(outcomes, (std::vector<ChildOutcome>{ChildOutcome::timed_out_after(100ms),
                                                   ChildOutcome::timed_out_after(100ms),
                                                   ChildOutcome::exited_with(0)}));
}

}  // namespace
}  // namespace routerd::common
