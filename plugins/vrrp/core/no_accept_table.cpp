#include "no_accept_table.hpp"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <algorithm>

#include "netlink_request.hpp"

namespace routerd::vrrp {
namespace {

// nft's datatype numbers, kept in a set for `nft list` to print its elements; the kernel does
// not read them (NFTA_SET_KEY_TYPE: "informational purpose only").
constexpr std::uint32_t kIpv4Type = 7, kIpv6Type = 8, kIfindexType = 20, kTypeBits = 6;
constexpr std::uint8_t kIcmpv6 = 58, kNeighbourSolicit = 135, kNeighbourAdvert = 136;
// The elements of one NEWSETELEM message: its element list is one attribute, whose length is 16
// bits (a link-local element takes 32 bytes: 1,024 of them stay under 64 KiB).
constexpr size_t kElementsPerMessage = 1024;

constexpr const char* kSetIpv4 = "vips";
constexpr const char* kSetIpv6 = "vips6";
constexpr const char* kSetLinkLocal = "vips6_link_local";
// Each set's number in the transaction (NFTA_SET_ID), for the rules and elements that name it.
enum SetId : std::uint32_t { ipv4_set = 1, ipv6_set, link_local_set };

std::uint32_t be32(std::uint32_t value) {
    return htonl(value);
}

std::uint16_t nftables_type(std::uint8_t message) {
    return static_cast<std::uint16_t>(NFNL_SUBSYS_NFTABLES << 8 | message);
}

nfgenmsg inet_header() {
    return nfgenmsg{NFPROTO_INET, NFNETLINK_V0, 0};
}

// One nf_tables rule's expressions (NFTA_RULE_EXPRESSIONS), each a list element with its name
// and data.
class Expressions {
  public:
    explicit Expressions(NetlinkRequest& request)
        : request_(request), list_(request.begin_nested(NLA_F_NESTED | NFTA_RULE_EXPRESSIONS)) {}
    ~Expressions() { request_.end_nested(list_); }
    Expressions(const Expressions&) = delete;
    Expressions& operator=(const Expressions&) = delete;

    void meta(std::uint32_t key, std::uint32_t destination) {
        expression("meta", [&] {
            request_.put(NFTA_META_KEY, be32(key));
            request_.put(NFTA_META_DREG, be32(destination));
        });
    }
    void payload(std::uint32_t base, std::uint32_t offset, std::uint32_t length,
                 std::uint32_t destination) {
        expression("payload", [&] {
            request_.put(NFTA_PAYLOAD_DREG, be32(destination));
            request_.put(NFTA_PAYLOAD_BASE, be32(base));
            request_.put(NFTA_PAYLOAD_OFFSET, be32(offset));
            request_.put(NFTA_PAYLOAD_LEN, be32(length));
        });
    }
    // Register 1 compared with one byte.
    void compare(nft_cmp_ops op, std::uint8_t value) {
        expression("cmp", [&] {
            request_.put(NFTA_CMP_SREG, be32(NFT_REG_1));
            request_.put(NFTA_CMP_OP, be32(op));
            const size_t data = request_.begin_nested(NLA_F_NESTED | NFTA_CMP_DATA);
            request_.put(NFTA_DATA_VALUE, value);
            request_.end_nested(data);
        });
    }
    void lookup(const char* set, SetId id, std::uint32_t source) {
        expression("lookup", [&] {
            request_.put_string(NFTA_LOOKUP_SET, set);
            request_.put(NFTA_LOOKUP_SET_ID, be32(id));
            request_.put(NFTA_LOOKUP_SREG, be32(source));
        });
    }
    void counter() {
        expression("counter", [] {});
    }
    void verdict(std::int32_t code) {
        expression("immediate", [&] {
            request_.put(NFTA_IMMEDIATE_DREG, be32(NFT_REG_VERDICT));
            const size_t data = request_.begin_nested(NLA_F_NESTED | NFTA_IMMEDIATE_DATA);
            const size_t verdict = request_.begin_nested(NLA_F_NESTED | NFTA_DATA_VERDICT);
            request_.put(NFTA_VERDICT_CODE, be32(static_cast<std::uint32_t>(code)));
            request_.end_nested(verdict);
            request_.end_nested(data);
        });
    }

  private:
    template <class Data>
    void expression(const char* name, Data data) {
        const size_t element = request_.begin_nested(NLA_F_NESTED | NFTA_LIST_ELEM);
        request_.put_string(NFTA_EXPR_NAME, name);
        const size_t at = request_.begin_nested(NLA_F_NESTED | NFTA_EXPR_DATA);
        data();
        request_.end_nested(at);
        request_.end_nested(element);
    }

