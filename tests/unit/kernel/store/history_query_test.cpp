#include "store/history_query.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace routerd {
namespace {

std::vector<std::string> subjects_and_states(const nlohmann::json& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(r.at("subject").get<std::string>() + " " + r.at("to").get<std::string>());
    return out;
}

class HistoryQueryTest : public ::testing::Test {
  protected:
    HistoryQueryTest() : store(dir / "state.db") {
        store.history("vrrp", "instance VI_1", "INIT", "BACKUP", "started");
        store.history("vrrp", "instance VI_10", "INIT", "BACKUP", "started");
        store.history("routerd", "check web", "unknown", "up", "HTTP 200");
        store.history("vrrp", "instance VI_1", "BACKUP", "MASTER", "master down timer expired");
        store.flush();
    }
    test::TempDir dir;
    Store store;
};

TEST_F(HistoryQueryTest, NewestFirstWithEveryField) {
    const nlohmann::json rows = read_history(store, {});
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].at("source"), "vrrp");
    EXPECT_EQ(rows[0].at("subject"), "instance VI_1");
    EXPECT_EQ(rows[0].at("from"), "BACKUP");
    EXPECT_EQ(rows[0].at("to"), "MASTER");
    EXPECT_EQ(rows[0].at("reason"), "master down timer expired");
    EXPECT_GE(rows[0].at("time_unix_ns").get<int64_t>(), rows[3].at("time_unix_ns").get<int64_t>());
    EXPECT_EQ(subjects_and_states(rows),
              (std::vector<std::string>{"instance VI_1 MASTER", "check web up",
                                        "instance VI_10 BACKUP", "instance VI_1 BACKUP"}));
}

TEST_F(HistoryQueryTest, SubjectByItsNameOrWhole) {
    HistoryQuery q;
    q.subject = "VI_1";  // not VI_10: the name is the subject's last word, and '_' is no wildcard
    EXPECT_EQ(subjects_and_states(read_history(store, q)),
              (std::vector<std::string>{"instance VI_1 MASTER", "instance VI_1 BACKUP"}));
    q.subject = "check web";
    EXPECT_EQ(subjects_and_states(read_history(store, q)),
              std::vector<std::string>{"check web up"});
    q.subject = "VI_%";
    EXPECT_TRUE(read_history(store, q).empty());
}

TEST_F(HistoryQueryTest, LimitAndSince) {
    HistoryQuery q;
    q.limit = 1;
    EXPECT_EQ(subjects_and_states(read_history(store, q)),
              std::vector<std::string>{"instance VI_1 MASTER"});
    const nlohmann::json all = read_history(store, {});
    q.limit = 0;  // every row
    q.since_unix_ns = all[1].at("time_unix_ns").get<int64_t>();
    const nlohmann::json recent = read_history(store, q);
    ASSERT_GE(recent.size(), 2u);
    for (const auto& row : recent)
        EXPECT_GE(row.at("time_unix_ns").get<int64_t>(), *q.since_unix_ns);
    q.since_unix_ns = all[0].at("time_unix_ns").get<int64_t>() + 1;
    EXPECT_TRUE(read_history(store, q).empty());
}

TEST(HistoryQuery, FromARequest) {
    const HistoryQuery q =
        history_query_from({{"since_unix_ns", 5}, {"subject", "VI_1"}, {"limit", 3}});
    EXPECT_EQ(q.since_unix_ns, 5);
    EXPECT_EQ(q.subject, "VI_1");
    EXPECT_EQ(q.limit, 3u);
    EXPECT_EQ(history_query_from({{"command", "history"}}).limit, HistoryQuery::kDefaultLimit);
    EXPECT_THROW(history_query_from({{"limit", -1}}), std::invalid_argument);
    EXPECT_THROW(history_query_from({{"limit", "3"}}), std::invalid_argument);
    EXPECT_THROW(history_query_from({{"subject", 1}}), std::invalid_argument);
    EXPECT_THROW(history_query_from({{"since_unix_ns", 1.5}}), std::invalid_argument);
}

}  // namespace
}  // namespace routerd
