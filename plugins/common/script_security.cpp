#include "routerd/common/script_security.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

namespace routerd::common {

namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::optional<std::string> unsafe(const PathEntry& e) {
    if (S_ISLNK(e.mode)) return std::nullopt;
    if (!S_ISDIR(e.mode) && !S_ISREG(e.mode)) return e.path + " is not a regular file or directory";
    if (e.owner != 0) return e.path + " is owned by uid " + std::to_string(e.owner);
    // In a sticky directory only a file's owner (root, checked next) may rename or remove it.
    if (S_ISDIR(e.mode) && (e.mode & S_ISVTX) != 0) return std::nullopt;
    if (e.group != 0 && (e.mode & S_IWGRP) != 0)
        return e.path + " is writable by group " + std::to_string(e.group) + " (mode " +
               octal_mode(e.mode) + ")";
    if ((e.mode & S_IWOTH) != 0)
        return e.path + " is writable by others (mode " + octal_mode(e.mode) + ")";
    return std::nullopt;
}

// "/", "/a", "/a/b" for "/a/b", each lstat()ed.
void add_prefixes(const std::filesystem::path& path, std::vector<PathEntry>& out) {
    std::filesystem::path prefix;
    for (const std::filesystem::path& part : path) {
        prefix /= part;
        const std::string text = prefix.string();
        bool seen = false;
        for (const PathEntry& e : out)
            seen = seen || e.path == text;
        if (seen) continue;
        struct stat st {};
        if (::lstat(text.c_str(), &st) != 0)
            throw std::system_error(errno, std::generic_category(), "cannot examine " + text);
        out.push_back({text, st.st_uid, st.st_gid, st.st_mode});
    }
}

}  // namespace

std::optional<std::string> unsafe_entry(std::span<const PathEntry> entries) {
    for (const PathEntry& e : entries) {
        if (std::optional<std::string> why = unsafe(e)) return why;
    }
    return std::nullopt;
}

bool needs_script_security(const RunAs& identity, mode_t file_mode) {
    return identity.uid == 0 || identity.gid == 0 || (file_mode & (S_ISUID | S_ISGID)) != 0;
}

std::vector<PathEntry> script_path_entries(const std::string& path) {
    std::vector<PathEntry> entries;
    const std::filesystem::path written = std::filesystem::absolute(path);
    add_prefixes(written, entries);
    const std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr),
                                                           &std::free);
    if (!real) throw std::system_error(errno, std::generic_category(), "cannot resolve " + path);
    add_prefixes(real.get(), entries);
    return entries;
}

std::optional<std::string> script_security_refusal(const std::string& program,
                                                   const RunAs& identity) {
    struct stat st {};
    if (::stat(program.c_str(), &st) != 0)
        return program + ": " + std::generic_category().message(errno);
    if (!needs_script_security(identity, st.st_mode)) return std::nullopt;
    try {
        if (!S_ISREG(st.st_mode)) return program + " is not a regular file";
        return unsafe_entry(script_path_entries(program));
    } catch (const std::system_error& e) {
        return e.what();
    }
}

}  // namespace routerd::common
