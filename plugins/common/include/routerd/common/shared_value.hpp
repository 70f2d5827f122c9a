// A value that one thread replaces (a reload, on the plugin's executor) while another reads it
// (a loop of the plugin's own, e.g. VRRP's): every read gets one whole value, old or new, and
// may keep it as long as it likes.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

namespace routerd::common {

template <class T>
class SharedValue {
  public:
    explicit SharedValue(T initial = T()) : value_(std::make_shared<const T>(std::move(initial))) {}

    void set(T value) {
        auto next = std::make_shared<const T>(std::move(value));
        std::lock_guard lock(mutex_);
        value_.swap(next);
    }  // the old value is released outside the lock

    std::shared_ptr<const T> get() const {
        std::lock_guard lock(mutex_);
        return value_;
    }

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const T> value_;
};

}  // namespace routerd::common
