// The forwarder's I/O event loop on real descriptors: watched pipes report their events,
// timers fire in deadline order and never early, deferred work waits for the batch of events
// at hand, work posted from another thread runs on the loop's, a handler that throws loses
// only its own work, and stop() ends a loop blocked with nothing to do.
#include "event_loop.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using routerd::ipvs::userspace::EventLoop;
using Clock = EventLoop::Clock;
using namespace std::chrono_literals;

namespace {

// A pipe whose read end is watched (level-triggered); each event reads what is there.
class WatchedPipe final : public EventLoop::Watcher {
  public:
    WatchedPipe(EventLoop& loop, std::function<void(const std::string&)> on_read)
        : on_read_(std::move(on_read)) {
        if (::pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
        loop.watch(fds_[0], EPOLLIN, *this);
    }
    ~WatchedPipe() {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    void write(const std::string& text) {
        ASSERT_EQ(::write(fds_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }

  private:
    void on_events(uint32_t events) override {
        EXPECT_TRUE(events & EPOLLIN);
        char buffer[64];
        const ssize_t n = ::read(fds_[0], buffer, sizeof buffer);
        if (n > 0) on_read_(std::string(buffer, static_cast<std::size_t>(n)));
    }

    int fds_[2];
    std::function<void(const std::string&)> on_read_;
};

}  // namespace

TEST(EventLoop, AWatchedDescriptorReportsItsEventsOnTheLoopsThread) {
    EventLoop loop;
    std::string read;
    std::thread::id reader;
    WatchedPipe pipe(loop, [&](const std::string& text) {
        read += text;
        reader = std::this_thread::get_id();
        loop.stop();
    });
    std::thread writer([&] { pipe.write("hello"); });
    loop.run();
    writer.join();
    EXPECT_EQ(read, "hello");
    EXPECT_EQ(reader, std::this_thread::get_id());
}

TEST(EventLoop, TimersFireInDeadlineOrderAndNeverEarly) {
    EventLoop loop;
    const Clock::time_point start = Clock::now();
    std::vector<int> fired;
    std::vector<Clock::duration> late;  // how long after its deadline each fired
    auto timer = [&](int name, Clock::duration after) {
        return std::make_unique<EventLoop::Timer>(loop, [&, name, after] {
            fired.push_back(name);
            late.push_back(Clock::now() - (start + after));
            if (fired.size() == 3) loop.stop();
        });
    };
    auto third = timer(3, 30ms);
    auto first = timer(1, 10ms);
    auto second = timer(2, 20ms);
    third->arm(start + 30ms);
    first->arm(start + 10ms);
    second->arm(start + 20ms);
    EXPECT_TRUE(first->armed());
    loop.run();
    EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
    for (const Clock::duration d : late)
        EXPECT_GE(d, Clock::duration::zero());
    EXPECT_FALSE(first->armed());
}

TEST(EventLoop, ACancelledTimerNeverFiresAndArmingAgainMovesTheDeadline) {
    EventLoop loop;
    std::vector<std::string> fired;
    EventLoop::Timer cancelled(loop, [&] { fired.push_back("cancelled"); });
    EventLoop::Timer moved(loop, [&] { fired.push_back("moved"); });
    EventLoop::Timer last(loop, [&] {
        fired.push_back("last");
        loop.stop();
    });
    const Clock::time_point now = Clock::now();
    cancelled.arm(now + 5ms);
    cancelled.cancel();
    moved.arm(now + 5ms);
    moved.arm(now + 40ms);  // after `last` now
    last.arm(now + 20ms);
    {
        EventLoop::Timer destroyed(loop, [&] { fired.push_back("destroyed"); });
        destroyed.arm(now + 1ms);
    }
    loop.run();
    EXPECT_EQ(fired, (std::vector<std::string>{"last"}));
    EXPECT_TRUE(moved.armed());
}

TEST(EventLoop, DeferredWorkRunsAfterTheEventsAtHand) {
    EventLoop loop;
    std::vector<std::string> order;
    auto on_read = [&](const std::string& text) {
        order.push_back(text);
        loop.defer([&, text] {
            order.push_back("after " + text);
            // Deferred from deferred work: the next round, which does not wait for events.
            loop.defer([&] {
                if (order.size() == 4) loop.stop();
            });
        });
    };
    WatchedPipe a(loop, on_read);
    WatchedPipe b(loop, on_read);
    a.write("a");
    b.write("b");
    loop.run();
    ASSERT_EQ(order.size(), 4u);
    // Both events came in one batch, and each deferred its work: that work waited for both.
    EXPECT_EQ(order[2].substr(0, 6), "after ");
    EXPECT_EQ(order[3].substr(0, 6), "after ");
}

TEST(EventLoop, WorkPostedFromOtherThreadsRunsOnTheLoopsThreadInOrder) {
    EventLoop loop;
    std::vector<int> ran;
    std::vector<std::thread::id> threads;
    std::thread poster([&] {
        for (int i = 0; i < 100; ++i) {
            loop.post([&, i] {
                ran.push_back(i);
                threads.push_back(std::this_thread::get_id());
                if (i == 99) loop.stop();
            });
        }
    });
    loop.run();
    poster.join();
    ASSERT_EQ(ran.size(), 100u);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(ran[static_cast<std::size_t>(i)], i);
        EXPECT_EQ(threads[static_cast<std::size_t>(i)], std::this_thread::get_id());
    }
}

TEST(EventLoop, AHandlerThatThrowsLosesOnlyItsOwnWork) {
    EventLoop loop;
    bool after = false;
    loop.post([] { throw std::bad_alloc(); });
    EventLoop::Timer timer(loop, [] { throw std::runtime_error("timer"); });
    timer.arm(Clock::now());
    WatchedPipe pipe(loop, [](const std::string&) { throw std::runtime_error("watcher"); });
    pipe.write("x");
    loop.post([&] {
        loop.defer([&] {
            after = true;
            loop.stop();
        });
    });
    loop.run();
    EXPECT_TRUE(after);
}

TEST(EventLoop, StopEndsALoopBlockedWithNothingToDo) {
    EventLoop loop;
    std::thread runner([&] { loop.run(); });
    std::this_thread::sleep_for(20ms);  // let it block in its wait (the test passes either way)
    loop.stop();
    runner.join();  // hangs, and the test times out, if stop() did not wake it
}
