#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <routerd/plugin.h>

#include "checks/check_clock.hpp"
#include "checks/running_check.hpp"
#include "host/plugin_host.hpp"

namespace routerd {

class ConfigDocument;
class ConfigNode;
class ConfigView;
class PluginRegistry;
class ProbeScheduler;

// Runs health checks: the standalone ones of [checks.NAME] and those plugins attach (a real
// server's check). Each runs as a RunningCheck, its attempts scheduled by its checker's
// ProbeScheduler (starting with jitter, so that many checks spread over the interval);
// it applies retry/rise, publishes CHECK_RESULT events on every change, and keeps last-known
// health in the store so a restart does not flap. Identical checks run once.
//
// Configuration comes in passes, one per (dry-run or applied) configuration of the daemon:
// begin_pass, then add_standalone and attach for every owner configured in the pass, then
// finish_pass. Owners not configured in an applied pass (unchanged on a reload) keep their
// checks running untouched.
class CheckRunner {
  public:
    static constexpr const char* kStandaloneOwner = "checks";

    CheckRunner(HostServices& services, PluginRegistry& registry, const CheckClock& clock);
    ~CheckRunner();

    // `router_id`: [global] router_id, which the CHECK_RESULT events carry.
    void begin_pass(ConfigDocument& document, bool dry_run, std::optional<std::string> router_id);
    // The owner (a plugin's name, or kStandaloneOwner) is being configured in this pass.
    void owner_configured(const std::string& owner);
    void add_standalone(const ConfigNode& checks);
    // Validates an attached check for `target`; returns its id, or nullopt after reporting.
    std::optional<std::string> attach(const std::string& owner, const ConfigNode& check,
                                      std::string_view target);
    // During a pass, before finish_pass: the checker types (checker plugins' names) of every
    // check that runs once the pass is applied.
    std::set<std::string> checker_types_after_pass() const;
    // Applies the pass (unless it was a dry run or found errors); true when it was valid.
    bool finish_pass();

    // Each configured check takes its last-known health from the store (a restart does not
    // flap a farm: the plugins starting next read it through check_state).
    void restore();
    void start();
    void stop();
    nlohmann::json status() const;
    // 1 up, 0 down, -1 no such check; any thread.
    int32_t state(const std::string& id) const;
    // How many checks run (the control plane keeps descriptors for each); any thread.
    std::size_t count() const;

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
    std::optional<Parsed> parse(const ConfigView& table, CheckSpec spec);
    void destroy_probe(const Parsed& parsed);
    // Check ids by owner once `pass` is applied.
    std::map<std::string, std::set<std::string>> attachments_after(const Pass& pass) const;
    // The scheduler of a checker plugin's attempts (one per plugin, made when first needed).
    std::shared_ptr<ProbeScheduler> scheduler_for(PluginHost& checker);

    HostServices& services_;
    PluginRegistry& registry_;
    const CheckClock& clock_;
    mutable std::mutex mutex_;  // guards checks_ for state() and status()
    std::map<std::string, std::shared_ptr<RunningCheck>> checks_;
    std::map<PluginHost*, std::shared_ptr<ProbeScheduler>> schedulers_;
    std::map<std::string, std::set<std::string>> attachments_;  // what runs, by owner
    // A unique_ptr, not an optional: clang cannot default-construct a nested class with member
    // initializers inside its enclosing class (optional<Pass> checks that there).
    std::unique_ptr<Pass> pass_;
    bool started_ = false;
};

}  // namespace routerd
