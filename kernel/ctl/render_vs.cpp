#include "ctl/render.hpp"
#include "ctl/text_table.hpp"

namespace routerd::ctl {
namespace {

// What an operator changed at run time: "drained", "weight 5", both, or "".
std::string override_text(const nlohmann::json& rs) {
    std::string out = rs.value("drained", false) ? "drained" : "";
    if (const auto w = rs.find("weight_override"); w != rs.end() && w->is_number())
        out +=
            (out.empty() ? "" : ", ") + std::string("weight ") + std::to_string(w->get<int64_t>());
    return out;
}

std::string notes(const nlohmann::json& vs) {
    std::string out;
    auto note = [&out](bool when, const char* text) {
        if (when) out += (out.empty() ? "" : ", ") + std::string(text);
    };
    note(!vs.value("quorum_up", true), "QUORUM LOST");
    note(vs.value("suspended", false), "suspended");
    note(!vs.value("in_table", false), "not in the forwarder");
    return out;
}

}  // namespace

std::string render_virtual_servers(const nlohmann::json& view) {
    TextTable table({"VS", "SERVICE", "RS", "ADDRESS", "HEALTH", "WEIGHT", "ACTIVE", "INACTIVE",
                     "OVERRIDE", "NOTE"});
    for (const auto& vs : view.at("virtual_servers")) {
        const std::string vs_notes = notes(vs);
        for (const auto& rs : vs.at("real_servers")) {
            table.add({vs.value("name", ""), vs.value("service", ""), rs.value("name", ""),
                       rs.value("address", ""), rs.value("health", ""),
                       std::to_string(rs.value("weight", 0u)),
                       std::to_string(rs.value("active_connections", 0u)),
                       std::to_string(rs.value("inactive_connections", 0u)), override_text(rs),
                       rs.value("in_table", false)
                           ? vs_notes
                           : vs_notes + (vs_notes.empty() ? "" : ", ") + "out of the table"});
        }
    }
    return "forwarder: " + view.value("forwarder", std::string()) + "\n" +
           table.render("no virtual servers");
}

}  // namespace routerd::ctl
