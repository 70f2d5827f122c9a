#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <routerd/plugin.hpp>

#include "host/plugin_host.hpp"

namespace routerd {

class ConfigDocument;
class ConfigNode;
class PluginRegistry;

// One check as configured under [checks.NAME]: the host's common keys. The checker plugin
// named by `type` validates the rest of the table.
struct CheckSpec {
    std::string id;
    std::string type;
    std::string target;        // the address results are about (the real server's)
    std::string probe_target;  // the address probed: target with connect_ip/connect_port
    std::chrono::nanoseconds delay_loop = std::chrono::seconds(5);
    std::chrono::nanoseconds connect_timeout = std::chrono::seconds(5);
    std::chrono::nanoseconds delay_before_retry = std::chrono::seconds(1);
    unsigned rise = 1;
    unsigned retry = 1;
    bool alpha = false;
    // Keepalived's warmup: the first probe waits a random time up to this (instead of up to
    // delay_loop), so that checks started together spread out.
    std::optional<std::chrono::nanoseconds> warmup;
    std::string event_data;   // the CHECK_RESULT events' `data` (smtp_alert, router_id)
    std::string fingerprint;  // the whole table as text: unchanged checks survive a reload
};

// Runs health checks: the standalone ones of [checks.NAME] and those plugins attach (a real
// server's check). Schedules each probe (with jitter, so many checks do not fire in the same
// millisecond), applies retry/rise, publishes CHECK_RESULT events on every change, and keeps
// last-known health in the store so a restart does not flap. Identical checks run once.
//
// Configuration comes in passes, one per (dry-run or applied) configuration of the daemon:
// begin_pass, then add_standalone and attach for every owner configured in the pass, then
// finish_pass. Owners not configured in an applied pass (unchanged on a reload) keep their
// checks running untouched.
class CheckRunner {
  public:
    static constexpr const char* kStandaloneOwner = "checks";

    CheckRunner(HostServices& services, PluginRegistry& registry);
    ~CheckRunner();

    void begin_pass(ConfigDocument& document, bool dry_run);
    // The owner (a plugin's name, or kStandaloneOwner) is being configured in this pass.
    void owner_configured(const std::string& owner);
    void add_standalone(const ConfigNode& checks);
    // Validates an attached check for `target`; returns its id, or nullopt after reporting.
    std::optional<std::string> attach(const std::string& owner, const ConfigNode& check,
                                      std::string_view target);
    // Applies the pass (unless it was a dry run or found errors); true when it was valid.
    bool finish_pass();

    void start();
    void stop();
    nlohmann::json status() const;
    // 1 up, 0 down, -1 no such check; any thread.
    int32_t state(const std::string& id) const;

    struct Check;

  private:
    // A validated check with the probe its checker made for it.
    struct Parsed {
        CheckSpec spec;
        PluginHost* checker;
        routerd_probe_t* probe;
    };
    struct Pass {
        ConfigDocument* document = nullptr;
        bool dry_run = true;
        size_t errors_before = 0;
        std::map<std::string, Parsed> parsed;                      // by id
        std::set<std::string> configured;                          // owners
        std::map<std::string, std::set<std::string>> attachments;  // owner -> ids
        std::optional<std::string> router_id;                      // [global] router_id
    };
    // Reads the host's keys of a check table and asks its checker to validate the rest.
    std::optional<Parsed> parse(const sdk::Config& table, CheckSpec spec);
    void destroy_probe(const Parsed& parsed);

    HostServices& services_;
    PluginRegistry& registry_;
    mutable std::mutex mutex_;  // guards checks_ for state() and status()
    std::map<std::string, std::shared_ptr<Check>> checks_;
    std::map<std::string, std::set<std::string>> attachments_;  // what runs, by owner
    // A unique_ptr, not an optional: clang cannot default-construct a nested class with member
    // initializers inside its enclosing class (optional<Pass> checks that there).
    std::unique_ptr<Pass> pass_;
    bool started_ = false;
};

}  // namespace routerd
