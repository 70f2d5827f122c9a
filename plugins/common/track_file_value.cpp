#include "routerd/common/track_file_value.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>
#include <system_error>

namespace routerd::common {

namespace {

constexpr std::size_t kReadLimit = 127;  // Keepalived's buffer is 128 bytes with the NUL

struct Strtol {
    long long value;
    bool found;  // strtol consumed something
    bool overflow;
};

Strtol keepalived_strtol(std::string_view contents) {
    const std::string text(contents.substr(0, kReadLimit));
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text.c_str(), &end, 0);
    return {value, end != text.c_str(), errno == ERANGE};
}

}  // namespace

std::optional<std::int64_t> parse_track_file_value(std::string_view contents) {
    const Strtol read = keepalived_strtol(contents);
    constexpr long long low = std::numeric_limits<std::int32_t>::min();
    constexpr long long high = static_cast<long long>(std::numeric_limits<std::int32_t>::max()) + 1;
    if (read.overflow || read.value < low || read.value > high) return std::nullopt;
    return read.value;
}

bool holds_a_number(std::string_view contents) {
    return keepalived_strtol(contents).found;
}

std::optional<std::string> track_file_type_refusal(mode_t mode) {
    const char* what = nullptr;
    switch (mode & S_IFMT) {
        case S_IFREG:
            return std::nullopt;
        case S_IFIFO:
            what = "a FIFO";
            break;
        case S_IFCHR:
            what = "a character device";
            break;
        case S_IFBLK:
            what = "a block device";
            break;
        case S_IFSOCK:
            what = "a socket";
            break;
        case S_IFDIR:
            what = "a directory";
            break;
        default:
            what = "not a file";
            break;
    }
    return std::string("is ") + what + ", not a regular file";
}

TrackFileRead read_track_file(const std::string& path, std::size_t limit) {
    TrackFileRead out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        out.status =
            errno == ENOENT ? TrackFileRead::Status::missing : TrackFileRead::Status::refused;
        out.error = std::generic_category().message(errno);
        return out;
    }
    struct stat st {};
    std::optional<std::string> refusal;
    if (::fstat(fd, &st) != 0)
        refusal = std::generic_category().message(errno);
    else
        refusal = track_file_type_refusal(st.st_mode);
    if (refusal) {
        ::close(fd);
        out.status = TrackFileRead::Status::refused;
        out.error = std::move(*refusal);
        return out;
    }
    out.content.resize(limit);
    std::size_t got = 0;
    while (got < limit) {
        const ssize_t n = ::read(fd, out.content.data() + got, limit - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            out.status = TrackFileRead::Status::refused;
            out.error = std::generic_category().message(errno);
            ::close(fd);
            out.content.clear();
            return out;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.content.resize(got);
    out.status = TrackFileRead::Status::read;
    return out;
}

}  // namespace routerd::common
