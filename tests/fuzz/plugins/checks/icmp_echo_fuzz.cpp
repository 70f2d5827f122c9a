// PING_CHECK's echo codec: any bytes the sockets deliver parse or are refused without reading
// out of bounds; an Echo Request turned into its reply (as a peer does) parses back to the
// identifier and sequence it was built with, behind an IPv4 header of any legal length too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "icmp_echo.hpp"

namespace {

using namespace routerd::checks::ping;

void check_round_trip(bool v6, uint16_t identifier, uint16_t sequence,
                      std::span<const uint8_t> payload, uint8_t ihl_words) {
    std::vector<uint8_t> request = build_echo_request(v6, identifier, sequence, payload);
    if (request.size() != 8 + payload.size()) std::abort();
    if (!v6 && internet_checksum(request) != 0) std::abort();  // the checksum covers it all
    std::vector<uint8_t> reply = request;
    reply[0] = v6 ? 129 : 0;
    const auto alone = parse_echo_reply(reply, v6, false);
    if (!alone || alone->identifier != identifier || alone->sequence != sequence) std::abort();
    if (v6) return;
    const size_t ihl = 5 + ihl_words % 11;  // 20 to 60 bytes
    std::vector<uint8_t> datagram(ihl * 4, 0);
    datagram[0] = static_cast<uint8_t>(0x40 | ihl);
    datagram.insert(datagram.end(), reply.begin(), reply.end());
    const auto behind = parse_echo_reply(datagram, false, true);
    if (!behind || behind->identifier != identifier || behind->sequence != sequence) std::abort();
    if (parse_echo_reply(request, false, false)) std::abort();  // a request is no reply
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    for (bool v6 : {false, true}) {
        for (bool with_ip_header : {false, true}) {
            (void)parse_echo_reply(bytes, v6, with_ip_header);
        }
    }
    (void)internet_checksum(bytes);
    if (size >= 5) {
        const auto identifier = static_cast<uint16_t>(data[0] << 8 | data[1]);
        const auto sequence = static_cast<uint16_t>(data[2] << 8 | data[3]);
        for (bool v6 : {false, true})
            check_round_trip(v6, identifier, sequence, bytes.subspan(5), data[4]);
    }
    return 0;
}
