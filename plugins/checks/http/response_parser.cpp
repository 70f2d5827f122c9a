#include "response_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace routerd::checks::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

bool ResponseParser::in_line_phase() const {
    return phase_ == Phase::kStatusLine || phase_ == Phase::kHeaders ||
           phase_ == Phase::kChunkSize || phase_ == Phase::kChunkEnd || phase_ == Phase::kTrailers;
}

ResponseParser::State ResponseParser::feed(std::string_view input) {
    while (state_ == State::kNeedMore && !input.empty()) {
        if (in_line_phase()) {
            const size_t newline = input.find('\n');
            const std::string_view part = input.substr(0, newline);
            header_bytes_ += part.size() + (newline == std::string_view::npos ? 0 : 1);
            if (header_bytes_ > header_limit_)
                return fail("the headers exceed " + std::to_string(header_limit_) + " bytes");
            line_.append(part);
            if (newline == std::string_view::npos) return state_;
            input.remove_prefix(newline + 1);
            if (!line_.empty() && line_.back() == '\r') line_.pop_back();
            const std::string line = std::exchange(line_, {});
            on_line(line);
            // The header limit covers the head; each chunk-size line and the trailers
            // get a fresh allowance, so a long chunked body is not cut short.
            if (phase_ == Phase::kChunkData || phase_ == Phase::kChunkSize) header_bytes_ = 0;
            continue;
        }
        // Body bytes: all of them (close-delimited) or up to what the framing says.
        size_t take = input.size();
        if (framing_ != Framing::kClose) take = std::min(take, remaining_);
        append_body(input.substr(0, take));
        input.remove_prefix(take);
        if (state_ != State::kNeedMore || framing_ == Framing::kClose) continue;
        remaining_ -= take;
        if (remaining_ == 0) {
            if (framing_ == Framing::kLength) {
                complete();
            } else {
                phase_ = Phase::kChunkEnd;
            }
        }
    }
    return state_;
}

ResponseParser::State ResponseParser::end_of_stream() {
    if (state_ != State::kNeedMore) return state_;
    if (phase_ == Phase::kBody && framing_ == Framing::kClose) return complete();
    return fail(phase_ <= Phase::kHeaders ? "the connection closed before the headers ended"
                                          : "the connection closed before the body ended");
}

ResponseParser::State ResponseParser::on_line(std::string_view line) {
    switch (phase_) {
        case Phase::kStatusLine:
            return status_line(line);
        case Phase::kHeaders:
            return line.empty() ? headers_end() : header_line(line);
        case Phase::kChunkSize:
            return chunk_size_line(line);
        case Phase::kChunkEnd:
            if (!line.empty()) return fail("a chunk does not end with CRLF");
            phase_ = Phase::kChunkSize;
            return state_;
        case Phase::kTrailers:
            return line.empty() ? complete() : state_;  // trailer fields are ignored
        default:
            return fail("internal: unexpected line");
    }
}

// RFC 9112 §4: HTTP-version SP status-code SP [reason-phrase]
ResponseParser::State ResponseParser::status_line(std::string_view line) {
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[7] < '0' || line[7] > '9' ||
        line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
        return fail("not an HTTP/1.x status line: '" + std::string(line.substr(0, 40)) + "'");
    }
    const std::string_view code = line.substr(9, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        code[0] < '1' || code[0] > '5') {
        return fail("bad status code '" + std::string(code) + "'");
    }
    status_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    phase_ = Phase::kHeaders;
    framing_ = Framing::kClose;
    has_length_ = false;
    return state_;
}

ResponseParser::State ResponseParser::header_line(std::string_view line) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail("a header line without a name: '" + std::string(line.substr(0, 40)) + "'");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Transfer-Encoding")) {
        // Only chunked is framing we must undo; as the final coding it wins (RFC 9112 §6.3).
        const std::string_view last = trim(value.substr(value.rfind(',') + 1));
        if (iequals(last, "chunked")) framing_ = Framing::kChunked;
    } else if (iequals(name, "Content-Length")) {
        size_t length = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
        if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
            (has_length_ && length != remaining_)) {
            return fail("bad Content-Length '" + std::string(value) + "'");
        }
        has_length_ = true;
        remaining_ = length;
    }
    return state_;
}

ResponseParser::State ResponseParser::headers_end() {
    if (status_ < 200) {  // interim (100 Continue, 103 Early Hints): the real one follows
        phase_ = Phase::kStatusLine;
        return state_;
    }
    if (status_ == 204 || status_ == 304) return complete();
    if (framing_ == Framing::kChunked) {
        phase_ = Phase::kChunkSize;
        return state_;
    }
    phase_ = Phase::kBody;
    if (has_length_) {
        framing_ = Framing::kLength;
        if (remaining_ > body_limit_) {
            return fail("the body (" + std::to_string(remaining_) +
                        " bytes) exceeds the limit of " + std::to_string(body_limit_));
        }
        if (remaining_ == 0) return complete();
    }
    return state_;
}

ResponseParser::State ResponseParser::chunk_size_line(std::string_view line) {
    const std::string_view digits = trim(line.substr(0, line.find(';')));  // no extensions
    size_t size = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return fail("bad chunk size '" + std::string(line.substr(0, 20)) + "'");
    if (size == 0) {
        phase_ = Phase::kTrailers;
        return state_;
    }
    if (size > body_limit_ - body_.size()) {
        return fail("the chunked body exceeds the limit of " + std::to_string(body_limit_) +
                    " bytes");
    }
    remaining_ = size;
    phase_ = Phase::kChunkData;
    return state_;
}

ResponseParser::State ResponseParser::append_body(std::string_view data) {
    if (data.size() > body_limit_ - body_.size())
        return fail("the body exceeds the limit of " + std::to_string(body_limit_) + " bytes");
    body_.append(data);
    return state_;
}

ResponseParser::State ResponseParser::fail(std::string why) {
    error_ = std::move(why);
    phase_ = Phase::kDone;
    return state_ = State::kError;
}

ResponseParser::State ResponseParser::complete() {
    phase_ = Phase::kDone;
    return state_ = State::kComplete;
}

}  // namespace routerd::checks::http
