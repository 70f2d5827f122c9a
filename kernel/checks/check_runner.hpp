#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

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
    std::string target;
    std::chrono::nanoseconds delay_loop = std::chrono::seconds(5);
    std::chrono::nanoseconds connect_timeout = std::chrono::seconds(5);
    std::chrono::nanoseconds delay_before_retry = std::chrono::seconds(1);
    unsigned rise = 1;
    unsigned retry = 1;
    bool alpha = false;
    std::string fingerprint;  // the whole table as text: unchanged checks survive a reload
};

// Runs standalone checks: schedules each probe (with jitter, so many checks do not fire in the
// same millisecond), applies retry/rise, publishes CHECK_RESULT events on every change, and
// keeps last-known health in the store so a restart does not flap.
class CheckRunner {
  public:
    CheckRunner(HostServices& services, PluginRegistry& registry);
    ~CheckRunner();

    // Validates [checks] (errors go to the document); with dry_run, changes nothing. Otherwise
    // replaces the running set: unchanged checks keep running untouched.
    bool configure(ConfigDocument& document, const ConfigNode& checks, bool dry_run);
    void start();
    void stop();
    nlohmann::json status() const;
    // Checker plugin names the configuration uses.
    std::vector<std::string> used_checkers() const;

    struct Check;

  private:
    // A validated check with the probe its checker made for it.
    struct Parsed {
        CheckSpec spec;
        PluginHost* checker;
        routerd_probe_t* probe;
    };
    std::vector<Parsed> parse(const ConfigNode& checks);
    void destroy_probe(const Parsed& parsed);

    HostServices& services_;
    PluginRegistry& registry_;
    std::map<std::string, std::shared_ptr<Check>> checks_;
    bool started_ = false;
};

}  // namespace routerd
