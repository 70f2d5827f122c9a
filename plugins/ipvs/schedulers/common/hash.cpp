#include "routerd/ipvs/sched/hash.h"

#include <bit>

namespace routerd::ipvs {

namespace {

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kSctp = 132;

struct SipState {
    uint64_t v0, v1, v2, v3;

    void round() {
        v0 += v1;
        v1 = std::rotl(v1, 13) ^ v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16) ^ v2;
        v0 += v3;
        v3 = std::rotl(v3, 21) ^ v0;
        v2 += v1;
        v1 = std::rotl(v1, 17) ^ v2;
        v2 = std::rotl(v2, 32);
    }

    void absorb(uint64_t m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
};

uint64_t load_le64(const uint8_t* p, std::size_t n) {
    uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v |= uint64_t{p[i]} << (8 * i);
    }
    return v;
}

uint32_t load_be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

uint64_t siphash24(std::span<const uint8_t> data, const SipKey& key) {
    SipState s{key.k0 ^ 0x736f6d6570736575ull, key.k1 ^ 0x646f72616e646f6dull,
               key.k0 ^ 0x6c7967656e657261ull, key.k1 ^ 0x7465646279746573ull};
    const std::size_t whole = data.size() / 8 * 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        s.absorb(load_le64(data.data() + i, 8));
    }
    const uint64_t last =
        (uint64_t{data.size()} << 56) | load_le64(data.data() + whole, data.size() - whole);
    s.absorb(last);
    s.v2 ^= 0xff;
    for (int i = 0; i < 4; ++i) {
        s.round();
    }
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint32_t fold_address(Family family, const std::array<uint8_t, 16>& address) {
    if (family == Family::ipv4) {
        return load_be32(address.data());
    }
    return load_be32(address.data()) ^ load_be32(address.data() + 4) ^
           load_be32(address.data() + 8) ^ load_be32(address.data() + 12);
}

uint16_t hashed_source_port(const Flow& flow, bool use_port) {
    const bool has_ports = flow.protocol == kTcp || flow.protocol == kUdp || flow.protocol == kSctp;
    return use_port && has_ports ? flow.source_port : 0;
}

}  // namespace routerd::ipvs
