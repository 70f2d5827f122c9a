#include "secret_file.hpp"

#include <sys/stat.h>

#include <cstdio>

namespace routerd::smtp {

std::optional<std::string> secret_file_refusal(mode_t mode) {
    if (!S_ISREG(mode)) return "is not a regular file";
    const char* who = nullptr;
    if ((mode & S_IRWXO) != 0) {
        who = (mode & S_IROTH) != 0 ? "readable by others" : "writable or runnable by others";
    } else if ((mode & S_IRWXG) != 0) {
        who = (mode & S_IRGRP) != 0 ? "readable by its group" : "writable or runnable by its group";
    }
    if (who == nullptr) return std::nullopt;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode & 07777));
    return std::string("is ") + who + " (mode " + octal + "): chmod 600 it";
}

}  // namespace routerd::smtp
