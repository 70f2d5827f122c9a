#include "instance_derivations.hpp"

#include <algorithm>
#include <functional>
#include <optional>

namespace routerd::import {
namespace {

constexpr int kOwnerPriority = 255;  // RFC 5798 §5.2.4

const Statement* child(const Statement& block, std::string_view keyword) {
    for (const Statement& s : block.children)
        if (s.keyword() == keyword) return &s;
    return nullptr;
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    return text;
}

std::optional<int> number(const Statement* s) {
    if (!s || s->words.size() < 2) return std::nullopt;
    try {
        return std::stoi(s->words[1].text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool says_master(const Statement& state) {
    return state.words.size() >= 2 && upper(state.words[1].text) == "MASTER";
}

// What the whole file says for every instance: global_defs vrrp_strict and vrrp_version.
struct GlobalDefaults {
    bool strict = false;
    int version = 2;
};

GlobalDefaults global_defaults(const std::vector<Statement>& top) {
    GlobalDefaults d;
    for (const Statement& s : top) {
        if (s.keyword() != "global_defs") continue;
        if (const Statement* strict = child(s, "vrrp_strict"))
            d.strict = quiet_bool_value(*strict) == "true";
        if (auto version = number(child(s, "vrrp_version"))) d.version = *version;
    }
    return d;
}

bool is_strict(const Statement& instance, const GlobalDefaults& defaults) {
    const Statement* own = child(instance, "strict_mode");
    return own ? quiet_bool_value(*own) == "true" : defaults.strict;
}

// Keepalived: "If no priority has been set, derive it from the initial state".
int priority_of(const Statement& instance) {
    if (auto priority = number(child(instance, "priority"))) return *priority;
    const Statement* state = child(instance, "state");
    return state && says_master(*state) ? kOwnerPriority : 100;
}

// A statement Keepalived resets in a strict instance: whether it does, and the report.
struct Reset {
    std::string_view keyword;
    std::function<bool(const Statement&)> applies;
    std::string why;
};

std::vector<Reset> strict_resets(const Statement& instance, const GlobalDefaults& defaults) {
    const bool owner = priority_of(instance) == kOwnerPriority;
    const auto version = number(child(instance, "version")).value_or(defaults.version);
    const auto nonzero = [](const Statement& s) { return number(&s).value_or(1) != 0; };
    const std::string left_out = "; left out, as Keepalived ran it";
    return {
        {"authentication", [](const Statement&) { return true; },
         "strict mode: Keepalived ignores authentication (RFC 5798 has none)" + left_out},
        {"state",
         [owner](const Statement& s) { return s.words.size() >= 2 && says_master(s) != owner; },
         "strict mode: Keepalived starts as MASTER only the address owner (priority 255, RFC "
         "5798 §6.4.1) and sets the state from the priority" +
             left_out},
        {"preempt_delay", [](const Statement&) { return true; },
         "strict mode: Keepalived resets preempt_delay (RFC 5798 has none)" + left_out},
        {"garp_lower_prio_repeat", nonzero,
         "strict mode: Keepalived sends no gratuitous ARP on a lower-priority advert" + left_out},
        {"garp_lower_prio_delay", nonzero,
         "strict mode: Keepalived sends no gratuitous ARP on a lower-priority advert" + left_out},
        {"lower_prio_no_advert", [](const Statement& s) { return quiet_bool_value(s) == "false"; },
         "strict mode: Keepalived sends no advert in answer to a lower priority (RFC 5798 "
         "§6.4.3)" +
             left_out},
        {"higher_prio_send_advert",
         [](const Statement& s) { return quiet_bool_value(s) == "true"; },
         "strict mode: Keepalived steps down on a higher priority without an advert (RFC 5798 "
         "§6.4.3)" +
             left_out},
        {"vmac_xmit_base", [](const Statement&) { return true; },
         "strict mode: Keepalived sends adverts from the VMAC (RFC 5798 §7.3) and resets "
         "vmac_xmit_base" +
             left_out},
        {"accept", [owner, version](const Statement&) { return !owner && version == 2; },
         "strict mode: Keepalived turns accept mode off for a VRRPv2 non-owner (RFC 3768)" +
             left_out},
    };
}

}  // namespace

void apply_strict_mode_resets(std::vector<Statement>& top, Translation& t) {
    const GlobalDefaults defaults = global_defaults(top);
    for (Statement& instance : top) {
        if (instance.keyword() != "vrrp_instance" || !is_strict(instance, defaults)) continue;
        const std::vector<Reset> resets = strict_resets(instance, defaults);
        std::erase_if(instance.children, [&](const Statement& s) {
            for (const Reset& reset : resets) {
                if (s.keyword() != reset.keyword || !reset.applies(s)) continue;
                t.report(s, reset.why);
                return true;
            }
            return false;
        });
    }
}

void derive_master_priority(const std::vector<Statement>& top, TomlDocument& document) {
    for (const Statement& instance : top) {
        if (instance.keyword() != "vrrp_instance" || instance.words.size() < 2) continue;
        if (child(instance, "priority") || priority_of(instance) != kOwnerPriority) continue;
        const std::vector<std::string> path{"vrrp", "instance", instance.words[1].text};
        if (!document.has_table(path)) continue;
        document.table(path).set("priority", std::to_string(kOwnerPriority)).trailing_comment =
            "Keepalived's priority for state MASTER without one";
    }
}

}  // namespace routerd::import
