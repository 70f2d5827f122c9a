#include "virtual_address.hpp"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <charconv>
#include <sstream>

#include "netlink_request.hpp"

namespace routerd::vrrp {
namespace {

// "address/prefix"; nullopt without both.
std::optional<std::pair<IpAddress, std::uint8_t>> cidr(std::string_view text) {
    const size_t slash = text.find('/');
    const auto address = IpAddress::parse(text.substr(0, slash));
    if (!address || slash == std::string_view::npos) return std::nullopt;
    unsigned prefix = 0;
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (error != std::errc() || end != digits.data() + digits.size() ||
        prefix > address->size() * 8) {
        return std::nullopt;
    }
    return std::make_pair(*address, static_cast<std::uint8_t>(prefix));
}

}  // namespace

std::uint32_t VirtualAddress::preferred_lifetime() const {
    if (preferred_lft) return *preferred_lft;
    return address.family() == Family::ipv6 && prefix == 128 ? 0 : kForever;
}

std::string VirtualAddress::text() const {
    std::string out = address.to_string() + "/" + std::to_string(prefix);
    if (peer) out += " peer " + peer->to_string();
    return out;
}

std::optional<VirtualAddress> VirtualAddress::parse(const std::string& text) {
    std::istringstream in(text);
    std::string first, word, value;
    in >> first;
    const auto parsed = cidr(first);
    if (!parsed) return std::nullopt;
    VirtualAddress out;
    out.address = parsed->first;
    out.prefix = parsed->second;
    while (in >> word >> value) {
        if (word != "peer" || !(out.peer = IpAddress::parse(value))) return std::nullopt;
    }
    return out;
}

std::vector<std::uint8_t> address_request(const VirtualAddress& a, int ifindex, bool add) {
    const bool v6 = a.address.family() == Family::ipv6;
    std::uint32_t flags = 0;
    if (v6 && a.nodad) flags |= IFA_F_NODAD;
    if (a.home) flags |= IFA_F_HOMEADDRESS;
    if (a.mngtmpaddr) flags |= IFA_F_MANAGETEMPADDR;
    if (a.noprefixroute) flags |= IFA_F_NOPREFIXROUTE;
    if (a.autojoin) flags |= IFA_F_MCAUTOJOIN;
    ifaddrmsg header{};
    header.ifa_family = v6 ? AF_INET6 : AF_INET;
    header.ifa_prefixlen = a.prefix;
    header.ifa_flags = static_cast<std::uint8_t>(flags);  // the low 8; IFA_FLAGS has them all
    header.ifa_scope = a.scope;
    header.ifa_index = static_cast<std::uint32_t>(ifindex);
    NetlinkRequest r(add ? RTM_NEWADDR : RTM_DELADDR, add ? NLM_F_CREATE | NLM_F_REPLACE : 0,
                     header);
    // As `ip address add` sends them: IFA_ADDRESS is the peer's address when there is one
    // (the kernel matches a deletion on it too), the local address otherwise.
    r.put(IFA_LOCAL, a.address.bytes().data(), a.address.size());
    const IpAddress& other = a.peer ? *a.peer : a.address;
    r.put(IFA_ADDRESS, other.bytes().data(), other.size());
    if (add) {
        if (a.broadcast) r.put(IFA_BROADCAST, a.broadcast->bytes().data(), a.broadcast->size());
        if (!v6 && !a.label.empty()) r.put_string(IFA_LABEL, a.label);
        if (const std::uint32_t preferred = a.preferred_lifetime(); preferred != kForever) {
            ifa_cacheinfo lifetimes{};
            lifetimes.ifa_prefered = preferred;
            lifetimes.ifa_valid = kForever;
            r.put(IFA_CACHEINFO, lifetimes);
        }
        r.put(IFA_FLAGS, flags);
    }
    return std::move(r).done();
}

}  // namespace routerd::vrrp
