#include "ctl/render.hpp"
#include "ctl/text_table.hpp"

namespace routerd::ctl {

std::string render_alerts(const nlohmann::json& list) {
    TextTable table({"STATE", "ID", "TIME", "ATTEMPTS", "SUBJECT"});
    for (const char* state : {"queued", "sent", "failed"}) {
        if (!list.contains(state)) continue;
        for (const auto& alert : list.at(state)) {
            table.add({state, alert.at("id").dump(), alert.value("time", ""),
                       alert.at("attempts").dump(), alert.value("subject", "")});
        }
    }
    return table.render("no alerts");
}

}  // namespace routerd::ctl
