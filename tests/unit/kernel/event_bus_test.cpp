#include "bus/event_bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

using routerd::EventBus;
using routerd::Runtime;
using routerd::sdk::Event;

namespace {

Event event(uint32_t type, int32_t value) {
    Event e;
    e.type = type;
    e.value = value;
    e.subject = "s" + std::to_string(value);
    return e;
}

// Waits until `done` holds, without a fixed sleep: the bus is asynchronous.
template <class F>
bool eventually(F done) {
    for (int i = 0; i < 5000 && !done(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

}  // namespace

TEST(EventBus, DeliversOnlySubscribedTypesInOrder) {
    Runtime runtime(2, 1);
    EventBus bus;
    std::vector<int32_t> seen;  // touched only on the subscriber's strand
    std::atomic<int> count{0};
    bus.subscribe(ROUTERD_EVENT_CHECK_RESULT, runtime.make_strand(), [&](const Event& e) {
        seen.push_back(e.value);
        ++count;
    });
    for (int i = 0; i < 1000; ++i) {
        bus.publish(event(i % 2 ? ROUTERD_EVENT_CHECK_RESULT : ROUTERD_EVENT_ALERT, i));
    }
    ASSERT_TRUE(eventually([&] { return count == 500; }));
    for (size_t i = 0; i < seen.size(); ++i)
        EXPECT_EQ(seen[i], static_cast<int32_t>(2 * i + 1));
    EXPECT_EQ(bus.published(), 1000u);
}

TEST(EventBus, HandlersOfOneSubscriberNeverOverlap) {
    Runtime runtime(2, 1);
    EventBus bus;
    std::atomic<int> inside{0}, overlaps{0}, count{0};
    bus.subscribe(ROUTERD_EVENT_CUSTOM, runtime.make_strand(), [&](const Event&) {
        if (++inside > 1) ++overlaps;
        std::this_thread::yield();
        --inside;
        ++count;
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 4; ++t) {
        publishers.emplace_back([&] {
            for (int i = 0; i < 250; ++i)
                bus.publish(event(ROUTERD_EVENT_CUSTOM, i));
        });
    }
    for (auto& t : publishers)
        t.join();
    ASSERT_TRUE(eventually([&] { return count == 1000; }));
    EXPECT_EQ(overlaps, 0);
}

TEST(EventBus, PerPublisherOrderHoldsAcrossThreads) {
    Runtime runtime(2, 1);
    EventBus bus;
    std::map<std::string, int32_t> last;  // subscriber strand only
    std::atomic<int> count{0}, disorder{0};
    bus.subscribe(ROUTERD_EVENT_CUSTOM, runtime.make_strand(), [&](const Event& e) {
        auto [it, fresh] = last.try_emplace(e.source, e.value);
        if (!fresh && e.value <= it->second) ++disorder;
        it->second = e.value;
        ++count;
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 3; ++t) {
        publishers.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                Event e = event(ROUTERD_EVENT_CUSTOM, i);
                e.source = "publisher" + std::to_string(t);
                bus.publish(e);
            }
        });
    }
    for (auto& t : publishers)
        t.join();
    ASSERT_TRUE(eventually([&] { return count == 900; }));
    EXPECT_EQ(disorder, 0);
}

TEST(EventBus, SeveralSubscribersEachGetEveryEvent) {
    Runtime runtime(2, 1);
    EventBus bus;
    std::atomic<int> a{0}, b{0};
    bus.subscribe(ROUTERD_EVENT_ALERT, runtime.make_strand(), [&](const Event&) { ++a; });
    bus.subscribe(ROUTERD_EVENT_ALERT, runtime.make_strand(), [&](const Event&) { ++b; });
    for (int i = 0; i < 100; ++i)
        bus.publish(event(ROUTERD_EVENT_ALERT, i));
    ASSERT_TRUE(eventually([&] { return a == 100 && b == 100; }));
}

TEST(EventBus, UnsubscribeStopsDelivery) {
    Runtime runtime(1, 1);
    EventBus bus;
    std::atomic<int> count{0};
    auto strand = runtime.make_strand();
    const uint64_t id = bus.subscribe(ROUTERD_EVENT_ALERT, strand, [&](const Event&) { ++count; });
    // Hold the strand busy so that published events are queued, then unsubscribe.
    std::promise<void> release;
    boost::asio::post(strand, [f = release.get_future().share()] { f.wait(); });
    for (int i = 0; i < 10; ++i)
        bus.publish(event(ROUTERD_EVENT_ALERT, i));
    bus.unsubscribe(id);
    release.set_value();
    runtime.run_on(strand, [] {});
    EXPECT_EQ(count, 0);
    bus.publish(event(ROUTERD_EVENT_ALERT, 99));
    runtime.run_on(strand, [] {});
    EXPECT_EQ(count, 0);
}

TEST(EventBus, StampsTimeWhenMissing) {
    Runtime runtime(1, 1);
    EventBus bus;
    std::promise<uint64_t> stamped;
    bus.subscribe(ROUTERD_EVENT_ALERT, runtime.make_strand(),
                  [&](const Event& e) { stamped.set_value(e.time_unix_ns); });
    bus.publish(event(ROUTERD_EVENT_ALERT, 1));
    EXPECT_GT(stamped.get_future().get(), 1600000000ull * 1000000000ull);
}
