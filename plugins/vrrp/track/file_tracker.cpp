#include "file_tracker.hpp"

#include <sys/inotify.h>
#include <unistd.h>
#include <routerd/common/track_file_value.hpp>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace routerd::vrrp::track {

namespace asio = boost::asio;

void validate(const FileTrackConfig& config) {
    if (config.file.empty() || !config.file.has_filename())
        throw std::invalid_argument("track_file " + config.name + ": no file name in \"" +
                                    config.file.string() + "\"");
}

namespace {

struct Reading {
    std::optional<std::int64_t> value;  // nullopt: out of range, keep the previous value
    std::string text;                   // what was read, for the reason
};

// Blocking, but never for long (common::read_track_file: no FIFO, no device, 4 KiB at most):
// runs on the pool.
Reading read_value(const std::filesystem::path& file) {
    const common::TrackFileRead read = common::read_track_file(file.string());
    switch (read.status) {
        case common::TrackFileRead::Status::missing:
            return {common::kMissingFileValue, "missing"};
        case common::TrackFileRead::Status::refused:
            return {common::kMissingFileValue, "unreadable (" + read.error + ")"};
        case common::TrackFileRead::Status::read:
            break;
    }
    auto value = common::parse_track_file_value(read.content);
    auto end = read.content.find_first_of("\r\n");
    return {value, "\"" + read.content.substr(0, std::min<std::size_t>(end, 32)) + "\""};
}

}  // namespace

struct FileTracker::State : std::enable_shared_from_this<State> {
    State(Executors executors, FileTrackConfig config, TrackCallback callback)
        : executors(std::move(executors)),
          config(std::move(config)),
          callback(std::move(callback)),
          events(this->executors.loop) {}

    Executors executors;
    FileTrackConfig config;
    TrackCallback callback;
    asio::posix::stream_descriptor events;
    std::optional<std::int64_t> value;  // last reported
    bool reading = false;               // one read in flight, so results arrive in order
    bool dirty = false;                 // the file changed during that read
    bool stopped = false;

    std::filesystem::path directory() const {
        auto parent = config.file.parent_path();
        return parent.empty() ? std::filesystem::path(".") : parent;
    }

    void watch() {
        int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
        events.assign(fd);
        if (::inotify_add_watch(fd, directory().c_str(),
                                IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) < 0)
            throw std::system_error(
                errno, std::generic_category(),
                "track_file " + config.name + ": watch " + directory().string());
        wait_events();
    }

    void wait_events() {
        events.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](const boost::system::error_code& ec) {
                              if (ec || self->stopped) return;
                              if (self->drain_events_about_our_file()) self->read();
                              self->wait_events();
                          });
    }

    bool drain_events_about_our_file() {
        const std::string ours = config.file.filename().string();
        bool relevant = false;
        alignas(inotify_event) std::array<char, 4096> buffer;
        while (true) {
            ssize_t got = ::read(events.native_handle(), buffer.data(), buffer.size());
            if (got <= 0) return relevant;  // EAGAIN: drained
            for (ssize_t at = 0; at < got;) {
                auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
                if (event->len > 0 && ours == event->name) relevant = true;
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
    }

    void read() {
        if (reading) {
            dirty = true;
            return;
        }
        reading = true;
        executors.blocking->post([self = shared_from_this()] {
            Reading reading = read_value(self->config.file);
            asio::post(self->executors.loop, [self, reading] { self->got(reading); });
        });
    }

    void got(const Reading& reading_result) {
        reading = false;
        if (stopped) return;
        if (dirty) {
            dirty = false;
            read();  // a newer version exists: report that one instead
            return;
        }
        if (!reading_result.value) {
            if (!value)  // nothing usable yet: start from keepalived's default
                report(common::kMissingFileValue,
                       reading_result.text + " is out of range, using 0");
            return;
        }
        if (value != reading_result.value) report(*reading_result.value, reading_result.text);
    }

    void report(std::int64_t new_value, const std::string& why) {
        value = new_value;
        TrackReport report;
        report.kind = TrackKind::file;
        report.name = config.name;
        report.file_value = new_value;
        report.reason = config.name + ": " + config.file.string() + " " + why + " = " +
                        std::to_string(new_value);
        callback(report);
    }
};

FileTracker::FileTracker(Executors executors, FileTrackConfig config, TrackCallback callback) {
    validate(config);
    state_ = std::make_shared<State>(std::move(executors), std::move(config), std::move(callback));
}

FileTracker::~FileTracker() {
    stop();
}

void FileTracker::start() {
    const FileTrackConfig& config = state_->config;
    if (config.init_value && (config.init_overwrite || !std::filesystem::exists(config.file))) {
        std::ofstream out(config.file, std::ios::trunc);
        out << *config.init_value << '\n';
    }
    state_->watch();
    state_->read();
}

void FileTracker::stop() {
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->events.close(ignored);
}

}  // namespace routerd::vrrp::track
