#include "routerd/common/fifo_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace routerd::common {
namespace {

bool is_fifo(const struct stat& st) {
    return S_ISFIFO(st.st_mode);
}

}  // namespace

int FifoWriter::open() {
    if (closed_) return EBADF;
    struct stat st {};
    // Checked first: opening a device, even to close it again, may do something.
    if (::lstat(path_.c_str(), &st) != 0) return errno;
    if (!is_fifo(st)) return EEXIST;
    const int fd = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return errno;
    // The path may have been replaced between the two calls.
    if (::fstat(fd, &st) != 0 || !is_fifo(st)) {
        ::close(fd);
        return EEXIST;
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
    return 0;
}

bool FifoWriter::current() {
    if (target_ == Target::opened) return fd_ >= 0;
    struct stat named {};
    struct stat held {};
    const bool named_fifo = ::lstat(path_.c_str(), &named) == 0 && is_fifo(named);
    if (fd_ >= 0 && named_fifo && ::fstat(fd_, &held) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino)
        return true;
    // Removed or replaced: nobody reads the FIFO held any more. (While it is held open its
    // inode is not freed, so a FIFO made anew never has its number.)
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return named_fifo && open() == 0;
}

bool FifoWriter::write(std::string_view line) {
    if (closed_) return false;
    missing_ = !current();
    if (!missing_ && ::write(fd_, line.data(), line.size()) == static_cast<ssize_t>(line.size()))
        return true;
    ++dropped_;  // EAGAIN: the pipe is full, nobody reads; or no FIFO at the path
    return false;
}

void FifoWriter::close() {
    closed_ = true;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::string FifoWriter::drops_text() const {
    return path_ + (missing_ ? " is not there" : " is full (nobody reads it)") + ": " +
           std::to_string(dropped_) + " lines dropped in all";
}

void reconfigure_fifo_writer(std::optional<FifoWriter>& writer,
                             const std::optional<std::string>& path) {
    if (!path) {
        writer.reset();
    } else if (!writer || writer->path() != *path) {
        writer.emplace(*path);
    }
}

}  // namespace routerd::common
