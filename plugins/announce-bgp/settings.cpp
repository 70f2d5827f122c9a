#include "settings.hpp"

#include <arpa/inet.h>

namespace routerd::announce_bgp {

namespace {

// "192.0.2.10" or "192.0.2.10/32" (likewise /128 for IPv6): a host route, what a load
// balancer's VIP is; nullopt after reporting anything else.
std::optional<std::string> host_prefix(const sdk::Config& node) {
    const std::optional<std::string> text = node.string();
    if (!text) {
        if (!node.present()) node.error("missing: the VIP to announce");
        return std::nullopt;
    }
    const auto slash = text->find('/');
    const std::string address = text->substr(0, slash);
    unsigned char bytes[16];
    const bool v4 = inet_pton(AF_INET, address.c_str(), bytes) == 1;
    if (!v4 && inet_pton(AF_INET6, address.c_str(), bytes) != 1) {
        node.error("'" + *text + "' is not an IPv4 or IPv6 address");
        return std::nullopt;
    }
    const std::string full = address + (v4 ? "/32" : "/128");
    if (slash != std::string::npos && text->substr(slash) != full.substr(address.size())) {
        node.error("'" + *text + "': only a host route (/32, /128) is announced");
        return std::nullopt;
    }
    return full;
}

}  // namespace

std::optional<Settings> read_settings(const sdk::Config& config) {
    Settings s;
    bool ok = true;
    if (auto v = config["table"]; v.present()) {
        // 253..255 are default, main and local: announcing there would touch forwarding.
        if (auto t = v.integer(1, 252))
            s.table = static_cast<int>(*t);
        else
            ok = false;
    }
    if (auto v = config["device"]; v.present()) {
        auto d = v.string();
        if (d && !d->empty() && d->size() < 16)
            s.device = *d;
        else {
            if (d) v.error("an interface name of 1 to 15 characters");
            ok = false;
        }
    }
    auto duration = [&](const char* key, std::chrono::nanoseconds& out) {
        if (auto v = config[key]; v.present()) {
            if (auto d = v.duration())
                out = *d;
            else
                ok = false;
        }
    };
    duration("hold_down", s.timing.hold_down);
    duration("min_announce", s.timing.min_announce);
    duration("drain_timeout", s.drain_timeout);
    for (const auto& [name, node] : config["prefix"].entries()) {
        PrefixSettings p;
        p.name = name;
        const std::optional<std::string> prefix = host_prefix(node["address"]);
        if (prefix)
            p.prefix = *prefix;
        else
            ok = false;
        for (const sdk::Config& c : node["checks"].items()) {
            if (auto n = c.string())
                p.follows.checks.push_back(*n);
            else
                ok = false;
        }
        auto name_of = [&](const char* key, std::optional<std::string>& out) {
            if (auto v = node[key]; v.present()) {
                if (auto n = v.string())
                    out = *n;
                else
                    ok = false;
            }
        };
        name_of("vrrp_instance", p.follows.vrrp_instance);
        name_of("virtual_server", p.follows.virtual_server);
        if (p.follows.checks.empty() && !p.follows.vrrp_instance && !p.follows.virtual_server) {
            node.error(
                "says nothing to follow: give checks (standalone active-active), "
                "virtual_server (announce while its quorum is up) or vrrp_instance (announce "
                "while MASTER)");
            ok = false;
        }
        s.prefixes.push_back(std::move(p));
    }
    if (ok && s.prefixes.empty() && config.present()) {
        config.error("no [announce-bgp.prefix.NAME] to announce");
        ok = false;
    }
    return ok ? std::optional<Settings>(std::move(s)) : std::nullopt;
}

}  // namespace routerd::announce_bgp
