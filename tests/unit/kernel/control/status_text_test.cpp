#include "control/status_text.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

nlohmann::json status_answer(nlohmann::json store_recovered) {
    return {{"ok", true},
            {"status",
             {{"version", "1.0"},
              {"pid", 1},
              {"uptime_s", 5},
              {"config_file", "/etc/routerd/routerd.toml"},
              {"state_db", "/var/lib/routerd/state.db"},
              {"plugins", nlohmann::json::array()},
              {"refused", nlohmann::json::array()},
              {"checks", nlohmann::json::object()},
              {"store_recovered", std::move(store_recovered)}}}};
}

TEST(StatusText, SaysWhenTheStoreWasCorruptAndMovedAside) {
    const std::string text = status_text(
        "status", status_answer({{"moved_to", "/var/lib/routerd/state.db.corrupt-20261206T021500Z"},
                                 {"reason", "file is not a database"}}));
    EXPECT_NE(text.find("WARNING: the state database was corrupt"), std::string::npos) << text;
    EXPECT_NE(text.find("state.db.corrupt-20261206T021500Z (file is not a database)"),
              std::string::npos)
        << text;
}

TEST(StatusText, SaysNothingOfAHealthyStore) {
    nlohmann::json answer = status_answer(nullptr);
    answer["status"]["store_failed_writes"] = 0;
    answer["status"]["store_last_failure"] = "";
    EXPECT_EQ(status_text("status", answer).find("WARNING"), std::string::npos);
}

TEST(StatusText, SaysWhenStoreWritesFailed) {
    nlohmann::json answer = status_answer(nullptr);
    answer["status"]["store_failed_writes"] = 3;
    answer["status"]["store_last_failure"] = "state.db: database or disk is full";
    const std::string text = status_text("status", answer);
    EXPECT_NE(text.find("WARNING: 3 writes to the state database failed since the start; the "
                        "last: state.db: database or disk is full"),
              std::string::npos)
        << text;
}

}  // namespace
}  // namespace routerd
