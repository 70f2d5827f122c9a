#include "socket_filter.hpp"

#include <cstddef>

namespace routerd::vrrp {

namespace {

constexpr std::uint32_t kAccept = 0xffffffff;
constexpr std::uint32_t kDrop = 0;
constexpr std::uint32_t kIpv4TtlOffset = 8;
constexpr std::uint8_t kAdvertisement = 1;  // the VRRP type

sock_filter statement(std::uint16_t code, std::uint32_t k) {
    return sock_filter{code, 0, 0, k};
}

sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    return sock_filter{code, jt, jf, k};
}

// Appends "accept when A is one of `values`, else drop". Each test jumps over those after it
// and over the drop to the accept; the first instruction after this block is never reached,
// so the block ends the program. At most 255 values (jump offsets are 8 bits).
void accept_if_one_of(std::vector<sock_filter>& program, const std::vector<std::uint32_t>& values,
                      bool last) {
    const std::size_t n = values.size();
    for (std::size_t i = 0; i < n; ++i) {
        // Not last: a match goes on to the next block, just after the drop.
        const auto to_match = static_cast<std::uint8_t>(n - i);
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, values[i], to_match, 0));
    }
    program.push_back(statement(BPF_RET | BPF_K, kDrop));
    if (last) program.push_back(statement(BPF_RET | BPF_K, kAccept));
}

}  // namespace

std::vector<sock_filter> socket_filter(const SocketFilterSpec& spec) {
    std::vector<sock_filter> program;
    if (spec.vrids.empty() || spec.versions.empty()) {
        program.push_back(statement(BPF_RET | BPF_K, kDrop));
        return program;
    }
    // X: where the VRRP header starts.
    if (spec.family == Family::ipv4) {
        if (spec.require_ttl_255) {
            program.push_back(statement(BPF_LD | BPF_B | BPF_ABS, kIpv4TtlOffset));
            program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, kRequiredTtl, 1, 0));
            program.push_back(statement(BPF_RET | BPF_K, kDrop));
        }
        program.push_back(statement(BPF_LDX | BPF_B | BPF_MSH, 0));  // X = 4 * IHL
    } else {
        program.push_back(statement(BPF_LDX | BPF_W | BPF_IMM, 0));
    }
    if (spec.protocol == kIpProtoAh) {
        program.push_back(statement(BPF_LD | BPF_B | BPF_IND, 1));  // AH payload length
        program.push_back(statement(BPF_ALU | BPF_ADD | BPF_K, 2));
        program.push_back(statement(BPF_ALU | BPF_LSH | BPF_K, 2));
        program.push_back(statement(BPF_ALU | BPF_ADD | BPF_X, 0));
        program.push_back(statement(BPF_MISC | BPF_TAX, 0));
    }
    std::vector<std::uint32_t> first_bytes;  // version << 4 | type
    for (const Version v : spec.versions) {
        first_bytes.push_back(static_cast<std::uint32_t>(v) << 4 | kAdvertisement);
    }
    program.push_back(statement(BPF_LD | BPF_B | BPF_IND, 0));
    accept_if_one_of(program, first_bytes, spec.any_vrid);
    if (spec.any_vrid) return program;
    program.push_back(statement(BPF_LD | BPF_B | BPF_IND, 1));
    accept_if_one_of(program, std::vector<std::uint32_t>(spec.vrids.begin(), spec.vrids.end()),
                     true);
    return program;
}

}  // namespace routerd::vrrp
