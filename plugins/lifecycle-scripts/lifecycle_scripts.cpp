// lifecycle-scripts: Keepalived's startup_script and shutdown_script ([global], settings.hpp).
// The startup script runs at routerd's first configuration, which every plugin receives before
// any plugin starts (Daemon::start: configure all, then start those with work): Keepalived
// runs it "before any child processes are run". The shutdown script runs when the plugin is
// destroyed, which routerd does after it stopped every plugin: Keepalived runs it "after all
// child processes have terminated". A reload runs neither (it may change the shutdown script,
// which then runs at stop), and neither runs for --config-test. Each runs through the runner of
// every script (plugins/common: its user, enable_script_security at the run, its own process
// group), blocking this thread until it ends or its timeout has passed: SIGTERM then, SIGKILL a
// second later, so that neither start nor stop waits longer than timeout + 1 s.
#include <routerd/common/global_script_policy.hpp>
#include <routerd/common/run_to_completion.hpp>
#include <routerd/plugin.hpp>

#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "settings.hpp"

namespace routerd::lifecycle_scripts {
namespace {

class LifecycleScriptsPlugin : public sdk::Service {
  public:
    using sdk::Service::Service;

    ~LifecycleScriptsPlugin() override {
        std::lock_guard lock(mutex_);
        if (!configured_ || !scripts_.shutdown) return;
        try {
            run("shutdown_script", *scripts_.shutdown);
        } catch (const std::exception& e) {  // nothing may leave a destructor
            host().error(std::string("shutdown_script: ") + e.what());
        }
    }

    bool configure(const sdk::Config& config, bool dry_run) override {
        (void)config;  // its keys are [global]'s, where Keepalived has them
        const common::ScriptPolicy policy = common::global_script_policy(host());
        std::optional<LifecycleScripts> scripts =
            read_lifecycle_scripts(host().global_table(), policy);
        if (!scripts) return false;
        const std::pair<const char*, const std::optional<LifecycleScript>*> keyed[] = {
            {"startup_script", &scripts->startup}, {"shutdown_script", &scripts->shutdown}};
        for (const auto& [key, script] : keyed) {
            if (*script && common::runs_as_another_user((*script)->run_as) &&
                !host().require_privilege(host().global_table()[key],
                                          ROUTERD_PRIVILEGE_RUN_AS_USER))
                return false;
        }
        if (dry_run) return true;
        std::lock_guard lock(mutex_);
        const bool first = !configured_;
        configured_ = true;
        scripts_ = std::move(*scripts);
        if (first && scripts_.startup) run("startup_script", *scripts_.startup);
        return true;
    }

    std::string status() override {
        std::lock_guard lock(mutex_);
        nlohmann::json out = nlohmann::json::object();
        if (scripts_.startup) out["startup_script"] = scripts_.startup->line;
        if (scripts_.shutdown) out["shutdown_script"] = scripts_.shutdown->line;
        if (!startup_outcome_.empty()) out["startup_outcome"] = startup_outcome_;
        return out.dump();
    }

  private:
    void run(const std::string& key, const LifecycleScript& script) {
        common::ChildSpec spec;
        spec.argv = script.argv;
        spec.run_as = script.run_as;
        spec.script_security = script.security;
        spec.timeout = script.timeout;
        host().info(key + ": running " + script.line);
        const common::ChildOutcome outcome = common::run_to_completion({spec}).front();
        const std::string described = outcome.success() ? "succeeded" : outcome.describe();
        if (key == "startup_script") startup_outcome_ = described;
        host().log(outcome.success() ? ROUTERD_LOG_INFO : ROUTERD_LOG_ERROR,
                   key + " " + script.line + ": " + described);
    }

    std::mutex mutex_;
    LifecycleScripts scripts_;  // the applied configuration's
    bool configured_ = false;   // a real (not dry-run) configuration came: routerd runs
    std::string startup_outcome_;
};

}  // namespace
}  // namespace routerd::lifecycle_scripts

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::lifecycle_scripts::LifecycleScriptsPlugin>("lifecycle-scripts", "0.1.0");
}
