// Hash functions of the hashing schedulers (sh, dh, mh).
#pragma once

#include <cstdint>
#include <span>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

struct SipKey {
    uint64_t k0 = 0;
    uint64_t k1 = 0;
};

// SipHash-2-4 (Aumasson & Bernstein). ip_vs_mh.c hashes with hsiphash, a keyed hash of
// the same family: well spread, so Maglev offsets and skips behave like random numbers.
uint64_t siphash24(std::span<const uint8_t> data, const SipKey& key);

// The address folded to 32 bits as ip_vs_sh.c / ip_vs_dh.c / ip_vs_mh.c do: the IPv4
// address, or the XOR of the four 32-bit words of an IPv6 address, in host order.
uint32_t fold_address(Family family, const std::array<uint8_t, 16>& address);

// The source port when the flags ask for it and the protocol carries ports (TCP, UDP,
// SCTP), else 0: ip_vs_sh_get_port() / ip_vs_mh_get_port().
uint16_t hashed_source_port(const Flow& flow, bool use_port);

// Knuth's multiplicative hash with the golden-ratio prime 2654435761, reduced to the
// low bits by the caller's mask (ip_vs_sh_hashkey / ip_vs_dh_hashkey).
inline uint32_t golden_hash(uint32_t value) {
    return value * 2654435761u;
}

}  // namespace routerd::ipvs
