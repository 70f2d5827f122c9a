// The IPVS generic-netlink codec on arbitrary bytes as the kernel's answers: splitting and
// decoding throw nothing but the documented std::invalid_argument; every address decoded is an
// IP address of the family it was decoded as; and a decoded service or destination, encoded
// again as a request (as the reconciler does), decodes to the same settings.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "routerd/ipvs/kernel/netlink_codec.h"

namespace {

using namespace routerd::ipvs;
using namespace routerd::ipvs::netlink;

constexpr uint16_t kFamilyId = 0x1d;

bool is_address(const std::string& text) {
    uint8_t buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

template <class T, class Decode>
std::optional<T> try_decode(const Message& m, Decode decode) {
    try {
        return decode(m);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

Message only_message(const Bytes& bytes) {
    const auto messages = split(bytes);
    if (messages.size() != 1) std::abort();
    return messages[0];
}

// What a request carries of a service the kernel reported.
Service as_requested(Service s) {
    if (s.fwmark != 0) s.protocol = Protocol::tcp;  // a fwmark service has no protocol
    return s;
}

void check_service(const Message& m) {
    const auto service = try_decode<Service>(m, decode_service);
    if (!service) return;
    if (service->fwmark == 0 && !is_address(service->address)) std::abort();
    Bytes request;
    try {
        request = encode_service(kFamilyId, m.seq, Command::new_service, *service);
    } catch (const std::invalid_argument&) {
        return;  // settings the encoder refuses to send (flags, masks): documented
    }
    const Service again = decode_service(only_message(request));
    if (again != as_requested(*service)) std::abort();
}

Destination as_requested(Destination d) {
    d.active_connections = 0;
    d.inactive_connections = 0;
    if (d.method != Method::tun) d.tun_type = TunType::ipip;
    if (d.method != Method::tun || d.tun_type != TunType::gue) d.tun_port = 0;
    return d;
}

void check_destination(const Message& m) {
    const auto destination = try_decode<Destination>(m, decode_destination);
    if (!destination) return;
    if (!is_address(destination->address)) std::abort();
    Service service;
    service.key = "fwmark:1";
    service.fwmark = 1;
    service.destinations = {*destination};
    Bytes request;
    try {
        request = encode_destination(kFamilyId, m.seq, Command::new_dest, service, *destination);
    } catch (const std::invalid_argument&) {
        return;
    }
    const Destination again = decode_destination(only_message(request));
    if (again != as_requested(*destination)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<Message> messages;
    try {
        messages = split(std::span(data, size));
    } catch (const std::invalid_argument&) {
        return 0;
    }
    for (const Message& m : messages) {
        check_service(m);
        check_destination(m);
    }
    return 0;
}
