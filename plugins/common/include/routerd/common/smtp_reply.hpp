// SMTP server replies (RFC 5321 §4.2), parsed incrementally from bytes that
// arrive in arbitrary chunks. Bounded: a hostile server cannot make it grow.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::smtp {

struct ReplyLimits {
    // RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; sloppy servers exceed
    // it, so accept more, but not without bound. Excludes the line terminator.
    std::size_t max_line_length = 1000;
    // Lines per (multi-line) reply; an EHLO reply has a few dozen at most.
    std::size_t max_lines = 100;
};

struct Reply {
    int code = 0;  // 200..559 (RFC 5321 §4.2: %x32-35 %x30-35 %x30-39)
    // The text of each line after "NNN-" or "NNN ", control characters replaced
    // by '?' so that it is safe to log.
    std::vector<std::string> lines;

    // 2 = positive completion, 3 = intermediate, 4 = transient, 5 = permanent.
    int reply_class() const { return code / 100; }
    // "250 first line / second line", for logs and failure reasons.
    std::string summary() const;
};

class ReplyParser {
  public:
    enum class Status { kNeedMore, kComplete, kError };

    explicit ReplyParser(ReplyLimits limits = {});

    // Consumes bytes from the front of `input`, stopping right after the last line
    // of a reply (kComplete: `reply()` holds it, `input` holds what follows) or when
    // `input` runs out (kNeedMore). Once kError, it stays kError.
    Status parse(std::string_view& input);

    const Reply& reply() const { return complete_; }
    const std::string& error() const { return error_; }

  private:
    Status end_of_line();
    Status fail(std::string error);
    Status fail_too_long();

    ReplyLimits limits_;
    std::string line_;  // the line being received, without its LF
    Reply partial_;     // lines received so far of a multi-line reply
    Reply complete_;
    std::string error_;
};

}  // namespace routerd::smtp
