#include "store/history_query.hpp"

#include <stdexcept>

namespace routerd {

HistoryQuery history_query_from(const nlohmann::json& request) {
    HistoryQuery query;
    if (const auto it = request.find("since_unix_ns"); it != request.end()) {
        if (!it->is_number_integer())
            throw std::invalid_argument("history: since_unix_ns must be an integer");
        query.since_unix_ns = it->get<int64_t>();
    }
    if (const auto it = request.find("subject"); it != request.end()) {
        if (!it->is_string()) throw std::invalid_argument("history: subject must be a string");
        query.subject = it->get<std::string>();
    }
    if (const auto it = request.find("limit"); it != request.end()) {
        if (!it->is_number_integer() || it->get<int64_t>() < 0)
            throw std::invalid_argument("history: limit must be a whole number");
        query.limit = it->get<uint64_t>();
    }
    return query;
}

nlohmann::json read_history(Store& store, const HistoryQuery& query) {
    std::string sql =
        "SELECT time_unix_ns, source, subject, from_state, to_state, detail FROM routerd_history "
        "WHERE 1";
    std::vector<std::string> params;
    if (query.since_unix_ns) {
        sql += " AND time_unix_ns >= CAST(? AS INTEGER)";
        params.push_back(std::to_string(*query.since_unix_ns));
    }
    if (query.subject) {
        // "VI_1" finds "instance VI_1"; "instance VI_1" finds itself.
        sql += " AND (subject = ? OR subject LIKE '% ' || ? ESCAPE '\\')";
        std::string escaped;
        for (char c : *query.subject) {
            if (c == '%' || c == '_' || c == '\\') escaped += '\\';
            escaped += c;
        }
        params.push_back(*query.subject);
        params.push_back(escaped);
    }
    sql += " ORDER BY id DESC";
    if (query.limit > 0) {
        sql += " LIMIT CAST(? AS INTEGER)";
        params.push_back(std::to_string(query.limit));
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const Store::Row& row : store.query("", sql, params)) {
        rows.push_back({{"time_unix_ns", std::stoll(row[0].value_or("0"))},
                        {"source", row[1].value_or("")},
                        {"subject", row[2].value_or("")},
                        {"from", row[3].value_or("")},
                        {"to", row[4].value_or("")},
                        {"reason", row[5].value_or("")}});
    }
    return rows;
}

}  // namespace routerd
