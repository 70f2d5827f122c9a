// `routerctl history`: the history table (every state change plugins and checks recorded, with
// its reason) read back newest first, filtered by time and subject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace routerd {

struct HistoryQuery {
    std::optional<int64_t> since_unix_ns;  // rows at or after it
    // A subject ("instance VI_1") or its last word ("VI_1", as routerctl --instance gives it).
    std::optional<std::string> subject;
    uint64_t limit = kDefaultLimit;  // 0: every row
    static constexpr uint64_t kDefaultLimit = 100;
};

// The query a control request asks for ({"since_unix_ns", "subject", "limit"}, each optional);
// throws std::invalid_argument naming a field of the wrong type.
HistoryQuery history_query_from(const nlohmann::json& request);

// [{"time_unix_ns", "source", "subject", "from", "to", "reason"}, ...], newest first.
nlohmann::json read_history(Store& store, const HistoryQuery& query);

}  // namespace routerd
