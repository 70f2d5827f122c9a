// A running check's retry, fall, rise and next attempts, timed by an injected clock: the test
// plays the scheduler (it calls attempt() when it says so) and moves time by hand, so nothing
// sleeps. The test checker answers at once: up while its flag file exists.
#include "checks/running_check.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <utility>
#include <vector>

#include "config/document.hpp"
#include "host_fixture.hpp"
#include "manual_clock.hpp"

namespace routerd {
namespace {

using namespace std::chrono_literals;
using time_point = CheckClock::time_point;

// Books instead of scheduling: the test reads the bookings and runs the attempts.
class Bookings final : public AttemptScheduler {
  public:
    void schedule(std::shared_ptr<RunningCheck>, time_point due) override {
        std::lock_guard lock(mutex_);
        booked_.push_back(due);
    }
    std::vector<time_point> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(booked_, {});
    }

  private:
    std::mutex mutex_;
    std::vector<time_point> booked_;
};

class RunningCheckTest : public test::HostFixture {
  protected:
    test::ManualClock clock;
    const time_point t0 = clock.now();
    std::shared_ptr<Bookings> bookings = std::make_shared<Bookings>();
    PluginHost* checker = nullptr;
    std::unique_ptr<ConfigDocument> config;

    void SetUp() override {
        HostFixture::SetUp();
        checker = registry.load_file(test::test_plugin("test_checker"));
        ASSERT_NE(checker, nullptr);
    }

