// Callbacks that may run after the object they call into is gone. An event loop's cancel()
// (and a timer's or socket's destructor) cannot recall a handler that has completed already and
// waits in the loop's queue: it still runs, later, reporting success. A handler wrapped by
// guard() does nothing once the Lifetime that wrapped it is destroyed.
// Not thread-safe: destroy the owner on the thread that runs its handlers.
#pragma once

#include <memory>
#include <utility>

namespace routerd::common {

class Lifetime {
  public:
    Lifetime() = default;
    Lifetime(const Lifetime&) = delete;
    Lifetime& operator=(const Lifetime&) = delete;

    // `fn`, called with the same arguments while this Lifetime exists, and not called after.
    template <class F>
    auto guard(F fn) const {
        return
            [alive = std::weak_ptr<const int>(token_), fn = std::move(fn)](auto&&... args) mutable {
                if (alive.expired()) return;
                fn(std::forward<decltype(args)>(args)...);
            };
    }

  private:
    std::shared_ptr<const int> token_ = std::make_shared<const int>(0);
};

}  // namespace routerd::common
