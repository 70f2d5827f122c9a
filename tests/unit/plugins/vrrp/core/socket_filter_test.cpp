// The VRRP sockets' kernel filter, run here by a small interpreter of the classic BPF
// instructions it uses (the kernel's semantics: a load past the end drops the packet) on
// datagrams the codec builds, as the kernel would hand them over: IPv4 with its header,
// IPv6 without.
#include "socket_filter.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <span>

#include "vrrp_test_util.hpp"

namespace routerd::vrrp {
namespace {

// What the program returns for `packet`: the bytes to keep (0: dropped).
std::uint32_t run(const std::vector<sock_filter>& program, std::span<const std::uint8_t> packet) {
    std::uint32_t a = 0;
    std::uint32_t x = 0;
    const auto byte = [&](std::uint32_t at) -> std::optional<std::uint32_t> {
        if (at >= packet.size()) return std::nullopt;
        return packet[at];
    };
    for (std::size_t pc = 0; pc < program.size(); ++pc) {
        const sock_filter& i = program[pc];
        switch (i.code) {
            case BPF_LD | BPF_B | BPF_ABS:
            case BPF_LD | BPF_B | BPF_IND: {
                const auto value = byte(i.k + ((i.code & BPF_IND) == BPF_IND ? x : 0));
                if (!value) return 0;
                a = *value;
                break;
            }
            case BPF_LDX | BPF_B | BPF_MSH: {
                const auto value = byte(i.k);
                if (!value) return 0;
                x = 4 * (*value & 0x0f);
                break;
            }
            case BPF_LDX | BPF_W | BPF_IMM:
                x = i.k;
                break;
            case BPF_ALU | BPF_ADD | BPF_K:
                a += i.k;
                break;
            case BPF_ALU | BPF_ADD | BPF_X:
                a += x;
                break;
            case BPF_ALU | BPF_LSH | BPF_K:
                a <<= i.k;
                break;
            case BPF_MISC | BPF_TAX:
                x = a;
                break;
            case BPF_JMP | BPF_JEQ | BPF_K:
                pc += a == i.k ? i.jt : i.jf;
                break;
            case BPF_RET | BPF_K:
                return i.k;
            default:
                ADD_FAILURE() << "unexpected instruction " << i.code;
                return 0;
        }
    }
    ADD_FAILURE() << "the program ran off its end";
    return 0;
}

bool accepts(const SocketFilterSpec& spec, std::span<const std::uint8_t> packet) {
    return run(socket_filter(spec), packet) != 0;
}

SocketFilterSpec ipv4_spec(std::set<std::uint8_t> vrids, std::uint8_t protocol = kIpProtoVrrp) {
    return SocketFilterSpec{
        Family::ipv4, protocol, {Version::v2, Version::v3}, std::move(vrids), true};
}

test::Bytes v3_ipv4(std::uint8_t vrid) {
    InstanceParams p = test::v3_params(Family::ipv4);
    p.vrid = vrid;
    return encode_ipv4(p, 100, test::envelope4());
}

TEST(SocketFilter, AcceptsAnAdvertForAConfiguredVrid) {
    EXPECT_TRUE(accepts(ipv4_spec({51}), v3_ipv4(51)));
    EXPECT_TRUE(accepts(ipv4_spec({1, 51, 255}), v3_ipv4(51)));
    EXPECT_EQ(run(socket_filter(ipv4_spec({51})), v3_ipv4(51)), 0xffffffffu);  // whole
}

TEST(SocketFilter, DropsOtherVrids) {
    EXPECT_FALSE(accepts(ipv4_spec({50, 52}), v3_ipv4(51)));
    EXPECT_FALSE(accepts(ipv4_spec({}), v3_ipv4(51)));
}

// log_unknown_vrids: the VRID no longer filters; the rest still does.
TEST(SocketFilter, AnyVridLetsOtherVridsThroughForLogging) {
    SocketFilterSpec spec = ipv4_spec({50});
    spec.any_vrid = true;
    EXPECT_TRUE(accepts(spec, v3_ipv4(51)));
    EXPECT_TRUE(accepts(spec, v3_ipv4(50)));
    test::Bytes packet = v3_ipv4(51);
    packet[8] = 64;  // the TTL
    EXPECT_FALSE(accepts(spec, packet));
    spec.versions = {Version::v2};
    EXPECT_FALSE(accepts(spec, v3_ipv4(51)));
    spec.vrids.clear();  // no instance on the socket: nothing, as before
    EXPECT_FALSE(accepts(spec, v3_ipv4(51)));
}

TEST(SocketFilter, DropsAWrongTtlInMulticastModeOnly) {
    test::Bytes packet = v3_ipv4(51);
    packet[8] = 64;  // the TTL (the IP checksum is not the filter's business)
    EXPECT_FALSE(accepts(ipv4_spec({51}), packet));
    SocketFilterSpec unicast = ipv4_spec({51});
    unicast.require_ttl_255 = false;
    EXPECT_TRUE(accepts(unicast, packet));
}

TEST(SocketFilter, DropsVersionsNoInstanceSpeaksAndOtherTypes) {
    SocketFilterSpec only_v2 = ipv4_spec({51});
    only_v2.versions = {Version::v2};
    EXPECT_FALSE(accepts(only_v2, v3_ipv4(51)));
    EXPECT_TRUE(accepts(only_v2, encode_ipv4(test::v2_params(), 100, test::envelope4())));
    test::Bytes junk = v3_ipv4(51);
    junk[20] = 0x32;  // version 3, type 2: not an advertisement
    EXPECT_FALSE(accepts(ipv4_spec({51}), junk));
    junk[20] = 0x41;  // version 4
    EXPECT_FALSE(accepts(ipv4_spec({51}), junk));
}

TEST(SocketFilter, FindsTheVrrpHeaderAfterIpOptions) {
    test::Bytes packet = v3_ipv4(51);
    // Four bytes of options (NOPs): IHL 6.
    packet.insert(packet.begin() + 20, {1, 1, 1, 1});
    packet[0] = 0x46;
    EXPECT_TRUE(accepts(ipv4_spec({51}), packet));
    EXPECT_FALSE(accepts(ipv4_spec({52}), packet));
}

TEST(SocketFilter, FindsTheVrrpHeaderAfterAh) {
    const test::Bytes packet = encode_ipv4(test::v2_params(AuthType::ah), 100, test::envelope4(7));
    ASSERT_EQ(packet[9], kIpProtoAh);
    EXPECT_TRUE(accepts(ipv4_spec({51}, kIpProtoAh), packet));
    EXPECT_FALSE(accepts(ipv4_spec({52}, kIpProtoAh), packet));
}

TEST(SocketFilter, DropsWhatIsTooShortToBeVrrp) {
    const test::Bytes packet = v3_ipv4(51);
    EXPECT_FALSE(accepts(ipv4_spec({51}), std::span(packet).first(21)));
    EXPECT_FALSE(accepts(ipv4_spec({51}), std::span(packet).first(5)));
    EXPECT_FALSE(accepts(ipv4_spec({51}), test::Bytes{}));
}

TEST(SocketFilter, Ipv6SeesOnlyThePayload) {
    const test::Bytes message =
        encode_ipv6(test::v3_params(Family::ipv6), 100, test::envelope6());  // VRID 7
    const SocketFilterSpec spec{Family::ipv6, kIpProtoVrrp, {Version::v3}, {7}, true};
    EXPECT_TRUE(accepts(spec, message));  // no TTL to check: the hop limit is ancillary data
    SocketFilterSpec other = spec;
    other.vrids = {8};
    EXPECT_FALSE(accepts(other, message));
}

TEST(SocketFilter, EveryVridFitsTheJumpOffsets) {
    std::set<std::uint8_t> all;
    for (int v = 1; v <= 255; ++v)
        all.insert(static_cast<std::uint8_t>(v));
    for (const std::uint8_t vrid : {1, 128, 255}) {
        EXPECT_TRUE(accepts(ipv4_spec(all), v3_ipv4(vrid))) << int{vrid};
    }
    std::set<std::uint8_t> all_but_one = all;
    all_but_one.erase(200);
    EXPECT_FALSE(accepts(ipv4_spec(all_but_one), v3_ipv4(200)));
}

}  // namespace
}  // namespace routerd::vrrp
