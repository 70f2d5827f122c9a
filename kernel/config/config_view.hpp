#pragma once

#include <routerd/plugin.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/document.hpp"

namespace routerd {

// Typed access to a value of the configuration, straight on the document model: how the
// kernel reads its own tables ([global], [checks]). A plugin's sdk::Config meets the same
// rules through the host table, whose config calls (host_api.cpp) are answered by this class.
// Getters return nullopt for an absent key, and report a value of the wrong type (or out of
// range) against its position before returning nullopt, so one pass finds every mistake.
class ConfigView {
  public:
    explicit ConfigView(const ConfigNode& node) : node_(&node) {}

    const ConfigNode& node() const { return *node_; }
    routerd_config_type_t type() const { return node_->type(); }
    bool present() const { return type() != ROUTERD_CONFIG_NONE; }

    // Looking a key up marks it as known, whether or not it is present.
    ConfigView operator[](std::string_view key) const;
    // Table entries in file order (marking every key as known); another value than a table
    // is reported.
    std::vector<std::pair<std::string, ConfigView>> entries() const;

    // Viewed in the document: valid while it lives.
    std::optional<std::string_view> string() const;
    std::optional<int64_t> integer() const;
    std::optional<int64_t> integer(int64_t min, int64_t max) const;
    // A float, or an integer (a fine number too).
    std::optional<double> number() const;
    std::optional<bool> boolean() const;
    // A string with units: "1s", "150ms", "1h30m".
    std::optional<std::chrono::nanoseconds> duration() const;

    // "file:line:col: key.path: message" against this value (or its table, when absent).
    void error(std::string message) const;

  private:
    // The value when it has the `expected` type; else reports a present value of another.
    const toml::node* typed(routerd_config_type_t expected) const;

    const ConfigNode* node_;
};

}  // namespace routerd
