#include <ctime>

#include "ctl/render.hpp"
#include "ctl/text_table.hpp"

namespace routerd::ctl {

std::string utc_time_text(int64_t unix_ns) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ns / 1000000000);
    const int millis = static_cast<int>((unix_ns % 1000000000) / 1000000);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[64];  // room for any int year GCC can imagine
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
    return text;
}

std::string render_history(const nlohmann::json& rows) {
    TextTable table({"TIME (UTC)", "SOURCE", "SUBJECT", "FROM", "TO", "REASON"});
    for (const auto& row : rows) {
        table.add({utc_time_text(row.value("time_unix_ns", int64_t{0})), row.value("source", ""),
                   row.value("subject", ""), row.value("from", ""), row.value("to", ""),
                   row.value("reason", "")});
    }
    return table.render("no history rows match");
}

}  // namespace routerd::ctl