    NetlinkRequest& request_;
    size_t list_;
};

// Which side of the packet a chain looks at: input matches destinations and the incoming
// interface, output sources and the outgoing interface.
struct Direction {
    const char* chain;
    std::uint32_t hook;
    std::uint32_t ipv4_offset;  // of the address in the IPv4 header (RFC 791)
    std::uint32_t ipv6_offset;  // in the IPv6 header (RFC 8200)
    std::uint32_t interface;    // NFT_META_IIF / OIF
};
constexpr Direction kInput{"in", NF_INET_LOCAL_IN, 16, 24, NFT_META_IIF};
constexpr Direction kOutput{"out", NF_INET_LOCAL_OUT, 12, 8, NFT_META_OIF};

class Batch {
  public:
    Batch(const NoAcceptTable& table, std::uint32_t sequence)
        : table_(table), sequence_(sequence) {}

    std::vector<std::uint8_t> build(std::uint32_t& commands) {
        marker(NFNL_MSG_BATCH_BEGIN);
        // NEWTABLE without NLM_F_EXCL makes the table when it is missing, so that the DELTABLE
        // after it cannot fail: together they clear whatever the table held.
        table_message(NFT_MSG_NEWTABLE, NLM_F_CREATE);
        table_message(NFT_MSG_DELTABLE, 0);
        if (!table_.dropped.empty()) {
            table_message(NFT_MSG_NEWTABLE, NLM_F_CREATE);
            for (const Direction& direction : {kInput, kOutput})
                chain(direction);
            sets();
            for (const Direction& direction : {kInput, kOutput})
                rules(direction);
        }
        commands = commands_;
        marker(NFNL_MSG_BATCH_END);
        return std::move(bytes_);
    }

  private:
    // BATCH_BEGIN / BATCH_END: no acknowledgement of their own (NetlinkRequest asks for one).
    void marker(std::uint16_t type) {
        nlmsghdr header{};
        header.nlmsg_len = NLMSG_LENGTH(sizeof(nfgenmsg));
        header.nlmsg_type = type;
        header.nlmsg_flags = NLM_F_REQUEST;
        header.nlmsg_seq = sequence_++;
        const nfgenmsg family{AF_UNSPEC, NFNETLINK_V0, htons(NFNL_SUBSYS_NFTABLES)};
        append(&header, sizeof header);
        append(&family, sizeof family);
    }
    void append(const void* data, size_t size) {
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        bytes_.insert(bytes_.end(), bytes, bytes + size);
    }
    NetlinkRequest request(std::uint8_t type, std::uint16_t flags) {
        NetlinkRequest r(nftables_type(type), flags, inet_header());
        return r;
    }
    void add(NetlinkRequest&& request) {
        std::vector<std::uint8_t> message = std::move(request).done();
        const std::uint32_t sequence = sequence_++;
        std::memcpy(message.data() + offsetof(nlmsghdr, nlmsg_seq), &sequence, sizeof sequence);
        append(message.data(), message.size());
        ++commands_;
    }

    void table_message(std::uint8_t type, std::uint16_t flags) {
        NetlinkRequest r = request(type, flags);
        r.put_string(NFTA_TABLE_NAME, table_.firewall.table);
        add(std::move(r));
    }
    void chain(const Direction& direction) {
        NetlinkRequest r = request(NFT_MSG_NEWCHAIN, NLM_F_CREATE);
        r.put_string(NFTA_CHAIN_TABLE, table_.firewall.table);
        r.put_string(NFTA_CHAIN_NAME, direction.chain);
        const size_t hook = r.begin_nested(NLA_F_NESTED | NFTA_CHAIN_HOOK);
        r.put(NFTA_HOOK_HOOKNUM, be32(direction.hook));
        r.put(NFTA_HOOK_PRIORITY, be32(static_cast<std::uint32_t>(table_.firewall.priority)));
        r.end_nested(hook);
        r.put(NFTA_CHAIN_POLICY, be32(NF_ACCEPT));
        r.put_string(NFTA_CHAIN_TYPE, "filter");
        add(std::move(r));
    }

