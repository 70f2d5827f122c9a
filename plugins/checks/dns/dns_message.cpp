#include "dns_message.hpp"

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <resolv.h>
#include <strings.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace routerd::checks::dns {
namespace {

constexpr std::array<std::pair<std::string_view, uint16_t>, 7> kTypes{{
    {"A", ns_t_a},
    {"NS", ns_t_ns},
    {"CNAME", ns_t_cname},
    {"SOA", ns_t_soa},
    {"MX", ns_t_mx},
    {"TXT", ns_t_txt},
    {"AAAA", ns_t_aaaa},
}};

// Names compare case-insensitively (RFC 4343), with or without the final dot.
std::string_view without_final_dot(std::string_view name) {
    if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);
    return name;
}

bool same_name(std::string_view a, std::string_view b) {
    a = without_final_dot(a);
    b = without_final_dot(b);
    if (a == "." || a.empty()) return b == "." || b.empty();
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

constexpr std::string_view kNotOurs = "a reply to another query";

std::optional<std::string> failure(std::span<const uint8_t> reply, uint16_t id,
                                   std::string_view name, uint16_t type) {
    ns_msg message;
    if (ns_initparse(reply.data(), static_cast<int>(reply.size()), &message) != 0)
        return "malformed DNS message";
    if (ns_msg_id(message) != id)
        return std::string(kNotOurs) + " (id " + std::to_string(ns_msg_id(message)) + ")";
    if (ns_msg_getflag(message, ns_f_qr) == 0) return "not a response";
    if (const int rcode = ns_msg_getflag(message, ns_f_rcode); rcode != ns_r_noerror)
        return "RCODE " + std::to_string(rcode) + (rcode == ns_r_nxdomain ? " (NXDOMAIN)" : "");
    ns_rr question;
    if (ns_msg_count(message, ns_s_qd) != 1 || ns_parserr(&message, ns_s_qd, 0, &question) != 0)
        return "the reply does not carry our question";
    if (ns_rr_type(question) != type || ns_rr_class(question) != ns_c_in ||
        !same_name(ns_rr_name(question), name)) {
        return std::string("the reply is for another question (") + ns_rr_name(question) + ")";
    }
    if (ns_msg_count(message, ns_s_an) == 0) return "no answer records";
    // Every answer must parse: a truncated record is a broken reply, not a good one.
    for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
        ns_rr answer;
        if (ns_parserr(&message, ns_s_an, i, &answer) != 0) return "malformed answer record";
    }
    return std::nullopt;
}

}  // namespace

std::optional<uint16_t> query_type(std::string_view name) {
    for (const auto& [text, type] : kTypes) {
        if (text.size() == name.size() &&
            std::equal(text.begin(), text.end(), name.begin(), [](char a, char b) {
                return a == std::toupper(static_cast<unsigned char>(b));
            })) {
            return type;
        }
    }
    return std::nullopt;
}

std::optional<std::vector<uint8_t>> build_query(const std::string& name, uint16_t type, uint16_t id,
                                                std::string* error) {
    std::vector<uint8_t> message(NS_PACKETSZ);
    const int length = res_mkquery(ns_o_query, name.c_str(), ns_c_in, type, nullptr, 0, nullptr,
                                   message.data(), static_cast<int>(message.size()));
    if (length < NS_HFIXEDSZ) {
        *error = "'" + name + "' is not a valid domain name";
        return std::nullopt;
    }
    message.resize(static_cast<size_t>(length));
    message[0] = static_cast<uint8_t>(id >> 8);  // our id, not res_mkquery's
    message[1] = static_cast<uint8_t>(id & 0xff);
    message[2] |= 0x01;  // RD: a recursor answers too (Keepalived sets it)
    return message;
}

ReplyVerdict judge_reply(std::span<const uint8_t> reply, uint16_t id, std::string_view name,
                         uint16_t type) {
    const std::optional<std::string> why = failure(reply, id, name, type);
    if (!why) return {ReplyVerdict::Kind::kPass, ""};
    return {why->starts_with(kNotOurs) ? ReplyVerdict::Kind::kNotOurs : ReplyVerdict::Kind::kFail,
            *why};
}

}  // namespace routerd::checks::dns
