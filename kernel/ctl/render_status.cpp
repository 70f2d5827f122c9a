#include <sstream>

#include "ctl/render.hpp"
#include "ctl/text_table.hpp"

namespace routerd::ctl {
namespace {

// A plugin's own status object on one line: "key value, key value".
std::string compact(const nlohmann::json& status) {
    if (!status.is_object()) return status.dump();
    std::string out;
    for (const auto& [key, value] : status.items()) {
        out += (out.empty() ? "" : ", ") + key + " " +
               (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return out;
}

}  // namespace

std::string render_checks(const nlohmann::json& checks) {
    TextTable table({"CHECK", "TYPE", "TARGET", "STATE", "PROBES", "FAILURES", "LAST REASON"});
    for (const auto& [id, c] : checks.items()) {
        table.add({id, c.value("type", ""), c.value("target", ""), c.value("state", ""),
                   std::to_string(c.value("probes", uint64_t{0})),
                   std::to_string(c.value("failures", uint64_t{0})), c.value("last_reason", "")});
    }
    return table.render("no standalone checks");
}

std::string render_status(const nlohmann::json& s) {
    std::ostringstream out;
    out << "routerd " << s.value("version", "") << ", pid " << s.value("pid", 0) << ", up "
        << s.value("uptime_s", 0) << " s\n"
        << "config: " << s.value("config_file", "") << "\n"
        << "state:  " << s.value("state_db", "") << "\n";
    if (const auto recovered = s.find("store_recovered");
        recovered != s.end() && recovered->is_object()) {
        out << "WARNING: the state database was corrupt and routerd started with an empty one; "
               "the old one is "
            << recovered->value("moved_to", "") << " (" << recovered->value("reason", "") << ")\n";
    }
    if (const uint64_t failed = s.value("store_failed_writes", uint64_t{0}); failed > 0) {
        out << "WARNING: " << failed
            << " writes to the state database failed since the start; the last: "
            << s.value("store_last_failure", std::string()) << "\n";
    }
    // STATE: a plugin runs while the configuration gives it work, and is idle (loaded, costing
    // no thread) otherwise.
    TextTable plugins({"PLUGIN", "VERSION", "KIND", "STATE", "STATUS"});
    for (const auto& p : s.at("plugins")) {
        plugins.add({p.value("name", ""), p.value("version", ""), p.value("kind", ""),
                     p.value("running", false) ? "running" : "idle",
                     compact(p.value("status", nlohmann::json::object()))});
    }
    for (const auto& r : s.at("refused"))
        plugins.add({r.value("file", ""), "", "REFUSED", "", r.value("reason", "")});
    out << "\n" << plugins.render("no plugins loaded") << "\n" << render_checks(s.at("checks"));
    return out.str();
}

std::string render_reload(const nlohmann::json& answer) {
    if (!answer.value("ok", false)) {
        return "reload refused, the running configuration stays:\n" +
               answer.value("errors", std::string()) + "\n";
    }
    std::string changed;
    for (const auto& c : answer.at("changed"))
        changed += (changed.empty() ? "" : ", ") + c.get<std::string>();
    return "reloaded; changed: " + (changed.empty() ? std::string("nothing") : changed) + "\n";
}

}  // namespace routerd::ctl
