#include "routerd/common/lifetime.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>

namespace routerd::common {
namespace {

TEST(Lifetime, AGuardedCallbackRunsWhileItsOwnerExists) {
    Lifetime lifetime;
    int calls = 0;
    auto callback = lifetime.guard([&](int n) { calls += n; });
    callback(2);
    callback(3);
    EXPECT_EQ(calls, 5);
}

TEST(Lifetime, AGuardedCallbackDoesNothingOnceItsOwnerIsGone) {
    auto lifetime = std::make_unique<Lifetime>();
    int calls = 0;
    // As an event loop holds a handler: a copy, taken before the owner went.
    std::function<void(int)> queued = lifetime->guard([&](int n) { calls += n; });
    lifetime.reset();
    queued(1);
    EXPECT_EQ(calls, 0);
}

TEST(Lifetime, EachOwnerGuardsOnlyItsOwnCallbacks) {
    auto gone = std::make_unique<Lifetime>();
    Lifetime kept;
    int calls = 0;
    auto from_gone = gone->guard([&] { calls += 1; });
    auto from_kept = kept.guard([&] { calls += 10; });
    gone.reset();
    from_gone();
    from_kept();
    EXPECT_EQ(calls, 10);
}

}  // namespace
}  // namespace routerd::common
