// core/no_accept_table.hpp: the nfnetlink batch that rewrites routerd's no_accept table. The
// kernel's reading of it is tested by integration.vrrp.no_accept (nft lists it back); here,
// what a batch holds and in which order, message by message.
#include "no_accept_table.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "netlink_decode.hpp"

namespace routerd::vrrp {
namespace {

using test::Attributes;
using test::decode_attributes;

struct Message {
    nlmsghdr header{};
    nfgenmsg family{};
    Attributes attributes;
};

// The batch cut into its messages, each checked for length and alignment.
std::vector<Message> messages(const std::vector<std::uint8_t>& batch) {
    std::vector<Message> out;
    size_t at = 0;
    while (at < batch.size()) {
        Message m;
        std::memcpy(&m.header, batch.data() + at, sizeof m.header);
        EXPECT_GE(m.header.nlmsg_len, NLMSG_LENGTH(sizeof(nfgenmsg)));
        EXPECT_LE(at + m.header.nlmsg_len, batch.size());
        std::memcpy(&m.family, batch.data() + at + NLMSG_HDRLEN, sizeof m.family);
        const std::vector<std::uint8_t> one(
            batch.begin() + static_cast<std::ptrdiff_t>(at),
            batch.begin() + static_cast<std::ptrdiff_t>(at + m.header.nlmsg_len));
        m.attributes = decode_attributes(one, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nfgenmsg)));
        out.push_back(std::move(m));
        at += NLMSG_ALIGN(m.header.nlmsg_len);
    }
    EXPECT_EQ(at, batch.size());
    return out;
}

std::uint16_t nft(std::uint8_t type) {
    return static_cast<std::uint16_t>(NFNL_SUBSYS_NFTABLES << 8 | type);
}

std::string text(const Attributes& a, int type) {
    const auto it = a.find(type);
    if (it == a.end() || it->second.empty()) return "(none)";
    return std::string(it->second.begin(), it->second.end() - 1);  // without its NUL
}

std::uint32_t be32(const Attributes& a, int type) {
    return ntohl(test::value<std::uint32_t>(a, type));
}

// The attributes of nested attribute `type` (NLA_F_NESTED set, as nft sends it).
Attributes nested(const Attributes& a, int type) {
    const auto it = a.find(NLA_F_NESTED | type);
    EXPECT_NE(it, a.end()) << "no nested attribute " << type;
    return it == a.end() ? Attributes{} : decode_attributes(it->second, 0);
}

// The values of a list's elements, in order (decode_attributes keeps one of each type).
std::vector<std::vector<std::uint8_t>> list(const std::vector<std::uint8_t>& bytes) {
    std::vector<std::vector<std::uint8_t>> out;
    for (size_t at = 0; at + NLA_HDRLEN <= bytes.size();) {
        nlattr a{};
        std::memcpy(&a, bytes.data() + at, sizeof a);
        EXPECT_EQ(a.nla_type, NLA_F_NESTED | NFTA_LIST_ELEM);
        out.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at + NLA_HDRLEN),
                         bytes.begin() + static_cast<std::ptrdiff_t>(at + a.nla_len));
        at += NLA_ALIGN(a.nla_len);
    }
    return out;
}

// A rule's expressions by name, e.g. {"meta", "cmp", "payload", "lookup", "immediate"}.
std::vector<std::string> expressions(const Message& rule) {
    std::vector<std::string> names;
    for (const auto& element : list(rule.attributes.at(NLA_F_NESTED | NFTA_RULE_EXPRESSIONS)))
        names.push_back(text(decode_attributes(element, 0), NFTA_EXPR_NAME));
    return names;
}

NoAcceptTable full_table() {
    NoAcceptTable t;
    t.firewall = {"edge", -150, true};
    t.dropped.addresses = {*IpAddress::parse("192.0.2.1"), *IpAddress::parse("2001:db8::1"),
                           *IpAddress::parse("192.0.2.2")};
    t.dropped.link_local = {{*IpAddress::parse("fe80::1"), 7}};
    return t;
}

