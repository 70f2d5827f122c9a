#include "runtime/elastic_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

namespace routerd {
namespace {

using namespace std::chrono_literals;

// Polls `done` until it holds; the limit only stops a broken test from hanging.
bool eventually(const std::function<bool()>& done) {
    const auto limit = std::chrono::steady_clock::now() + 30s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > limit) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

TEST(ElasticPool, HasNoThreadUntilItHasWork) {
    ElasticPool pool(4, 1h, "test-pool");
    EXPECT_EQ(pool.threads(), 0u);
    std::promise<void> ran;
    pool.post([&] { ran.set_value(); });
    ran.get_future().get();
    EXPECT_EQ(pool.threads(), 1u);
}

TEST(ElasticPool, GrowsToItsLimitWhileTasksBlockAndNoFurther) {
    ElasticPool pool(3, 1h, "test-pool");
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> started = 0;
    std::atomic<int> finished = 0;
    for (int i = 0; i < 5; ++i) {
        pool.post([&, released] {
            ++started;
            released.wait();
            ++finished;
        });
    }
    ASSERT_TRUE(eventually([&] { return started == 3; }));
    EXPECT_EQ(pool.threads(), 3u);
    release.set_value();
    ASSERT_TRUE(eventually([&] { return finished == 5; }));  // the queued two ran too
    EXPECT_EQ(pool.threads(), 3u);
}

TEST(ElasticPool, AThreadLeftIdleEnds) {
    ElasticPool pool(2, 10ms, "test-pool");
    std::promise<void> ran;
    pool.post([&] { ran.set_value(); });
    ran.get_future().get();
    EXPECT_TRUE(eventually([&] { return pool.threads() == 0; }));
    // And work later starts one again.
    std::promise<void> again;
    pool.post([&] { again.set_value(); });
    again.get_future().get();
}

TEST(ElasticPool, StopWaitsForWhatRunsAndDropsLaterWork) {
    ElasticPool pool(1, 1h, "test-pool");
    std::promise<void> release;
    std::atomic<bool> running = false;
    std::atomic<bool> first_done = false;
    pool.post([&] {
        running = true;
        release.get_future().wait();
        first_done = true;
    });
    ASSERT_TRUE(eventually([&] { return running.load(); }));
    // Released at some point while (or before) stop waits: stop returns only after it ends.
    std::thread releaser([&] { release.set_value(); });
    pool.stop();
    EXPECT_TRUE(first_done);
    EXPECT_EQ(pool.threads(), 0u);
    std::atomic<bool> late_ran = false;
    pool.post([&] { late_ran = true; });  // dropped: the pool is stopped
    releaser.join();
    EXPECT_EQ(pool.threads(), 0u);
    EXPECT_FALSE(late_ran);
}

}  // namespace
}  // namespace routerd
