#include "config_firewall.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace routerd::vrrp {

std::optional<NoAcceptFirewall> parse_firewall(const sdk::Config& vrrp) {
    NoAcceptFirewall firewall;
    bool ok = true;
    if (const sdk::Config table = vrrp["nftables"]; table.present()) {
        const std::string name = table.string().value_or("");
        // What `nft list table inet NAME` can name without quotes, so that an operator can.
        const bool word = !name.empty() && name.size() <= 64 && std::isalpha(name[0]) &&
                          std::all_of(name.begin(), name.end(), [](unsigned char ch) {
                              return std::isalnum(ch) || ch == '_' || ch == '-';
                          });
        if (!word) {
            table.error(
                "is not a table name: up to 64 letters, digits, '_' and '-', from a letter");
            ok = false;
        }
        firewall.table = name;
    }
    if (const sdk::Config priority = vrrp["nftables_priority"]; priority.present()) {
        const auto value = priority.integer(std::numeric_limits<std::int32_t>::min(),
                                            std::numeric_limits<std::int32_t>::max());
        if (value) firewall.priority = static_cast<std::int32_t>(*value);
        ok = value.has_value() && ok;
    }
    firewall.counters = vrrp["nftables_counters"].boolean().value_or(false);
    return ok ? std::optional(firewall) : std::nullopt;
}

}  // namespace routerd::vrrp
