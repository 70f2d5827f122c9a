// The number a tracked file holds (VRRP's track_file and the FILE_CHECK checker).
//
// keepalived.conf(5), "Track files": "A value will be read as a number in text from the
// file." How: Keepalived's process_track_file() (vrrp_track.c, track_file.c) reads at most
// 127 bytes and applies strtol(buf, NULL, 0). So: leading whitespace, an optional sign, then
// decimal, 0x/0X hexadecimal or 0-prefixed octal digits; whatever follows the number is
// ignored ("12abc" is 12, "1.5" is 1); text with no number at all reads as 0.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::common {

// The value by the rule above. A number outside [INT32_MIN, INT32_MAX + 1] (what a weight
// multiplication in Keepalived's int arithmetic can take) is nullopt: a caller keeps the
// previous value or reports an error.
std::optional<std::int64_t> parse_track_file_value(std::string_view contents);

// Whether the 127 bytes Keepalived looks at start with a number at all (after whitespace).
// When not, parse_track_file_value() gives Keepalived's 0; a caller that treats an
// unreadable file as a failure (FILE_CHECK) asks this first.
bool holds_a_number(std::string_view contents);

// A missing or unreadable file counts as 0, as in Keepalived.
inline constexpr std::int64_t kMissingFileValue = 0;

// A tracked file holds a number: more than this is not read.
inline constexpr std::size_t kTrackFileReadLimit = 4096;

// Pure. Why a file of this st_mode is not read as a tracked file ("is a FIFO, not a regular
// file"), or nullopt for a regular file. Reading a FIFO would wait for a writer for ever, a
// device could return endless data: either would hold a worker thread.
std::optional<std::string> track_file_type_refusal(mode_t mode);

struct TrackFileRead {
    enum class Status { read, missing, refused };
    Status status = Status::missing;
    std::string content;  // read: the first kTrackFileReadLimit bytes at most
    std::string error;    // missing, refused: "No such file or directory", "is a FIFO, not a
                          // regular file" (for the caller to put after the path)
};

// Reads a tracked file (VRRP's track_file, the FILE_CHECK checker) without ever blocking:
// opened with O_NONBLOCK, refused unless it is a regular file, at most `limit` bytes read.
TrackFileRead read_track_file(const std::string& path, std::size_t limit = kTrackFileReadLimit);

}  // namespace routerd::common
