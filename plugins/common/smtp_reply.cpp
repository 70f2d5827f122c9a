#include "routerd/common/smtp_reply.hpp"

#include <algorithm>
#include <utility>

namespace routerd::smtp {
namespace {

bool in_range(char c, char low, char high) {
    return c >= low && c <= high;
}

std::string printable(std::string_view text) {
    std::string out(text);
    std::ranges::replace_if(
        out, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, '?');
    return out;
}

// A prefix of a line for an error message, safe to log.
std::string excerpt(std::string_view line) {
    constexpr std::size_t kMax = 40;
    return '"' + printable(line.substr(0, kMax)) + (line.size() > kMax ? "...\"" : "\"");
}

}  // namespace

std::string Reply::summary() const {
    std::string out = std::to_string(code);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += i == 0 ? " " : " / ";
        out += lines[i];
    }
    return out;
}

ReplyParser::ReplyParser(ReplyLimits limits) : limits_(limits) {}

ReplyParser::Status ReplyParser::parse(std::string_view& input) {
    if (!error_.empty()) {
        return Status::kError;
    }
    while (!input.empty()) {
        const std::size_t lf = input.find('\n');
        const std::string_view chunk = input.substr(0, lf);
        // One more octet than the limit may be a CR belonging to the terminator.
        if (line_.size() + chunk.size() > limits_.max_line_length + 1) {
            return fail_too_long();
        }
        line_ += chunk;
        input.remove_prefix(lf == std::string_view::npos ? input.size() : lf + 1);
        if (lf == std::string_view::npos) {
            return Status::kNeedMore;
        }
        if (const Status status = end_of_line(); status != Status::kNeedMore) {
            return status;
        }
    }
    return Status::kNeedMore;
}

// RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//                             Reply-code [ SP textstring ] CRLF
// CRLF or a bare LF ends a line (tolerated, §4.2 does not forbid being lenient).
ReplyParser::Status ReplyParser::end_of_line() {
    std::string line = std::exchange(line_, {});
    if (line.ends_with('\r')) {
        line.pop_back();
    }
    if (line.size() > limits_.max_line_length) {
        return fail_too_long();
    }
    const bool code_ok = line.size() >= 3 && in_range(line[0], '2', '5') &&
                         in_range(line[1], '0', '5') && in_range(line[2], '0', '9');
    const bool separator_ok = line.size() == 3 || line[3] == ' ' || line[3] == '-';
    if (!code_ok || !separator_ok) {
        return fail("malformed reply line " + excerpt(line));
    }
    const int code = std::stoi(line.substr(0, 3));
    if (!partial_.lines.empty() && code != partial_.code) {
        // §4.2.1: every line of a multi-line reply carries the same code.
        return fail("reply code changed within a multi-line reply: " + excerpt(line));
    }
    if (partial_.lines.size() == limits_.max_lines) {
        return fail("reply longer than " + std::to_string(limits_.max_lines) + " lines");
    }
    partial_.code = code;
    partial_.lines.push_back(printable(line.size() > 4 ? std::string_view(line).substr(4) : ""));
    if (line.size() > 3 && line[3] == '-') {
        return Status::kNeedMore;
    }
    complete_ = std::exchange(partial_, {});
    return Status::kComplete;
}

ReplyParser::Status ReplyParser::fail_too_long() {
    return fail("reply line longer than " + std::to_string(limits_.max_line_length) + " octets");
}

ReplyParser::Status ReplyParser::fail(std::string error) {
    error_ = std::move(error);
    line_.clear();
    partial_ = {};
    return Status::kError;
}

}  // namespace routerd::smtp
