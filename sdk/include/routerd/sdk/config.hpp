// Typed access to the configuration tree the host hands a plugin.
#ifndef ROUTERD_SDK_CONFIG_HPP
#define ROUTERD_SDK_CONFIG_HPP

#include <routerd/sdk/abi.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace routerd::sdk {

// The message of an integer outside its range ("300 is out of range 1..255"), or nullopt when
// it is inside. One wording for every configuration error of that kind: the host reads its
// own tables ([checks]) by the same rule.
inline std::optional<std::string> out_of_range(int64_t value, int64_t min, int64_t max) {
    if (value >= min && value <= max) return std::nullopt;
    return std::to_string(value) + " is out of range " + std::to_string(min) + ".." +
           std::to_string(max);
}

// A value in the configuration tree. Getters report type and range errors to the host (with
// file:line:col and key path) and return nullopt, so a plugin can report every mistake in
// one pass instead of stopping at the first.
class Config {
  public:
    Config(routerd_host_t* host, const routerd_host_api_t* api, const routerd_config_node_t* node)
        : host_(host), api_(api), node_(node) {}

    routerd_config_type_t type() const { return api_->config_type(host_, node_); }
    bool present() const { return type() != ROUTERD_CONFIG_NONE; }
    std::string path() const { return std::string(from_c(api_->config_path(host_, node_))); }

    // Looking a key up marks it as known, whether or not it is present.
    Config operator[](std::string_view key) const {
        return Config(host_, api_, api_->config_get(host_, node_, to_c(key)));
    }
    size_t count() const { return api_->config_count(host_, node_); }

    // Table entries in file order (visiting them marks every key as known).
    std::vector<std::pair<std::string, Config>> entries() const {
        std::vector<std::pair<std::string, Config>> out;
        if (type() != ROUTERD_CONFIG_TABLE) {
            if (present()) error("expected a table");
            return out;
        }
        for (size_t i = 0, n = count(); i < n; ++i) {
            routerd_str_t key{};
            const routerd_config_node_t* child = api_->config_at(host_, node_, i, &key);
            out.emplace_back(std::string(from_c(key)), Config(host_, api_, child));
        }
        return out;
    }
    // Array items; a single value is accepted as an array of one.
    std::vector<Config> items() const {
        std::vector<Config> out;
        if (type() == ROUTERD_CONFIG_ARRAY) {
            for (size_t i = 0, n = count(); i < n; ++i) {
                out.emplace_back(host_, api_, api_->config_at(host_, node_, i, nullptr));
            }
        } else if (present()) {
            out.push_back(*this);
        }
        return out;
    }

    std::optional<std::string> string() const {
        routerd_str_t s{};
        if (!present() || api_->config_string(host_, node_, &s) != ROUTERD_OK) {
            return std::nullopt;
        }
        return std::string(from_c(s));
    }
    std::optional<int64_t> integer(int64_t min, int64_t max) const {
        int64_t v = 0;
        if (!present() || api_->config_integer(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        if (std::optional<std::string> message = out_of_range(v, min, max)) {
            error(*message);
            return std::nullopt;
        }
        return v;
    }
    std::optional<double> number() const {
        double v = 0;
        if (!present() || api_->config_float(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        return v;
    }
    std::optional<bool> boolean() const {
        bool v = false;
        if (!present() || api_->config_boolean(host_, node_, &v) != ROUTERD_OK) {
            return std::nullopt;
        }
        return v;
    }
    std::optional<std::chrono::nanoseconds> duration() const {
        uint64_t ns = 0;
        if (!present() || api_->config_duration(host_, node_, &ns) != ROUTERD_OK) {
            return std::nullopt;
        }
        return std::chrono::nanoseconds(static_cast<int64_t>(ns));
    }
    // A string that must be one of `choices`.
    std::optional<std::string> one_of(std::initializer_list<std::string_view> choices) const {
        std::optional<std::string> s = string();
        if (!s) return std::nullopt;
        std::string list;
        for (std::string_view c : choices) {
            if (c == *s) return s;
            list += (list.empty() ? "" : ", ") + std::string(c);
        }
        error("'" + *s + "' is not one of " + list);
        return std::nullopt;
    }

    void error(std::string_view message) const { api_->config_error(host_, node_, to_c(message)); }
    const routerd_config_node_t* raw() const { return node_; }

  private:
    routerd_host_t* host_;
    const routerd_host_api_t* api_;
    const routerd_config_node_t* node_;
};

// The [global] table as plugins read it. Read it during configure (like every Config).
struct GlobalConfig {
    // Keepalived's router_id: names this routerd in events and alerts (absent: not set).
    std::optional<std::string> router_id;
    // keepalived.conf(5) global_defs: "USER [GROUP]" that scripts without a user of their own
    // run as (absent: not set), and whether scripts that would run as root are refused when a
    // non-root user could change them.
    std::optional<std::string> script_user;
    bool enable_script_security = false;

    // Reads (and so marks as known, reporting a wrong type) the keys above.
    static GlobalConfig read(const Config& global) {
        return GlobalConfig{global["router_id"].string(), global["script_user"].string(),
                            global["enable_script_security"].boolean().value_or(false)};
    }
};

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_CONFIG_HPP
