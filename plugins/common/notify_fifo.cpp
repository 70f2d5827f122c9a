#include "routerd/common/notify_fifo.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace routerd::common {
namespace {

[[noreturn]] void fail(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

std::string notify_fifo_path_problem(const std::string& path) {
    const std::filesystem::path p(path);
    if (!p.is_absolute()) return "must be an absolute path";
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        return S_ISFIFO(st.st_mode) ? "" : path + " exists and is not a FIFO";
    }
    if (!std::filesystem::is_directory(p.parent_path())) {
        return "its directory " + p.parent_path().string() + " does not exist";
    }
    return "";
}

NotifyFifo::NotifyFifo(NotifyFifoSpec spec)
    : spec_(std::move(spec)), writer_(spec_.path, FifoWriter::Target::opened) {
    if (::mkfifo(spec_.path.c_str(), 0600) == 0) {
        created_ = true;
    } else if (errno != EEXIST) {
        fail(errno, "could not create the FIFO " + spec_.path);
    }
    struct stat st {};
    if (::lstat(spec_.path.c_str(), &st) != 0) fail(errno, "could not stat " + spec_.path);
    if (!S_ISFIFO(st.st_mode)) fail(EEXIST, spec_.path + " is not a FIFO");
    try {
        if (!spec_.script.empty()) {
            ChildSpec child;
            child.argv = spec_.script;
            child.argv.push_back(spec_.path);
            child.run_as = spec_.run_as;
            child.script_security = spec_.script_security;
            script_ = Child::spawn(child);
        }
        if (const int error = writer_.open()) fail(error, "could not open the FIFO " + spec_.path);
    } catch (...) {
        close();
        throw;
    }
}

NotifyFifo::~NotifyFifo() {
    close();
    if (!script_ || script_->reaped()) return;
    // Time to read what is left and end on its own, as Keepalived's sample script does.
    pollfd exited{script_->pidfd(), POLLIN, 0};
    ::poll(&exited, 1, static_cast<int>(kDefaultKillGrace.count()));
    if (!script_->try_reap()) script_->kill_and_reap();
}

void NotifyFifo::close() {
    if (closed_) return;
    closed_ = true;
    if (script_ && !script_->reaped()) script_->on_deadline();  // SIGTERM
    writer_.close();
    if (created_) ::unlink(spec_.path.c_str());
    created_ = false;
}

void reconfigure_notify_fifo(std::unique_ptr<NotifyFifo>& fifo,
                             const std::optional<NotifyFifoSpec>& spec,
                             const std::function<void(std::function<void()>)>& post_blocking) {
    if (fifo && spec && fifo->spec() == *spec) return;
    if (fifo) {
        fifo->close();
        post_blocking([gone = std::shared_ptr<NotifyFifo>(std::move(fifo))] {});
    }
    if (spec) fifo = std::make_unique<NotifyFifo>(*spec);
}

}  // namespace routerd::common