TEST(NoAcceptBatch, NothingToDropDeletesTheTableAndNothingElse) {
    NoAcceptTable empty;
    std::uint32_t commands = 0;
    const auto m = messages(no_accept_batch(empty, 40, commands));
    EXPECT_EQ(commands, 2u);
    ASSERT_EQ(m.size(), 4u);
    EXPECT_EQ(m[0].header.nlmsg_type, NFNL_MSG_BATCH_BEGIN);
    EXPECT_EQ(m[0].family.res_id, htons(NFNL_SUBSYS_NFTABLES));
    // Made if missing, so that deleting it cannot fail: whatever it held goes.
    EXPECT_EQ(m[1].header.nlmsg_type, nft(NFT_MSG_NEWTABLE));
    EXPECT_EQ(m[1].header.nlmsg_flags & NLM_F_EXCL, 0);
    EXPECT_EQ(m[2].header.nlmsg_type, nft(NFT_MSG_DELTABLE));
    EXPECT_EQ(text(m[2].attributes, NFTA_TABLE_NAME), "routerd");
    EXPECT_EQ(m[3].header.nlmsg_type, NFNL_MSG_BATCH_END);
    for (size_t i = 0; i < m.size(); ++i) {
        EXPECT_EQ(m[i].header.nlmsg_seq, 40 + i);
        // The markers are not answered; each command is, so the sender counts its answers.
        const bool marker = i == 0 || i == m.size() - 1;
        EXPECT_EQ((m[i].header.nlmsg_flags & NLM_F_ACK) != 0, !marker) << i;
        if (!marker) {
            EXPECT_EQ(m[i].family.nfgen_family, NFPROTO_INET) << i;
        }
    }
}

