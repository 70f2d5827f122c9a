// track_file: the number in a file, re-read whenever inotify says the file changed.
//
// The watch is on the containing directory, so a file that is created, replaced by rename
// (the atomic way to update it) or deleted is seen as well as one rewritten in place. Only
// completed writes (IN_CLOSE_WRITE) and renames trigger a read, never a half-written file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "tracker.hpp"

namespace routerd::vrrp::track {

struct FileTrackConfig {
    std::string name;  // the track_file name
    std::filesystem::path file;
    // keepalived.conf(5) `init_file [VALUE] [overwrite]`: write VALUE at start-up if the file
    // does not exist, or always with overwrite.
    std::optional<std::int64_t> init_value;
    bool init_overwrite = false;
};

// Throws std::invalid_argument: empty path, or one naming a directory.
void validate(const FileTrackConfig& config);

class FileTracker : public Tracker {
  public:
    FileTracker(Executors executors, FileTrackConfig config, TrackCallback callback);
    ~FileTracker() override;
    // Throws std::system_error if the containing directory cannot be watched (missing).
    void start() override;
    void stop() override;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace routerd::vrrp::track
