#include "file_watch.hpp"

#include <sys/inotify.h>

#include <routerd/common/track_file_value.hpp>

#include <cerrno>
#include <cstring>

namespace routerd::checks::file {

FileWatch::FileWatch(boost::asio::io_context& io, std::string path)
    : path_(std::move(path)), inotify_(io) {
    const size_t slash = path_.rfind('/');
    directory_ = slash == 0 ? "/" : path_.substr(0, slash);
    name_ = path_.substr(slash + 1);
}

void FileWatch::start() {
    read_file();
    const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;  // content() is then re-read on every probe by the checker
    inotify_.assign(fd);
    if (inotify_add_watch(
            fd, directory_.c_str(),
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY) < 0) {
        error_ = directory_ + ": " + std::strerror(errno);
        stop();
        return;
    }
    wait();
}

void FileWatch::stop() {
    boost::system::error_code ignored;
    inotify_.close(ignored);
}

void FileWatch::wait() {
    inotify_.async_read_some(boost::asio::buffer(events_),
                             [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                                 if (ec) return;
                                 bool ours = false;
                                 for (size_t at = 0; at + sizeof(inotify_event) <= n;) {
                                     const auto* event =
                                         reinterpret_cast<const inotify_event*>(&self->events_[at]);
                                     if (event->len > 0 && self->name_ == event->name) ours = true;
                                     at += sizeof(inotify_event) + event->len;
                                 }
                                 if (ours) self->read_file();
                                 self->wait();
                             });
}

void FileWatch::read_file() {
    common::TrackFileRead read = common::read_track_file(path_);
    if (read.status != common::TrackFileRead::Status::read) {
        content_.reset();
        error_ = path_ + ": " + read.error;
        return;
    }
    content_ = std::move(read.content);
    error_.clear();
}

bool FileWatch::watching() const {
    return inotify_.is_open();
}

}  // namespace routerd::checks::file
