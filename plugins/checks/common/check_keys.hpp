#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::checks {

// Reads a checker's keys from its check table, remembering whether any was present but
// invalid (the getters have already reported it with file:line:col), so that a checker
// reports every mistake in one pass and then refuses the check once.
class CheckKeys {
  public:
    explicit CheckKeys(const sdk::Config& table) : table_(table) {}

    sdk::Config operator[](std::string_view key) const { return table_[key]; }
    const sdk::Config& table() const { return table_; }
    std::optional<std::string> string(std::string_view key) {
        return noted(table_[key], table_[key].string());
    }
    std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max) {
        return noted(table_[key], table_[key].integer(min, max));
    }
    std::optional<bool> boolean(std::string_view key) {
        return noted(table_[key], table_[key].boolean());
    }
    std::optional<std::chrono::nanoseconds> duration(std::string_view key) {
        return noted(table_[key], table_[key].duration());
    }
    // Reports a problem with a key's value.
    void error(std::string_view key, std::string_view message) {
        table_[key].error(message);
        valid_ = false;
    }
    // Counts a failure reported elsewhere (by a helper that read its own keys).
    void invalid() { valid_ = false; }
    bool valid() const { return valid_; }

  private:
    template <class T>
    std::optional<T> noted(const sdk::Config& node, std::optional<T> value) {
        if (!value && node.present()) valid_ = false;
        return value;
    }

    sdk::Config table_;
    bool valid_ = true;
};

}  // namespace routerd::checks
