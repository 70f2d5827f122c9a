#include "ctl/invocation.hpp"

#include <algorithm>
#include <charconv>

#include "config/duration.hpp"

namespace routerd::ctl {
namespace {

// --name VALUE or --name=VALUE at argv[i]; advances i past the value.
std::optional<std::string> option_value(const std::vector<std::string>& argv, size_t& i,
                                        const std::string& name) {
    const std::string& arg = argv[i];
    if (arg == name) {
        if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
        return argv[++i];
    }
    if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
    return std::nullopt;
}

uint64_t parse_count(const std::string& text, const std::string& what, uint64_t max) {
    uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max)
        throw UsageError(what + ": '" + text + "' is not a whole number in 0.." +
                         std::to_string(max));
    return value;
}

std::chrono::nanoseconds parse_since(const std::string& text) {
    const auto parsed = parse_duration(text);
    if (const auto* error = std::get_if<std::string>(&parsed))
        throw UsageError("--since: " + *error);
    return std::get<std::chrono::nanoseconds>(parsed);
}

void expect_args(const Invocation& inv, size_t count, const std::string& form) {
    if (inv.args.size() != count) throw UsageError("usage: routerctl " + form);
}

// Verb-specific checks; a verb that passes its arguments to a plugin takes any.
void check_arguments(Invocation& inv) {
    const bool filtered = inv.history.since || inv.history.instance || inv.history.limit;
    if (filtered && inv.verb != "history")
        throw UsageError("--since, --instance and --limit belong to `routerctl history`");
    if (inv.verb == "status" || inv.verb == "checks" || inv.verb == "reload" ||
        inv.verb == "history" || inv.verb == "drain-node") {
        expect_args(inv, 0,
                    inv.verb == "history"
                        ? "history [--since DURATION] [--instance NAME] [--limit N]"
                        : inv.verb);
    } else if (inv.verb == "drain" || inv.verb == "undrain") {
        expect_args(inv, 2, inv.verb + " VS RS");
    } else if (inv.verb == "weight") {
        expect_args(inv, 3, "weight VS RS N");
        parse_count(inv.args[2], "weight", 65535);  // keepalived.conf(5)'s range, as the config
    }
}

}  // namespace

const std::vector<std::string>& known_verbs() {
    static const std::vector<std::string> verbs = {
        "status", "vrrp",    "checks", "vs",     "alerts",     "history",
        "drain",  "undrain", "weight", "reload", "drain-node", "announce-bgp"};
    return verbs;
}

Invocation parse_invocation(const std::vector<std::string>& argv) {
    Invocation inv;
    bool verb_seen = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        // After the verb, words a plugin may take are its arguments (`alerts test`); options
        // are still routerctl's, as they always were (`routerctl vrrp --json`).
        if (auto v = option_value(argv, i, "--socket")) {
            inv.socket = *v;
        } else if (auto v = option_value(argv, i, "--since")) {
            inv.history.since = parse_since(*v);
        } else if (auto v = option_value(argv, i, "--instance")) {
            if (v->empty()) throw UsageError("--instance needs a name");
            inv.history.instance = *v;
        } else if (auto v = option_value(argv, i, "--limit")) {
            inv.history.limit = parse_count(*v, "--limit", 1000000);
        } else if (arg == "--json") {
            inv.json = true;
        } else if (arg == "-h" || arg == "--help") {
            inv.help = true;
        } else if (arg.size() > 1 && arg[0] == '-' && !verb_seen) {
            throw UsageError("unknown option '" + arg + "'");
        } else if (!verb_seen) {
            inv.verb = arg;
            verb_seen = true;
        } else {
            inv.args.push_back(arg);
        }
    }
    if (inv.help) return inv;
    if (inv.verb.empty()) throw UsageError("no command given");
    check_arguments(inv);
    return inv;
}

}  // namespace routerd::ctl
