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

bool nonzero(const Statement& s) {
    return number(&s).value_or(1) != 0;
}

// The reason of a reset, with what the import did.
std::string left_out(std::string_view why) {
    return std::string(why) + "; left out, as Keepalived ran it";
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

// A statement Keepalived resets: whether it does, and the report.
struct Reset {
    std::string_view keyword;
    std::function<bool(const Statement&)> applies;
    std::string why;
};

std::vector<Reset> strict_resets(const Statement& instance, const GlobalDefaults& defaults) {
    const bool owner = priority_of(instance) == kOwnerPriority;
    const auto version = number(child(instance, "version")).value_or(defaults.version);
    return {
        {"authentication", [](const Statement&) { return true; },
         left_out("strict mode: Keepalived ignores authentication (RFC 5798 has none)")},
        {"state",
         [owner](const Statement& s) { return s.words.size() >= 2 && says_master(s) != owner; },
         left_out(
             "strict mode: Keepalived starts as MASTER only the address owner (priority 255, RFC "
             "5798 §6.4.1) and sets the state from the priority")},
        {"preempt_delay", [](const Statement&) { return true; },
         left_out("strict mode: Keepalived resets preempt_delay (RFC 5798 has none)")},
        {"garp_lower_prio_repeat", nonzero,
         left_out("strict mode: Keepalived sends no gratuitous ARP on a lower-priority advert")},
        {"garp_lower_prio_delay", nonzero,
         left_out("strict mode: Keepalived sends no gratuitous ARP on a lower-priority advert")},
        {"lower_prio_no_advert", [](const Statement& s) { return quiet_bool_value(s) == "false"; },
         left_out("strict mode: Keepalived sends no advert in answer to a lower priority (RFC 5798 "
                  "§6.4.3)")},
        {"higher_prio_send_advert",
         [](const Statement& s) { return quiet_bool_value(s) == "true"; },
         left_out(
             "strict mode: Keepalived steps down on a higher priority without an advert (RFC 5798 "
             "§6.4.3)")},
        {"vmac_xmit_base", [](const Statement&) { return true; },
         left_out("strict mode: Keepalived sends adverts from the VMAC (RFC 5798 §7.3) and resets "
                  "vmac_xmit_base")},
        {"accept", [owner, version](const Statement&) { return !owner && version == 2; },
         left_out(
             "strict mode: Keepalived turns accept mode off for a VRRPv2 non-owner (RFC 3768)")},
    };
}

// Whether the instance ends up with nopreempt: the last of `nopreempt` and `preempt` wins.
bool says_nopreempt(const Statement& instance) {
    bool nopreempt = false;
    for (const Statement& s : instance.children) {
        if (s.keyword() == "nopreempt") nopreempt = true;
        if (s.keyword() == "preempt") nopreempt = false;
    }
    return nopreempt;
}

// What Keepalived resets in every instance (vrrp_complete_instance): the preemption settings
// that cannot work with the others. Read after the strict resets, which may take `state` out.
std::vector<Reset> preemption_resets(const Statement& instance) {
    const bool owner = priority_of(instance) == kOwnerPriority;
    const Statement* state = child(instance, "state");
    const bool master = state && says_master(*state);
    const bool nopreempt_set = says_nopreempt(instance);
    const bool nopreempt = nopreempt_set && !owner && !master;
    return {
        {"nopreempt", [=](const Statement&) { return nopreempt_set && owner; },
         left_out("Keepalived resets nopreempt at priority 255: the address owner always "
                  "preempts (RFC 5798 §6.1, Preempt_Mode)")},
        {"nopreempt", [=](const Statement&) { return nopreempt_set && master; },
         left_out("Keepalived clears nopreempt with state MASTER (it only works from BACKUP)")},
        {"preempt_delay", [master](const Statement& s) { return master && nonzero(s); },
         left_out("Keepalived clears preempt_delay with state MASTER")},
        {"preempt_delay", [nopreempt](const Statement& s) { return nopreempt && nonzero(s); },
         left_out(
             "Keepalived resets preempt_delay with nopreempt: there is no preemption to delay")},
    };
}

// Takes out of `instance` each statement one of `resets` applies to, reported with its why.
void take_out(Statement& instance, const std::vector<Reset>& resets, Translation& t) {
    std::erase_if(instance.children, [&](const Statement& s) {
        for (const Reset& reset : resets) {
            if (s.keyword() != reset.keyword || !reset.applies(s)) continue;
            t.leave_out(s, reset.why);
            return true;
        }
        return false;
    });
}

}  // namespace

void apply_keepalived_resets(std::vector<Statement>& top, Translation& t) {
    const GlobalDefaults defaults = global_defaults(top);
    for (Statement& instance : top) {
        if (instance.keyword() != "vrrp_instance") continue;
        if (is_strict(instance, defaults)) take_out(instance, strict_resets(instance, defaults), t);
        take_out(instance, preemption_resets(instance), t);
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
