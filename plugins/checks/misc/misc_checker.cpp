// misc: Keepalived's MISC_CHECK — run a program; its exit code is the verdict
// (keepalived.conf(5), "MISC healthchecker"). The program runs as a child process watched
// through a pidfd on the checker's event loop: no thread waits for it, and at misc_timeout
// its whole process group is killed.
#include <routerd/plugin.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <boost/asio/posix/stream_descriptor.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "child_process.hpp"
#include "command_line.hpp"
#include "exit_verdict.hpp"
#include "probe_operation.hpp"

namespace routerd::checks::misc {
namespace {

struct MiscSettings {
    std::vector<std::string> argv;
    std::optional<std::chrono::nanoseconds> timeout;  // misc_timeout; else the host's
    bool dynamic = false;
    std::optional<Credentials> credentials;
};

class MiscOperation : public ProbeOperation {
  public:
    MiscOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                  std::shared_ptr<const MiscSettings> settings)
        : ProbeOperation(io, std::move(done)), settings_(std::move(settings)), pidfd_(io) {}

    ~MiscOperation() override {
        if (pid_ > 0) {  // the loop stopped with the program still running
            kill(-pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }

  private:
    void begin() override {
        phase("running ", settings_->argv[0]);
        std::optional<Child> child = start_child(settings_->argv, settings_->credentials);
        if (!child) {
            const Verdict v = judge({ProgramEnd::How::kNotStarted, errno}, false);
            return finish(v.up, v.reason);
        }
        pid_ = child->pid;
        pidfd_.assign(child->pidfd);
        // Reaps the child even after a timeout (release() killed it), so none is left behind.
        pidfd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                          [self = self<MiscOperation>()](boost::system::error_code ec) {
                              if (!ec) self->reap();
                          });
    }

    void reap() {
        int status = 0;
        const pid_t reaped = waitpid(pid_, &status, 0);
        pid_ = -1;
        ProgramEnd end;
        if (reaped < 0) {
            end = {ProgramEnd::How::kNotStarted, errno};  // someone else reaped it
        } else if (WIFSIGNALED(status)) {
            end = {ProgramEnd::How::kSignalled, WTERMSIG(status)};
        } else {
            end = {ProgramEnd::How::kExited, WEXITSTATUS(status)};
        }
        const Verdict v = judge(end, settings_->dynamic);
        finish(v.up, v.reason, v.weight);
    }

    void release() override {
        if (pid_ > 0) kill(-pid_, SIGKILL);  // the pidfd wait then reaps it
    }

    std::shared_ptr<const MiscSettings> settings_;
    boost::asio::posix::stream_descriptor pidfd_;
    pid_t pid_ = -1;
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
        if (std::optional<std::string> user = keys.string("user")) {
            settings.credentials = Credentials::lookup(*user, &error);
            if (!settings.credentials) keys.error("user", error);
        }
        if (!keys.valid()) return nullptr;
        return std::make_unique<MiscProbe>(io(), std::move(settings));
    }
};

}  // namespace
}  // namespace routerd::checks::misc

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::misc::MiscChecker>("misc", "1.0.0");
}
