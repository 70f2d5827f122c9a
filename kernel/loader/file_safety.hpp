#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace routerd {

// An open descriptor, closed with the object.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    ~FileDescriptor();
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    FileDescriptor& operator=(FileDescriptor&& other) noexcept;
    int get() const { return fd_; }
    // The path that names exactly this open file ("/proc/self/fd/N"), whatever happens to its
    // name meanwhile.
    std::string proc_path() const { return "/proc/self/fd/" + std::to_string(fd_); }

  private:
    int fd_;
};

// Whoever can write a plugin, or replace it or any folder above it, can run code as routerd.
// So the plugin's folder and every folder above it (symbolic links in that path resolved
// first, then every step opened without following one) must be owned by root or the running
// user and not be writable by group or others; a folder above the plugin folder may be if it
// has the sticky bit (/tmp: others cannot rename or remove what is not theirs). The plugin file
// is opened without following a symbolic link and checked the same way through its descriptor,
// and loaded through that descriptor, so the file checked is the file loaded.

// The plugin folder, opened (O_PATH) after the checks, or why it must not be trusted
// ("/srv/plugins: writable by others (chmod go-w)").
std::variant<FileDescriptor, std::string> open_trusted_folder(const std::filesystem::path& folder);
// The plugin file, opened after the checks, or why it must not be trusted.
std::variant<FileDescriptor, std::string> open_trusted_file(const std::filesystem::path& file);

}  // namespace routerd