TEST(NoAcceptBatch, ATableWithChainsSetsElementsAndRulesInThatOrder) {
    std::uint32_t commands = 0;
    const auto m = messages(no_accept_batch(full_table(), 1, commands));
    std::vector<std::uint16_t> types;
    for (const Message& message : m)
        types.push_back(message.header.nlmsg_type);
    const std::vector<std::uint16_t> expected = {
        NFNL_MSG_BATCH_BEGIN,    nft(NFT_MSG_NEWTABLE),   nft(NFT_MSG_DELTABLE),
        nft(NFT_MSG_NEWTABLE),   nft(NFT_MSG_NEWCHAIN),   nft(NFT_MSG_NEWCHAIN),
        nft(NFT_MSG_NEWSET),     nft(NFT_MSG_NEWSETELEM), nft(NFT_MSG_NEWSET),
        nft(NFT_MSG_NEWSETELEM), nft(NFT_MSG_NEWSET),     nft(NFT_MSG_NEWSETELEM),
        nft(NFT_MSG_NEWRULE),    nft(NFT_MSG_NEWRULE),    nft(NFT_MSG_NEWRULE),
        nft(NFT_MSG_NEWRULE),    nft(NFT_MSG_NEWRULE),    nft(NFT_MSG_NEWRULE),
        nft(NFT_MSG_NEWRULE),    nft(NFT_MSG_NEWRULE),    NFNL_MSG_BATCH_END};
    EXPECT_EQ(types, expected);
    EXPECT_EQ(commands, expected.size() - 2);

    for (size_t chain : {4, 5}) {
        EXPECT_EQ(text(m[chain].attributes, NFTA_CHAIN_TABLE), "edge");
        EXPECT_EQ(text(m[chain].attributes, NFTA_CHAIN_TYPE), "filter");
        const Attributes hook = nested(m[chain].attributes, NFTA_CHAIN_HOOK);
        EXPECT_EQ(static_cast<std::int32_t>(be32(hook, NFTA_HOOK_PRIORITY)), -150);
        EXPECT_EQ(be32(hook, NFTA_HOOK_HOOKNUM), chain == 4 ? NF_INET_LOCAL_IN : NF_INET_LOCAL_OUT);
    }
    EXPECT_EQ(text(m[4].attributes, NFTA_CHAIN_NAME), "in");
    EXPECT_EQ(text(m[5].attributes, NFTA_CHAIN_NAME), "out");

    // Each set with its key length, then its elements' keys.
    const auto keys = [&](size_t at) {
        std::vector<std::vector<std::uint8_t>> out;
        for (const auto& element :
             list(m[at].attributes.at(NLA_F_NESTED | NFTA_SET_ELEM_LIST_ELEMENTS)))
            out.push_back(
                nested(decode_attributes(element, 0), NFTA_SET_ELEM_KEY).at(NFTA_DATA_VALUE));
        return out;
    };
    EXPECT_EQ(text(m[6].attributes, NFTA_SET_NAME), "vips");
    EXPECT_EQ(be32(m[6].attributes, NFTA_SET_KEY_LEN), 4u);
    EXPECT_EQ(text(m[8].attributes, NFTA_SET_NAME), "vips6");
    EXPECT_EQ(be32(m[8].attributes, NFTA_SET_KEY_LEN), 16u);
    EXPECT_EQ(text(m[10].attributes, NFTA_SET_NAME), "vips6_link_local");
    EXPECT_EQ(be32(m[10].attributes, NFTA_SET_KEY_LEN), 20u);
    EXPECT_EQ(keys(7), (std::vector<std::vector<std::uint8_t>>{{192, 0, 2, 1}, {192, 0, 2, 2}}));
    EXPECT_EQ(keys(9), (std::vector<std::vector<std::uint8_t>>{
                           {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}));
    std::vector<std::uint8_t> link_local = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const std::uint32_t ifindex = 7;  // host byte order, as meta iif loads it
    const auto* index = reinterpret_cast<const std::uint8_t*>(&ifindex);
    link_local.insert(link_local.end(), index, index + 4);
    EXPECT_EQ(keys(11), std::vector<std::vector<std::uint8_t>>{link_local});
    // Per chain: neighbour discovery accepted, then IPv4, IPv6 and link-local drops, each
    // counted (nftables_counters).
    using Names = std::vector<std::string>;
    for (size_t rule = 12; rule < 20; ++rule) {
        EXPECT_EQ(text(m[rule].attributes, NFTA_RULE_CHAIN), rule < 16 ? "in" : "out");
        const Names names = expressions(m[rule]);
        switch ((rule - 12) % 4) {
            case 0:
                EXPECT_EQ(names, (Names{"meta", "cmp", "meta", "cmp", "payload", "cmp", "cmp",
                                        "immediate"}));
                break;
            case 3:
                EXPECT_EQ(names, (Names{"meta", "cmp", "payload", "meta", "lookup", "counter",
                                        "immediate"}));
                break;
            default:
                EXPECT_EQ(names,
                          (Names{"meta", "cmp", "payload", "lookup", "counter", "immediate"}));
        }
    }
}

TEST(NoAcceptBatch, ASetWithoutAddressesGetsNoElementMessage) {
    NoAcceptTable t;
    t.dropped.addresses = {*IpAddress::parse("192.0.2.1")};
    std::uint32_t commands = 0;
    const auto m = messages(no_accept_batch(t, 1, commands));
    size_t elements = 0;
    for (const Message& message : m)
        elements += message.header.nlmsg_type == nft(NFT_MSG_NEWSETELEM);
    EXPECT_EQ(elements, 1u);  // IPv4's; the two IPv6 sets stay empty
}

TEST(NoAcceptBatch, ManyAddressesGoInSeveralElementMessages) {
    // An element list is one attribute with a 16-bit length: 3,000 IPv4 addresses (48 KB of
    // elements) and 3,000 IPv6 ones (84 KB) would not fit one.
    NoAcceptTable t;
    for (int i = 0; i < 3000; ++i) {
        const auto high = static_cast<std::uint8_t>(i >> 8), low = static_cast<std::uint8_t>(i);
        t.dropped.addresses.push_back(IpAddress::v4({10, 0, high, low}));
        t.dropped.addresses.push_back(
            IpAddress::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, high, low}));
    }
    std::uint32_t commands = 0;
    std::map<std::string, size_t> elements;  // by set
    for (const Message& message : messages(no_accept_batch(t, 1, commands))) {
        if (message.header.nlmsg_type != nft(NFT_MSG_NEWSETELEM)) continue;
        const auto& all = message.attributes.at(NLA_F_NESTED | NFTA_SET_ELEM_LIST_ELEMENTS);
        EXPECT_LT(all.size() + NLA_HDRLEN, 65536u);
        elements[text(message.attributes, NFTA_SET_ELEM_LIST_SET)] += list(all).size();
    }
    EXPECT_EQ(elements, (std::map<std::string, size_t>{{"vips", 3000}, {"vips6", 3000}}));
}

}  // namespace
}  // namespace routerd::vrrp
