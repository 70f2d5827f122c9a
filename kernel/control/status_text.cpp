#include "control/status_text.hpp"

#include <sstream>

namespace routerd {
namespace {

std::string checks_text(const nlohmann::json& checks) {
    std::ostringstream out;
    if (checks.empty()) return "  (none)\n";
    for (const auto& [id, c] : checks.items()) {
        out << "  " << id << "  " << c.value("type", "") << " " << c.value("target", "") << "  "
            << c.value("state", "") << "  probes " << c.value("probes", 0) << ", failures "
            << c.value("failures", 0);
        const std::string reason = c.value("last_reason", "");
        if (!reason.empty()) out << "  (" << reason << ")";
        out << "\n";
    }
    return out.str();
}

}  // namespace

std::string status_text(const std::string& command, const nlohmann::json& answer) {
    std::ostringstream out;
    if (!answer.value("ok", false)) {
        out << "error: " << answer.value("error", answer.value("errors", std::string("failed")))
            << "\n";
        return out.str();
    }
    if (command == "status") {
        const nlohmann::json& s = answer.at("status");
        out << "routerd " << s.value("version", "") << ", pid " << s.value("pid", 0) << ", up "
            << s.value("uptime_s", 0) << " s\n"
            << "config: " << s.value("config_file", "") << "\n"
            << "state:  " << s.value("state_db", "") << "\n";
        if (const auto recovered = s.find("store_recovered");
            recovered != s.end() && recovered->is_object()) {
            out << "  WARNING: the state database was corrupt and routerd started with an empty "
                   "one; the old one is "
                << recovered->value("moved_to", "") << " (" << recovered->value("reason", "")
                << ")\n";
        }
        if (const uint64_t failed = s.value("store_failed_writes", uint64_t{0}); failed > 0) {
            out << "  WARNING: " << failed
                << " writes to the state database failed since the start; the last: "
                << s.value("store_last_failure", std::string()) << "\n";
        }
        out << "plugins:\n";
        for (const auto& p : s.at("plugins")) {
            out << "  " << p.value("name", "") << " " << p.value("version", "") << " ("
                << p.value("kind", "") << ")  " << p.at("status").dump() << "\n";
        }
        for (const auto& r : s.at("refused")) {
            out << "  refused: " << r.value("file", "") << ": " << r.value("reason", "") << "\n";
        }
        out << "checks:\n" << checks_text(s.at("checks"));
    } else if (command == "checks") {
        out << checks_text(answer.at("checks"));
    } else if (command == "reload") {
        std::string changed;
        for (const auto& c : answer.at("changed")) {
            changed += (changed.empty() ? "" : ", ") + c.get<std::string>();
        }
        out << "reloaded; changed: " << (changed.empty() ? "nothing" : changed) << "\n";
    } else {
        const nlohmann::json& result = answer.at("result");
        out << (result.is_string() ? result.get<std::string>() : result.dump(2)) << "\n";
    }
    return out.str();
}

}  // namespace routerd
