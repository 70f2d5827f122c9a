#include "deadline_queue.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

using routerd::checks::DeadlineQueue;
using namespace std::chrono_literals;

namespace {

// Deadlines in the past fire at once: the tests never wait for the clock.
struct Recorder {
    boost::asio::io_context io;
    std::vector<uint64_t> expired;
    DeadlineQueue queue{io, [this](uint64_t key) { expired.push_back(key); }};
};

}  // namespace

TEST(DeadlineQueue, ReportsPassedDeadlinesOnceInOrderAndNeverRemovedOnes) {
    Recorder r;
    const auto now = DeadlineQueue::Clock::now();
    const uint64_t third = r.queue.add(now - 1ms);
    const uint64_t first = r.queue.add(now - 3ms);
    const uint64_t removed = r.queue.add(now - 4ms);
    const uint64_t second = r.queue.add(now - 2ms);
    r.queue.remove(removed);
    r.io.run();
    EXPECT_EQ(r.expired, (std::vector<uint64_t>{first, second, third}));
}

TEST(DeadlineQueue, AnEarlierDeadlineAddedLaterIsNotHeldUpByALaterOne) {
    Recorder r;
    const auto now = DeadlineQueue::Clock::now();
    const uint64_t later = r.queue.add(now + 1h);
    const uint64_t earlier = r.queue.add(now - 1ms);
    // Hangs (and the test times out) if the timer still waits for `later`.
    while (r.expired.empty())
        r.io.run_one();
    EXPECT_EQ(r.expired, std::vector<uint64_t>{earlier});
    r.queue.remove(later);
}

TEST(DeadlineQueue, ADeadlineAddedWhileExpiringIsKept) {
    boost::asio::io_context io;
    std::vector<uint64_t> expired;
    std::optional<DeadlineQueue> queue;
    queue.emplace(io, [&](uint64_t key) {
        expired.push_back(key);
        if (expired.size() == 1) queue->add(DeadlineQueue::Clock::now() - 1ms);
    });
    const uint64_t first = queue->add(DeadlineQueue::Clock::now() - 1ms);
    io.run();
    ASSERT_EQ(expired.size(), 2u);
    EXPECT_EQ(expired[0], first);
    EXPECT_NE(expired[1], first);
}
