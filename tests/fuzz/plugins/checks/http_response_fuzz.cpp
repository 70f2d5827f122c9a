// libFuzzer target for the HTTP response parser. Checks, beyond memory safety:
// - the verdict (and a complete response's status and body) do not depend on how the
//   bytes were cut into chunks;
// - the body never exceeds the limit, and a complete response has a valid status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "response_parser.hpp"

namespace {

using routerd::checks::http::ResponseParser;

constexpr size_t kBodyLimit = 256;

void check(bool condition) {
    if (!condition) std::abort();
}

ResponseParser parse(std::string_view bytes, size_t chunk) {
    ResponseParser parser(kBodyLimit, 512);
    while (!bytes.empty() && parser.state() == ResponseParser::State::kNeedMore) {
        const size_t size = std::min(chunk, bytes.size());
        parser.feed(bytes.substr(0, size));
        bytes.remove_prefix(size);
    }
    parser.end_of_stream();
    return parser;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const ResponseParser whole = parse(bytes, bytes.size() + 1);
    check(whole.body().size() <= kBodyLimit);
    if (whole.state() == ResponseParser::State::kComplete)
        check(whole.status() >= 200 && whole.status() <= 599);
    check(whole.state() != ResponseParser::State::kNeedMore);  // end_of_stream decides
    for (size_t chunk : {1, 7}) {
        const ResponseParser cut = parse(bytes, chunk);
        check(cut.state() == whole.state());
        // A failed response's partial body means nothing; a complete one's is the body.
        if (whole.state() == ResponseParser::State::kComplete)
            check(cut.body() == whole.body() && cut.status() == whole.status());
    }
    return 0;
}
