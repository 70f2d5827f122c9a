#include "install_journal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace routerd::vrrp {
namespace {

using Steps = std::vector<std::string>;
using Errors = InstallJournal::Errors;

const Installed kVip{"address", "eth0", "172.16.0.100/32"};
const Installed kOther{"address", "eth0", "172.16.0.101/32"};

// Everything the journal does, in order: store records and system changes alike.
struct Trace {
    Steps steps;
    bool store_works = true;

    InstallRecords records() {
        return InstallRecords{
            [this](const std::vector<Installed>& items) {
                std::string step = "record";
                for (const Installed& item : items)
                    step += " " + item.what;
                steps.push_back(step);
                return store_works;
            },
            [this](const Installed& item) { steps.push_back("forget " + item.what); }};
    }
    InstallJournal::Change change(const Installed& item, const std::string& step,
                                  std::optional<std::string> error = std::nullopt) {
        return {item, [this, step, error] {
                    steps.push_back(step);
                    return error;
                }};
    }
};

TEST(InstallJournal, RecordsEveryItemBeforeTheFirstAddAndForgetsEachAfterItsRemoval) {
    Trace trace;
    InstallJournal journal(trace.records());
    EXPECT_EQ(journal.add({trace.change(kVip, "add 100"), trace.change(kOther, "add 101")}),
              (Errors{std::nullopt, std::nullopt}));
    EXPECT_EQ(
        journal.remove({trace.change(kVip, "remove 100"), trace.change(kOther, "remove 101")}),
        (Errors{std::nullopt, std::nullopt}));
    EXPECT_EQ(trace.steps,
              (Steps{"record 172.16.0.100/32 172.16.0.101/32", "add 100", "add 101", "remove 100",
                     "forget 172.16.0.100/32", "remove 101", "forget 172.16.0.101/32"}));
}

TEST(InstallJournal, AnItemRecordedAlreadyIsNotRecordedAgain) {
    Trace trace;
    InstallJournal journal(trace.records());
    journal.add({trace.change(kVip, "add 100")});
    journal.add({trace.change(kVip, "add 100 again"), trace.change(kOther, "add 101")});
    journal.add({trace.change(kVip, "add 100 once more")});
    EXPECT_EQ(trace.steps, (Steps{"record 172.16.0.100/32", "add 100", "record 172.16.0.101/32",
                                  "add 100 again", "add 101", "add 100 once more"}));
}

TEST(InstallJournal, AnItemRemovedIsRecordedAgainWhenAddedAgain) {
    Trace trace;
    InstallJournal journal(trace.records());
    journal.add({trace.change(kVip, "add")});
    journal.remove({trace.change(kVip, "remove")});
    journal.add({trace.change(kVip, "add")});
    EXPECT_EQ(trace.steps, (Steps{"record 172.16.0.100/32", "add", "remove",
                                  "forget 172.16.0.100/32", "record 172.16.0.100/32", "add"}));
}

TEST(InstallJournal, AFailedRemovalKeepsTheRecordForTheNextStart) {
    Trace trace;
    InstallJournal journal(trace.records());
    journal.add({trace.change(kVip, "add")});
    EXPECT_EQ(journal.remove({trace.change(kVip, "remove", "Operation not permitted")}),
              (Errors{"Operation not permitted"}));
    EXPECT_EQ(trace.steps, (Steps{"record 172.16.0.100/32", "add", "remove"}));
}

TEST(InstallJournal, AFailedAddDropsTheRecordItMade) {
    Trace trace;
    InstallJournal journal(trace.records());
    EXPECT_EQ(journal.add({trace.change(kVip, "add 100", "No such device"),
                           trace.change(kOther, "add 101")}),
              (Errors{"No such device", std::nullopt}));
    EXPECT_EQ(trace.steps, (Steps{"record 172.16.0.100/32 172.16.0.101/32", "add 100",
                                  "forget 172.16.0.100/32", "add 101"}));
}

TEST(InstallJournal, AFailedAddKeepsARecordMadeBefore) {
    Trace trace;
    InstallJournal journal(trace.records());
    journal.add({trace.change(kVip, "add")});
    journal.add({trace.change(kVip, "add again", "No buffer space available")});
    EXPECT_EQ(trace.steps, (Steps{"record 172.16.0.100/32", "add", "add again"}));
}

TEST(InstallJournal, AddsEvenWhenTheRecordCannotBeMadeAndTriesToRecordNextTime) {
    Trace trace;
    trace.store_works = false;
    InstallJournal journal(trace.records());
    EXPECT_EQ(journal.add({trace.change(kVip, "add")}), (Errors{std::nullopt}));
    trace.store_works = true;
    journal.add({trace.change(kVip, "add again")});
    EXPECT_EQ(trace.steps,
              (Steps{"record 172.16.0.100/32", "add", "record 172.16.0.100/32", "add again"}));
}

TEST(InstallJournal, RemovingALeftoverOfAnotherRunForgetsIt) {
    Trace trace;
    InstallJournal journal(trace.records());
    journal.remove({trace.change(kVip, "remove")});
    EXPECT_EQ(trace.steps, (Steps{"remove", "forget 172.16.0.100/32"}));
}

}  // namespace
}  // namespace routerd::vrrp
