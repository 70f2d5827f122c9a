// Reads back a request built by core/ (rule_request, address_request, route_request): its
// netlink header, its family header and its attributes by type, checking the lengths and the
// 4-byte alignment of each on the way.
#pragma once

#include <gtest/gtest.h>
#include <linux/netlink.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

namespace routerd::vrrp::test {

using Attributes = std::map<int, std::vector<std::uint8_t>>;

inline Attributes decode_attributes(const std::vector<std::uint8_t>& bytes, size_t at) {
    Attributes out;
    while (at + NLA_HDRLEN <= bytes.size()) {
        nlattr a{};
        std::memcpy(&a, bytes.data() + at, sizeof a);
        EXPECT_GE(a.nla_len, NLA_HDRLEN);
        EXPECT_LE(at + a.nla_len, bytes.size());
        EXPECT_FALSE(out.contains(a.nla_type)) << "attribute " << a.nla_type << " twice";
        out[a.nla_type].assign(bytes.begin() + static_cast<std::ptrdiff_t>(at + NLA_HDRLEN),
                               bytes.begin() + static_cast<std::ptrdiff_t>(at + a.nla_len));
        at += NLA_ALIGN(a.nla_len);
    }
    EXPECT_EQ(at, bytes.size());
    return out;
}

template <class Header>
struct Decoded {
    nlmsghdr header{};
    Header family{};
    Attributes attributes;
};

template <class Header>
Decoded<Header> decode(const std::vector<std::uint8_t>& bytes) {
    Decoded<Header> d;
    std::memcpy(&d.header, bytes.data(), sizeof d.header);
    EXPECT_EQ(d.header.nlmsg_len, bytes.size());
    std::memcpy(&d.family, bytes.data() + NLMSG_HDRLEN, sizeof d.family);
    d.attributes = decode_attributes(bytes, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(Header)));
    return d;
}

template <class T>
T value(const Attributes& attributes, int type) {
    const auto it = attributes.find(type);
    EXPECT_NE(it, attributes.end()) << "no attribute " << type;
    T out{};
    if (it == attributes.end()) return out;
    EXPECT_EQ(it->second.size(), sizeof(T)) << "attribute " << type;
    std::memcpy(&out, it->second.data(), std::min(sizeof(T), it->second.size()));
    return out;
}

}  // namespace routerd::vrrp::test