    void sets() {
        std::vector<std::vector<std::uint8_t>> ipv4, ipv6, link_local;
        for (const IpAddress& address : table_.dropped.addresses) {
            const auto bytes = address.bytes();
            (address.family() == Family::ipv4 ? ipv4 : ipv6)
                .emplace_back(bytes.begin(), bytes.end());
        }
        for (const DroppedAddresses::LinkLocal& entry : table_.dropped.link_local) {
            // The key of `ip6 daddr . iif`: the address, then the interface index as the meta
            // expression loads it (host byte order).
            const auto bytes = entry.address.bytes();
            std::vector<std::uint8_t> key(bytes.begin(), bytes.end());
            key.resize(key.size() + sizeof entry.ifindex);
            std::memcpy(key.data() + bytes.size(), &entry.ifindex, sizeof entry.ifindex);
            link_local.push_back(std::move(key));
        }
        set(kSetIpv4, ipv4_set, kIpv4Type, 4, ipv4);
        set(kSetIpv6, ipv6_set, kIpv6Type, 16, ipv6);
        set(kSetLinkLocal, link_local_set, kIpv6Type << kTypeBits | kIfindexType, 20, link_local);
    }
    void set(const char* name, SetId id, std::uint32_t key_type, std::uint32_t key_length,
             const std::vector<std::vector<std::uint8_t>>& keys) {
        NetlinkRequest r = request(NFT_MSG_NEWSET, NLM_F_CREATE);
        r.put_string(NFTA_SET_TABLE, table_.firewall.table);
        r.put_string(NFTA_SET_NAME, name);
        r.put(NFTA_SET_FLAGS, be32(0));
        r.put(NFTA_SET_KEY_TYPE, be32(key_type));
        r.put(NFTA_SET_KEY_LEN, be32(key_length));
        r.put(NFTA_SET_ID, be32(id));
        add(std::move(r));
        for (size_t first = 0; first < keys.size(); first += kElementsPerMessage) {
            NetlinkRequest e = request(NFT_MSG_NEWSETELEM, NLM_F_CREATE);
            e.put_string(NFTA_SET_ELEM_LIST_TABLE, table_.firewall.table);
            e.put_string(NFTA_SET_ELEM_LIST_SET, name);
            e.put(NFTA_SET_ELEM_LIST_SET_ID, be32(id));
            const size_t list = e.begin_nested(NLA_F_NESTED | NFTA_SET_ELEM_LIST_ELEMENTS);
            const size_t last = std::min(keys.size(), first + kElementsPerMessage);
            for (size_t k = first; k < last; ++k) {
                const size_t element = e.begin_nested(NLA_F_NESTED | NFTA_LIST_ELEM);
                const size_t data = e.begin_nested(NLA_F_NESTED | NFTA_SET_ELEM_KEY);
                e.put(NFTA_DATA_VALUE, keys[k].data(), keys[k].size());
                e.end_nested(data);
                e.end_nested(element);
            }
            e.end_nested(list);
            add(std::move(e));
        }
    }

    // Of the chain of `direction`, in this order: neighbour discovery accepted, then each
    // set's addresses dropped.
    void rules(const Direction& d) {
        rule(d, [&](Expressions& x) {
            family(x, NFPROTO_IPV6);
            x.meta(NFT_META_L4PROTO, NFT_REG_1);
            x.compare(NFT_CMP_EQ, kIcmpv6);
            x.payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1);  // the ICMPv6 type
            x.compare(NFT_CMP_GTE, kNeighbourSolicit);
            x.compare(NFT_CMP_LTE, kNeighbourAdvert);
            x.verdict(NF_ACCEPT);
        });
        rule(d, [&](Expressions& x) {
            family(x, NFPROTO_IPV4);
            x.payload(NFT_PAYLOAD_NETWORK_HEADER, d.ipv4_offset, 4, NFT_REG_1);
            x.lookup(kSetIpv4, ipv4_set, NFT_REG_1);
            drop(x);
        });
        rule(d, [&](Expressions& x) {
            family(x, NFPROTO_IPV6);
            x.payload(NFT_PAYLOAD_NETWORK_HEADER, d.ipv6_offset, 16, NFT_REG_1);
            x.lookup(kSetIpv6, ipv6_set, NFT_REG_1);
            drop(x);
        });
        rule(d, [&](Expressions& x) {
            // A concatenated key fills 32-bit registers in a row: the address four, the
            // interface index the fifth.
            family(x, NFPROTO_IPV6);
            x.payload(NFT_PAYLOAD_NETWORK_HEADER, d.ipv6_offset, 16, NFT_REG32_00);
            x.meta(d.interface, NFT_REG32_04);
            x.lookup(kSetLinkLocal, link_local_set, NFT_REG32_00);
            drop(x);
        });
    }
    void drop(Expressions& x) const {
        if (table_.firewall.counters) x.counter();
        x.verdict(NF_DROP);
    }
    static void family(Expressions& x, std::uint8_t protocol) {
        x.meta(NFT_META_NFPROTO, NFT_REG_1);
        x.compare(NFT_CMP_EQ, protocol);
    }
    template <class Build>
    void rule(const Direction& direction, Build build) {
        NetlinkRequest r = request(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
        r.put_string(NFTA_RULE_TABLE, table_.firewall.table);
        r.put_string(NFTA_RULE_CHAIN, direction.chain);
        {
            Expressions expressions(r);
            build(expressions);
        }
        add(std::move(r));
    }

    const NoAcceptTable& table_;
    std::uint32_t sequence_;
    std::uint32_t commands_ = 0;
    std::vector<std::uint8_t> bytes_;
};

}  // namespace

std::vector<std::uint8_t> no_accept_batch(const NoAcceptTable& table, std::uint32_t sequence,
                                          std::uint32_t& commands) {
    return Batch(table, sequence).build(commands);
}

}  // namespace routerd::vrrp
