#include "kernel_change.hpp"

#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <map>
#include <string>

namespace routerd::vrrp {
namespace {

// The attributes after a family header of `header_size` bytes, by type (the last of each).
class Attributes {
  public:
    Attributes(const std::uint8_t* message, std::size_t size, std::size_t header_size) {
        std::size_t at = NLMSG_HDRLEN + NLMSG_ALIGN(header_size);
        while (at + NLA_HDRLEN <= size) {
            nlattr a{};
            std::memcpy(&a, message + at, sizeof a);
            if (a.nla_len < NLA_HDRLEN || at + a.nla_len > size) break;
            values_[a.nla_type & NLA_TYPE_MASK] = {message + at + NLA_HDRLEN,
                                                   std::size_t{a.nla_len} - NLA_HDRLEN};
            at += NLA_ALIGN(a.nla_len);
        }
    }
    std::optional<IpAddress> address(std::uint16_t type, int family) const {
        const auto it = values_.find(type);
        if (it == values_.end()) return std::nullopt;
        const auto [data, size] = it->second;
        if (family == AF_INET && size == 4) {
            std::array<std::uint8_t, 4> b{};
            std::memcpy(b.data(), data, 4);
            return IpAddress::v4(b);
        }
        if (family == AF_INET6 && size == 16) {
            std::array<std::uint8_t, 16> b{};
            std::memcpy(b.data(), data, 16);
            return IpAddress::v6(b);
        }
        return std::nullopt;
    }
    std::optional<std::uint32_t> u32(std::uint16_t type) const {
        const auto it = values_.find(type);
        if (it == values_.end() || it->second.second < 4) return std::nullopt;
        std::uint32_t value = 0;
        std::memcpy(&value, it->second.first, 4);
        return value;
    }
    std::optional<std::uint8_t> u8(std::uint16_t type) const {
        const auto it = values_.find(type);
        if (it == values_.end() || it->second.second < 1) return std::nullopt;
        return *it->second.first;
    }
    std::string string(std::uint16_t type) const {
        const auto it = values_.find(type);
        if (it == values_.end()) return "";
        const auto [data, size] = it->second;
        return std::string(reinterpret_cast<const char*>(data),
                           strnlen(reinterpret_cast<const char*>(data), size));
    }

  private:
    std::map<std::uint16_t, std::pair<const std::uint8_t*, std::size_t>> values_;
};

template <class Header>
std::optional<Header> family_header(const std::uint8_t* message, std::size_t size) {
    if (size < NLMSG_HDRLEN + sizeof(Header)) return std::nullopt;
    Header header{};
    std::memcpy(&header, message + NLMSG_HDRLEN, sizeof header);
    return header;
}

Family family_of(int family) {
    return family == AF_INET6 ? Family::ipv6 : Family::ipv4;
}

std::optional<KernelChange> link(const std::uint8_t* message, std::size_t size, bool deleted) {
    const auto header = family_header<ifinfomsg>(message, size);
    if (!header) return std::nullopt;
    const Attributes attributes(message, size, sizeof *header);
    const bool up = !deleted && (header->ifi_flags & IFF_UP) && (header->ifi_flags & IFF_RUNNING);
    return LinkState{header->ifi_index, attributes.string(IFLA_IFNAME), up};
}

std::optional<KernelChange> address(const std::uint8_t* message, std::size_t size) {
    const auto header = family_header<ifaddrmsg>(message, size);
    if (!header) return std::nullopt;
    const Attributes attributes(message, size, sizeof *header);
    // IFA_LOCAL is the address itself (IFA_ADDRESS the peer's, on a point-to-point link);
    // IPv6 sends IFA_ADDRESS alone.
    std::optional<IpAddress> local = attributes.address(IFA_LOCAL, header->ifa_family);
    if (!local) local = attributes.address(IFA_ADDRESS, header->ifa_family);
    if (!local) return std::nullopt;
    return DeletedAddress{static_cast<int>(header->ifa_index), *local, header->ifa_prefixlen};
}

std::optional<KernelChange> route(const std::uint8_t* message, std::size_t size) {
    const auto header = family_header<rtmsg>(message, size);
    if (!header || (header->rtm_family != AF_INET && header->rtm_family != AF_INET6))
        return std::nullopt;
    const Attributes attributes(message, size, sizeof *header);
    DeletedRoute out;
    // A default route has no RTA_DST.
    out.destination =
        attributes.address(RTA_DST, header->rtm_family)
            .value_or(header->rtm_family == AF_INET ? IpAddress::v4({}) : IpAddress::v6({}));
    out.prefix = header->rtm_dst_len;
    out.table = attributes.u32(RTA_TABLE).value_or(header->rtm_table);
    out.protocol = header->rtm_protocol;
    out.tos = header->rtm_tos;
    out.type = header->rtm_type;
    return out;
}

std::optional<KernelChange> rule(const std::uint8_t* message, std::size_t size) {
    const auto header = family_header<fib_rule_hdr>(message, size);
    if (!header || (header->family != AF_INET && header->family != AF_INET6)) return std::nullopt;
    const Attributes attributes(message, size, sizeof *header);
    DeletedRule out;
    out.family = family_of(header->family);
    if (const auto from = attributes.address(FRA_SRC, header->family))
        out.from = RulePrefix{*from, header->src_len};
    if (const auto to = attributes.address(FRA_DST, header->family))
        out.to = RulePrefix{*to, header->dst_len};
    out.priority = attributes.u32(FRA_PRIORITY);
    out.table = attributes.u32(FRA_TABLE).value_or(header->table);
    out.protocol = attributes.u8(FRA_PROTOCOL).value_or(0);
    return out;
}

}  // namespace

std::optional<KernelChange> decode_kernel_change(const std::uint8_t* message, std::size_t size) {
    if (size < NLMSG_HDRLEN) return std::nullopt;
    nlmsghdr header{};
    std::memcpy(&header, message, sizeof header);
    if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > size) return std::nullopt;
    size = header.nlmsg_len;
    switch (header.nlmsg_type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
            return link(message, size, header.nlmsg_type == RTM_DELLINK);
        case RTM_DELADDR:
            return address(message, size);
        case RTM_DELROUTE:
            return route(message, size);
        case RTM_DELRULE:
            return rule(message, size);
        default:
            return std::nullopt;
    }
}

}  // namespace routerd::vrrp
