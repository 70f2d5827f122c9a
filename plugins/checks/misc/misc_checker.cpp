// misc: Keepalived's MISC_CHECK — run a program; its exit code is the verdict
// (keepalived.conf(5), "MISC healthchecker"). The program runs as a child process watched
// through a pidfd on the checker's event loop: no thread waits for it, and at misc_timeout
// its whole process group is killed.
#include <routerd/plugin.hpp>

#include <routerd/common/child_process.hpp>
#include <routerd/common/global_script_policy.hpp>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "command_line.hpp"
#include "exit_verdict.hpp"
#include "local_error.hpp"
#include "probe_operation.hpp"

namespace routerd::checks::misc {
namespace {

struct MiscSettings {
    std::vector<std::string> argv;
    std::optional<std::chrono::nanoseconds> timeout;  // misc_timeout; else the host's
    bool dynamic = false;
    std::optional<common::RunAs> run_as;  // nullopt: routerd's own identity
    bool script_security = false;
};

// The runner's outcome in the verdict's terms.
ProgramEnd program_end(const common::ChildOutcome& outcome) {
    switch (outcome.kind) {
        case common::ChildOutcome::Kind::exited:
            return {ProgramEnd::How::kExited, outcome.value};
        case common::ChildOutcome::Kind::killed:
            return {ProgramEnd::How::kSignalled, outcome.value};
        case common::ChildOutcome::Kind::timed_out:
            return {ProgramEnd::How::kTimedOut, 0};
        case common::ChildOutcome::Kind::not_started:
            break;
    }
    return {ProgramEnd::How::kNotStarted, outcome.value, outcome.error};
}

class MiscOperation : public ProbeOperation {
  public:
    MiscOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                  std::shared_ptr<const MiscSettings> settings)
        : ProbeOperation(io, std::move(done)),
          settings_(std::move(settings)),
          pidfd_(io),
          kill_timer_(io) {}

  private:
    void begin() override {
        phase("running ", settings_->argv[0]);
        common::ChildSpec spec;
        spec.argv = settings_->argv;
        spec.run_as = settings_->run_as;
        spec.script_security = settings_->script_security;
        try {
            child_.emplace(common::Child::spawn(spec));
            pidfd_.assign(child_->open_watch_pidfd());
        } catch (const std::system_error& e) {
            child_.reset();                          // killed and reaped if it had started
            if (is_local_error(e.code().value())) {  // no descriptor for its pipes: ours
                return fail("starting " + settings_->argv[0],
                            {e.code().value(), boost::system::system_category()});
            }
            const Verdict v =
                judge(program_end(common::ChildOutcome::not_started_because(e)), false);
            return finish(v.up, v.reason);
        }
        // Reaps the child even after a timeout (release() stopped it), so none is left behind.
        wait_exit();
    }

    void wait_exit() {
        pidfd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                          [self = self<MiscOperation>()](boost::system::error_code ec) {
                              if (!ec) self->reap();
                          });
    }

    void reap() {
        std::optional<common::ChildOutcome> outcome = child_->try_reap();
        if (!outcome) return wait_exit();
        kill_timer_.cancel();
        pidfd_.close();
        const Verdict v = judge(program_end(*outcome), settings_->dynamic);
        finish(v.up, v.reason, v.weight);  // ignored after a timeout: that answered already
    }

    // The attempt ended while the program runs (misc_timeout): SIGTERM to its group, then
    // SIGKILL after the grace; the pidfd wait then reaps it. The Child's destructor kills and
    // reaps whatever the loop leaves behind when it stops.
    void release() override {
        if (child_ && !child_->reaped()) escalate();
    }

    void escalate() {
        const std::optional<std::chrono::milliseconds> grace = child_->on_deadline();
        if (!grace) return;
        kill_timer_.expires_after(*grace);
        kill_timer_.async_wait([self = self<MiscOperation>()](boost::system::error_code ec) {
            if (!ec && !self->child_->reaped()) self->escalate();
        });
    }

    std::shared_ptr<const MiscSettings> settings_;
    std::optional<common::Child> child_;
    boost::asio::posix::stream_descriptor pidfd_;
    boost::asio::steady_timer kill_timer_;
};

class MiscProbe : public sdk::Probe {
  public:
    MiscProbe(IoThread& io, MiscSettings settings)
        : io_(io), settings_(std::make_shared<const MiscSettings>(std::move(settings))) {}

    void run(std::chrono::nanoseconds timeout, sdk::ProbeDone done) override {
        std::make_shared<MiscOperation>(io_.context(), std::move(done), settings_)
            ->start(settings_->timeout.value_or(timeout));
    }

  private:
    IoThread& io_;
    std::shared_ptr<const MiscSettings> settings_;
};

class MiscChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check, std::string_view) override {
        CheckKeys keys(check);
        MiscSettings settings;
        std::string error;
        if (std::optional<std::string> path = keys.string("misc_path")) {
            std::optional<std::vector<std::string>> argv = split_command(*path, &error);
            if (!argv) {
                keys.error("misc_path", error);
            } else if (argv->front().front() != '/') {
                keys.error("misc_path", "'" + argv->front() + "' is not an absolute path");
            } else {
                settings.argv = std::move(*argv);
            }
        } else if (!keys["misc_path"].present()) {
            keys.error("misc_path", "is required: the program to run");
        }
        settings.timeout = keys.duration("misc_timeout");
        settings.dynamic = keys.boolean("misc_dynamic").value_or(false);
        // keepalived.conf(5) MISC_CHECK: `user USERNAME [GROUPNAME]`, else [global]'s.
        const common::ScriptPolicy policy = common::global_script_policy(host());
        std::optional<common::RunAs> own;
        if (std::optional<std::string> user = keys.string("user")) {
            try {
                own = common::resolve_run_as_words(*user);
            } catch (const std::invalid_argument& e) {
                keys.error("user", e.what());
            }
        }
        settings.run_as = common::script_run_as(own, policy);
        settings.script_security = policy.security;
        if (!keys.valid()) return nullptr;
        if (policy.security) {
            try {
                common::check_script_security(settings.argv.front(), settings.run_as);
            } catch (const std::invalid_argument& e) {
                keys.error("misc_path", e.what());
                return nullptr;
            }
        }
        if (common::runs_as_another_user(settings.run_as) &&
            !host().require_privilege(keys["misc_path"], ROUTERD_PRIVILEGE_RUN_AS_USER))
            return nullptr;
        return std::make_unique<MiscProbe>(io(), std::move(settings));
    }
};

}  // namespace
}  // namespace routerd::checks::misc

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::misc::MiscChecker>("misc", "1.0.0");
}
