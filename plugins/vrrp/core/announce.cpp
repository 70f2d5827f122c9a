#include "announce.hpp"

namespace routerd::vrrp {
namespace {

void put16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

template <class Bytes>
void append(std::vector<std::uint8_t>& out, const Bytes& bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace

std::vector<std::uint8_t> gratuitous_arp_frame(const MacAddress& mac, const IpAddress& address) {
    std::vector<std::uint8_t> frame;
    frame.reserve(42);
    append(frame, MacAddress{0xff, 0xff, 0xff, 0xff, 0xff, 0xff});  // to everyone
    append(frame, mac);
    put16(frame, 0x0806);  // ARP
    put16(frame, 1);       // hardware: Ethernet
    put16(frame, 0x0800);  // protocol: IPv4
    frame.push_back(6);
    frame.push_back(4);
    put16(frame, 1);  // request: what Keepalived and most stacks send as gratuitous ARP
    append(frame, mac);
    append(frame, address.bytes());
    append(frame, MacAddress{});  // target hardware unknown (RFC 5227 §2.1.1)
    append(frame, address.bytes());
    return frame;
}

std::vector<std::uint8_t> unsolicited_neighbour_advert(const MacAddress& mac,
                                                       const IpAddress& address, bool router) {
    std::vector<std::uint8_t> message;
    message.reserve(32);
    message.push_back(136);  // neighbour advertisement
    message.push_back(0);    // code
    put16(message, 0);       // checksum: filled by the kernel
    // R = router, S = 0 (unsolicited), O = override the cached link-layer address.
    message.push_back(static_cast<std::uint8_t>((router ? 0x80 : 0) | 0x20));
    message.push_back(0);
    put16(message, 0);
    append(message, address.bytes());
    message.push_back(2);  // option: target link-layer address
    message.push_back(1);  // length in units of 8 octets
    append(message, mac);
    return message;
}

}  // namespace routerd::vrrp
