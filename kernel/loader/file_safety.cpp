#include "loader/file_safety.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace routerd {
namespace {

enum class Role { above, folder, file };

std::optional<std::string> unsafe_reason(int fd, Role role) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return std::string(std::strerror(errno));
    if (role == Role::file && !S_ISREG(info.st_mode)) return std::string("not a regular file");
    if (info.st_uid != 0 && info.st_uid != ::getuid()) {
        return "owned by uid " + std::to_string(info.st_uid) + ", not by root or the running user";
    }
    const bool sticky_above = role == Role::above && (info.st_mode & S_ISVTX) != 0;
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 && !sticky_above) {
        return std::string("writable by ") + ((info.st_mode & S_IWOTH) ? "others" : "its group") +
               " (chmod go-w)";
    }
    return std::nullopt;
}

std::string open_error(int error) {
    return error == ELOOP ? "a symbolic link (not followed)" : std::strerror(error);
}

}  // namespace

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

std::variant<FileDescriptor, std::string> open_trusted_folder(const std::filesystem::path& folder) {
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(folder, ec);
    if (ec) return ec.message();
    FileDescriptor current(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (current.get() < 0) return std::string("/: ") + std::strerror(errno);
    const std::filesystem::path relative = real.relative_path();
    std::filesystem::path walked = "/";
    const Role root_role = relative.empty() ? Role::folder : Role::above;
    if (auto unsafe = unsafe_reason(current.get(), root_role)) return "/: " + *unsafe;
    for (auto step = relative.begin(); step != relative.end(); ++step) {
        walked /= *step;
        FileDescriptor next(
            ::openat(current.get(), step->c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) return walked.string() + ": " + open_error(errno);
        const Role role = std::next(step) == relative.end() ? Role::folder : Role::above;
        if (auto unsafe = unsafe_reason(next.get(), role)) return walked.string() + ": " + *unsafe;
        current = std::move(next);
    }
    return current;
}

std::variant<FileDescriptor, std::string> open_trusted_file(const std::filesystem::path& file) {
    auto folder = open_trusted_folder(file.parent_path().empty() ? "." : file.parent_path());
    if (auto* why = std::get_if<std::string>(&folder)) return "in folder " + *why;
    const FileDescriptor& parent = std::get<FileDescriptor>(folder);
    FileDescriptor opened(
        ::openat(parent.get(), file.filename().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (opened.get() < 0) return open_error(errno);
    if (auto unsafe = unsafe_reason(opened.get(), Role::file)) return *unsafe;
    return opened;
}

}  // namespace routerd