    // retry 1, rise 2, an attempt every second, a retry 100 ms after a failure.
    std::shared_ptr<RunningCheck> make_check(bool alpha) {
        CheckSpec spec;
        spec.id = "web";
        spec.type = "test-checker";
        spec.target = spec.probe_target = "192.0.2.1:80";
        spec.delay_loop = 1s;
        spec.delay_before_retry = 100ms;
        spec.retry = 1;
        spec.rise = 2;
        spec.alpha = alpha;
        config = ConfigDocument::parse("path = \"" + (dir / "flag").string() + "\"\n", "t.toml");
        routerd_probe_t* probe = nullptr;
        EXPECT_EQ(checker->checker().routerd_on_probe_create(checker->self(), config->root().as_c(),
                                                             sdk::to_c(spec.target), &probe),
                  ROUTERD_OK);
        return std::make_shared<RunningCheck>(services, spec, *checker, probe, bookings, clock);
    }
    // The attempt due at `due`, run when the clock says `now`.
    void attempt(RunningCheck& check, time_point due) { check.attempt(due, clock.now()); }
    void set_flag(bool up) {
        if (up)
            dir.write("flag", "up");
        else
            std::filesystem::remove(dir / "flag");
    }
};

TEST_F(RunningCheckTest, FirstAttemptIsBookedWithinDelayLoopOfNow) {
    auto check = make_check(false);
    check->start();
    const auto booked = bookings->take();
    ASSERT_EQ(booked.size(), 1u);
    EXPECT_GE(booked[0], t0);
    EXPECT_LT(booked[0], t0 + 1s);
    check->stop();
}

TEST_F(RunningCheckTest, FailureIsRetriedAfterDelayBeforeRetryThenFalls) {
    auto check = make_check(false);  // starts up
    check->start();
    bookings->take();

    attempt(*check, t0);  // fails, one retry left
    EXPECT_EQ(bookings->take(), (std::vector<time_point>{t0 + 1s, t0 + 100ms}));
    EXPECT_EQ(check->state(), 1);

    clock.advance(100ms);
    attempt(*check, t0 + 100ms);  // the retry fails too: down
    EXPECT_EQ(bookings->take(), (std::vector<time_point>{t0 + 1100ms}));  // no more retries
    EXPECT_EQ(check->state(), 0);
    EXPECT_EQ(check->status()["failures"], 2);
    check->stop();
}

TEST_F(RunningCheckTest, RisesAfterRiseSuccessesInARow) {
    auto check = make_check(true);  // alpha: starts down
    check->start();
    bookings->take();
    set_flag(true);

    attempt(*check, t0);
    EXPECT_EQ(check->state(), 0);  // one success of two
    clock.advance(1s);
    attempt(*check, t0 + 1s);
    EXPECT_EQ(check->state(), 1);
    EXPECT_EQ(bookings->take(), (std::vector<time_point>{t0 + 1s, t0 + 2s}));
    check->stop();
}

// Out of descriptors, routerd cannot probe: that says nothing about the real server, whose
// check must neither fall nor be retried at once.
TEST_F(RunningCheckTest, LocalErrorsLeaveTheStateAsItWas) {
    auto check = make_check(false);  // starts up
    check->start();
    bookings->take();
    dir.write("flag", "local");

    attempt(*check, t0);
    clock.advance(1s);
    attempt(*check, t0 + 1s);
    EXPECT_EQ(bookings->take(), (std::vector<time_point>{t0 + 1s, t0 + 2s}));  // no retries
    EXPECT_EQ(check->state(), 1);
    EXPECT_EQ(check->status()["failures"], 0);
    EXPECT_EQ(check->status()["local_errors"], 2);

    set_flag(false);  // a real failure still counts
    clock.advance(1s);
    attempt(*check, t0 + 2s);
    EXPECT_EQ(check->status()["failures"], 1);
    check->stop();
}

TEST_F(RunningCheckTest, ALateAttemptSkipsThePassedSlots) {
    auto check = make_check(false);
    set_flag(true);
    check->start();
    bookings->take();
    clock.advance(3500ms);
    attempt(*check, t0);  // ran 3.5 s late: the rhythm goes on from its own slots
    EXPECT_EQ(bookings->take(), (std::vector<time_point>{t0 + 4s}));
    EXPECT_EQ(check->state(), 1);
    check->stop();
}

// The check's metrics follow it: state, failures by reason, probes, and how late each attempt
// started (the clock says 250 ms after its slot); a stopped check's own series leave.
TEST_F(RunningCheckTest, MetricsFollowTheCheck) {
    auto check = make_check(false);  // starts up
    check->start();
    bookings->take();
    const std::string up =
        "routerd_check_up{check=\"web\",type=\"test-checker\","
        "target=\"192.0.2.1:80\"} ";
    EXPECT_NE(metrics.scrape().find(up + "1\n"), std::string::npos);

    clock.advance(250ms);
    attempt(*check, t0);  // fails, one retry left
    dir.write("flag", "local");
    attempt(*check, t0 + 250ms);  // routerd cannot probe
    std::filesystem::remove(dir / "flag");
    attempt(*check, t0 + 250ms);  // the retry fails: down
    const std::string text = metrics.scrape();
    EXPECT_NE(text.find(up + "0\n"), std::string::npos) << text;
    EXPECT_NE(text.find("routerd_check_failures_total{check=\"web\",reason=\"down\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("routerd_check_failures_total{check=\"web\",reason=\"local_error\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("reason=\"no_answer\""), std::string::npos) << text;
    EXPECT_NE(text.find("routerd_check_probes_total{type=\"test-checker\"} 3\n"), std::string::npos)
        << text;
    // 250 ms late: in the 0.5 s bucket, not the 0.1 s one; the other two were on time.
    EXPECT_NE(text.find("routerd_check_schedule_lateness_seconds_bucket{type=\"test-checker\","
                        "le=\"0.1\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("routerd_check_schedule_lateness_seconds_bucket{type=\"test-checker\","
                        "le=\"0.5\"} 3\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("routerd_check_probe_duration_seconds_count{type=\"test-checker\"} 2\n"),
              std::string::npos)
        << text;

    check->stop();
    EXPECT_EQ(metrics.scrape().find("check=\"web\""), std::string::npos);
}

}  // namespace
}  // namespace routerd
