// libFuzzer target for the DNS reply decision (libresolv underneath). Checks, beyond memory
// safety: a passing reply really carries our id and at least one answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dns_message.hpp"

using routerd::checks::dns::judge_reply;
using routerd::checks::dns::ReplyVerdict;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> reply(data, size);
    const ReplyVerdict verdict = judge_reply(reply, 0x4242, "example.com", 1);
    if (verdict.kind == ReplyVerdict::Kind::kPass) {
        if (size < 12 || data[0] != 0x42 || data[1] != 0x42 || (data[6] == 0 && data[7] == 0))
            std::abort();
    }
    return 0;
}
