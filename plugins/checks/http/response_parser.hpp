#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace routerd::checks::http {

// An HTTP/1.x response (RFC 9112), parsed incrementally from bytes arriving in arbitrary
// chunks: status line, headers, then a body framed by Content-Length, chunked transfer
// coding, or the end of the connection. Bounded: headers and body have limits, so a hostile
// or broken server cannot make it grow. Interim 1xx responses are skipped.
class ResponseParser {
  public:
    enum class State { kNeedMore, kComplete, kError };

    explicit ResponseParser(size_t body_limit, size_t header_limit = 16 * 1024)
        : body_limit_(body_limit), header_limit_(header_limit) {}

    // Consumes `input` (all of it, unless the response completes or fails first).
    State feed(std::string_view input);
    // The server closed the connection: completes a close-delimited body; anything else
    // unfinished is an error ("truncated").
    State end_of_stream();

    State state() const { return state_; }
    bool headers_done() const { return phase_ > Phase::kHeaders; }
    int status() const { return status_; }
    const std::string& body() const { return body_; }
    const std::string& error() const { return error_; }

  private:
    enum class Phase {
        kStatusLine,
        kHeaders,
        kBody,
        kChunkSize,
        kChunkData,
        kChunkEnd,
        kTrailers,
        kDone
    };
    enum class Framing { kLength, kChunked, kClose };

    State on_line(std::string_view line);
    State status_line(std::string_view line);
    State header_line(std::string_view line);
    State chunk_size_line(std::string_view line);
    State headers_end();
    State append_body(std::string_view data);
    State fail(std::string why);
    State complete();
    bool in_line_phase() const;

    size_t body_limit_;
    size_t header_limit_;
    State state_ = State::kNeedMore;
    Phase phase_ = Phase::kStatusLine;
    Framing framing_ = Framing::kClose;
    int status_ = 0;
    size_t header_bytes_ = 0;
    size_t remaining_ = 0;  // of the body (kLength) or of the current chunk
    bool has_length_ = false;
    std::string line_;
    std::string body_;
    std::string error_;
};

}  // namespace routerd::checks::http
