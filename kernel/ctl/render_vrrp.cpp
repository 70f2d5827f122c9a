#include "ctl/render.hpp"
#include "ctl/text_table.hpp"

namespace routerd::ctl {
namespace {

// Cells before the last hold no blanks, so that `awk '{print $N}'` finds every column: lists
// are joined with commas and an empty cell is "-".
std::string cell(const std::string& text) {
    return text.empty() ? "-" : text;
}

std::string joined(const nlohmann::json& list) {
    std::string out;
    for (const auto& item : list)
        out +=
            (out.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
    return out;
}

std::string drops_text(const nlohmann::json& drops) {
    std::string out;
    for (const auto& [reason, count] : drops.items())
        out += (out.empty() ? "" : ",") + reason + "=" + count.dump();
    return out;
}

}  // namespace

std::string render_vrrp(const nlohmann::json& s) {
    TextTable instances({"INSTANCE", "STATE", "PRIORITY", "BASE", "INTERFACE", "VRID", "VERSION",
                         "MASTER", "ADDRESSES", "IN", "OUT", "TRANSITIONS", "DROPS", "WHY"});
    std::string mismatches;
    for (const auto& [name, i] : s.at("instances").items()) {
        instances.add(
            {name, i.value("state", ""), i.at("priority").dump(), i.at("base_priority").dump(),
             cell(i.value("interface", "")), i.at("virtual_router_id").dump(),
             "v" + i.at("version").dump(), cell(i.value("master", "")),
             cell(joined(i.at("addresses"))), i.at("adverts_in").dump(), i.at("adverts_out").dump(),
             i.at("transitions").dump(), cell(drops_text(i.at("drops"))), i.value("why", "")});
        if (const auto& m = i.at("address_list_differs"); !m.is_null()) {
            mismatches += "address list mismatch: " + m.value("from", "") + " advertises " +
                          m.at("advertised").dump() + " (instance " + name + ", " +
                          m.at("adverts").dump() + " adverts, " +
                          (m.value("processed", false) ? "processed" : "dropped") + ")\n";
        }
    }
    TextTable groups({"SYNC GROUP", "STATE", "MEMBERS"});
    for (const auto& [name, g] : s.at("sync_groups").items())
        groups.add({name, g.value("state", ""), joined(g.at("members"))});
    std::string out = instances.render("no VRRP instances configured");
    if (!groups.empty()) out += "\n" + groups.render();
    if (!mismatches.empty()) out += "\n" + mismatches;
    if (const auto r = s.find("receive"); r != s.end()) {
        out += "\nreceived: unknown VRID drops " +
               s.value("unknown_vrid_drops", nlohmann::json(0)).dump();
        for (const auto& [key, value] : r->items())
            out += ", " + key + " " + value.dump();
        out += "\n";
    }
    return out;
}

}  // namespace routerd::ctl
