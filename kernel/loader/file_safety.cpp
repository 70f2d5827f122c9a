#include "loader/file_safety.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace routerd {

std::optional<std::string> unsafe_reason(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::string(std::strerror(errno));
    if (info.st_uid != 0 && info.st_uid != ::getuid()) {
        return "owned by uid " + std::to_string(info.st_uid) + ", not by root or the running user";
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return std::string("writable by ") + ((info.st_mode & S_IWOTH) ? "others" : "its group") +
               " (chmod go-w)";
    }
    return std::nullopt;
}

}  // namespace routerd
