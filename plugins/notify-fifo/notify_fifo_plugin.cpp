// notify-fifo: keepalived.conf(5) global_defs notify_fifo and notify_fifo_script, [global]'s
// keys. That FIFO gets every notify line: the vrrp plugin's INSTANCE and GROUP lines and the
// ipvs plugin's VS and RS lines, each plugin writing through its own FifoWriter, as Keepalived's
// VRRP and checker processes both write to it. This plugin makes the FIFO (unless it is one
// already) and starts its reader, at routerd's first configuration, which every plugin receives
// before any plugin starts (Daemon::start: configure all, then start those with work), so that
// the reader hears every start. It closes it (SIGTERM to the reader, the FIFO removed if made
// here) when it is destroyed, which routerd does after it stopped every plugin, so that the
// reader hears their STOP lines too. Keepalived 2.2.7 opens the FIFO in its VRRP and in its
// checker process and each starts the script: two readers on one FIFO. routerd runs it once.
// A reload that changes either key closes the FIFO and makes it anew (the writers open the new
// one at their next line); none runs for --config-test.
#include <routerd/common/global_script_policy.hpp>
#include <routerd/common/notify_fifo.hpp>
#include <routerd/common/notify_fifo_config.hpp>
#include <routerd/plugin.hpp>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

namespace routerd::notify_fifo {
namespace {

class NotifyFifoPlugin : public sdk::Service {
  public:
    using sdk::Service::Service;

    bool configure(const sdk::Config& config, bool dry_run) override {
        (void)config;  // its keys are [global]'s, where Keepalived has them
        const sdk::Config global = host().global_table();
        std::optional<common::NotifyFifoSpec> spec;
        if (!common::read_notify_fifo(global, common::global_script_policy(host()), spec))
            return false;
        if (spec && !spec->script.empty() && common::runs_as_another_user(spec->run_as) &&
            !host().require_privilege(global["notify_fifo_script"], ROUTERD_PRIVILEGE_RUN_AS_USER))
            return false;
        if (dry_run) return true;
        std::lock_guard lock(mutex_);
        try {
            // Destroying the old one waits for its reader to end: not on this thread.
            common::reconfigure_notify_fifo(fifo_, spec, [this](std::function<void()> task) {
                host().post_blocking(std::move(task));
            });
        } catch (const std::exception& e) {
            host().error(std::string("notify_fifo: ") + e.what());
        }
        return true;
    }

    std::string status() override {
        std::lock_guard lock(mutex_);
        nlohmann::json out = nlohmann::json::object();
        if (fifo_) {
            out["notify_fifo"] = fifo_->spec().path;
            if (!fifo_->spec().script.empty()) out["notify_fifo_script"] = fifo_->spec().script;
        }
        return out.dump();
    }

  private:
    std::mutex mutex_;
    std::unique_ptr<common::NotifyFifo> fifo_;  // destroyed with the plugin: after every stop
};

}  // namespace
}  // namespace routerd::notify_fifo

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::notify_fifo::NotifyFifoPlugin>("notify-fifo", "0.1.0");
}
