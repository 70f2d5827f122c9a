// libFuzzer target for the SMTP reply parser. Checks, beyond memory safety:
// - every reply respects RFC 5321 §4.2's code range and the configured limits,
//   and carries no control character (its text goes to logs);
// - the result does not depend on how the bytes were cut into chunks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "capabilities.hpp"
#include "routerd/common/smtp_reply.hpp"

namespace {

using routerd::smtp::Reply;
using routerd::smtp::ReplyLimits;
using routerd::smtp::ReplyParser;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

struct Result {
    std::vector<Reply> replies;
    std::string error;
};

// Parses `bytes` cut into chunks of `chunk` octets (0 = all at once).
Result parse(std::string_view bytes, std::size_t chunk, ReplyLimits limits) {
    ReplyParser parser(limits);
    Result result;
    while (!bytes.empty()) {
        const std::size_t size = chunk == 0 ? bytes.size() : std::min(chunk, bytes.size());
        std::string_view piece = bytes.substr(0, size);
        bytes.remove_prefix(size);
        for (;;) {
            const auto status = parser.parse(piece);
            if (status == ReplyParser::Status::kError) {
                result.error = parser.error();
                return result;
            }
            if (status == ReplyParser::Status::kNeedMore) {
                check(piece.empty());
                break;
            }
            result.replies.push_back(parser.reply());
        }
    }
    return result;
}

void check_reply(const Reply& reply, const ReplyLimits& limits) {
    check(reply.code >= 200 && reply.code <= 559);
    check(!reply.lines.empty() && reply.lines.size() <= limits.max_lines);
    for (const std::string& line : reply.lines) {
        check(line.empty() || line.size() + 4 <= limits.max_line_length);
        for (const char c : line) {
            check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
        }
    }
    // Capabilities must digest any reply.
    const auto caps = routerd::smtp::Capabilities::from_ehlo_reply(reply);
    (void)caps.size_limit();
    (void)caps.supports_auth("PLAIN");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    // The first two octets choose the limits and the chunk size; the rest is the stream.
    const ReplyLimits limits{.max_line_length = 4u + data[0] % 64u,
                             .max_lines = 1u + data[0] / 64u};
    const std::size_t chunk = 1 + data[1] % 16;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

    const Result whole = parse(bytes, 0, limits);
    const Result cut = parse(bytes, chunk, limits);
    check(whole.error == cut.error);
    check(whole.replies.size() == cut.replies.size());
    for (std::size_t i = 0; i < whole.replies.size(); ++i) {
        check(whole.replies[i].code == cut.replies[i].code);
        check(whole.replies[i].lines == cut.replies[i].lines);
        check_reply(whole.replies[i], limits);
    }
    return 0;
}
