// The bytes of one rtnetlink request (RFC 3549 §2.3): a netlink header, the family header of
// its type (ifaddrmsg, rtmsg, fib_rule_hdr) and type-length-value attributes, each 4-byte
// aligned. The address, route and rule requests are built with it.
#pragma once

#include <linux/netlink.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace routerd::vrrp {

class NetlinkRequest {
  public:
    // Starts a request of `type` with `flags` (NLM_F_REQUEST | NLM_F_ACK are always set) and
    // `header` as its family header.
    template <class Header>
    NetlinkRequest(std::uint16_t type, std::uint16_t flags, const Header& header)
        : bytes_(NLMSG_HDRLEN) {
        append(&header, sizeof header);
        bytes_.resize(NLMSG_ALIGN(bytes_.size()));
        header_.nlmsg_type = type;
        header_.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
    }

    void put(std::uint16_t type, const void* data, size_t size) {
        const nlattr header{static_cast<std::uint16_t>(NLA_HDRLEN + size), type};
        append(&header, sizeof header);
        append(data, size);
        bytes_.resize(NLA_ALIGN(bytes_.size()));
    }
    template <class T>
    void put(std::uint16_t type, const T& value) {
        put(type, &value, sizeof value);
    }
    void put_string(std::uint16_t type, const std::string& text) {
        put(type, text.c_str(), text.size() + 1);
    }
    // A nested attribute: what is put between begin_nested() and end_nested(its result) is
    // its value.
    size_t begin_nested(std::uint16_t type) {
        const size_t at = bytes_.size();
        put(type, nullptr, 0);
        return at;
    }
    void end_nested(size_t at) {
        const auto length = static_cast<std::uint16_t>(bytes_.size() - at);
        std::memcpy(bytes_.data() + at, &length, sizeof length);
    }

    // The whole message; sequence number and port are left 0 for the sender.
    std::vector<std::uint8_t> done() && {
        header_.nlmsg_len = static_cast<std::uint32_t>(bytes_.size());
        std::memcpy(bytes_.data(), &header_, sizeof header_);
        return std::move(bytes_);
    }

  private:
    void append(const void* data, size_t size) {
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        bytes_.insert(bytes_.end(), bytes, bytes + size);
    }
    std::vector<std::uint8_t> bytes_;
    nlmsghdr header_{};
};

}  // namespace routerd::vrrp
