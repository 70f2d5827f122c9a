#include <gtest/gtest.h>

#include <stdexcept>

#include "notify_queue.hpp"

namespace routerd::vrrp::track {
namespace {

using Argv = std::vector<std::string>;

Command cmd(Argv argv) {
    return Command{std::move(argv), std::nullopt};
}

NotifyConfig full_config() {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = cmd({"/m", "arg"});
    config.backup = cmd({"/b"});
    config.fault = cmd({"/f"});
    config.stop = cmd({"/s"});
    config.any = cmd({"/n", "x"});
    return config;
}

TEST(NotifyEvent, EveryAnnouncedStateMaps) {
    EXPECT_EQ(notify_event(State::master), NotifyEvent::master);
    EXPECT_EQ(notify_event(State::backup), NotifyEvent::backup);
    EXPECT_EQ(notify_event(State::fault), NotifyEvent::fault);
    EXPECT_EQ(notify_event(State::initialize), std::nullopt);
    EXPECT_EQ(keyword(NotifyEvent::master), "MASTER");
    EXPECT_EQ(keyword(NotifyEvent::backup), "BACKUP");
    EXPECT_EQ(keyword(NotifyEvent::fault), "FAULT");
    EXPECT_EQ(keyword(NotifyEvent::stop), "STOP");
    EXPECT_EQ(keyword(NotifyEvent::deleted), "DELETED");
    EXPECT_EQ(keyword(NotifyEvent::master_rx_lower_pri), "MASTER_RX_LOWER_PRI");
}

TEST(NotifyCommands, SpecificScriptKeepsItsArgumentsThenNotifyGetsFourMore) {
    auto commands = notify_commands(full_config(), NotifyEvent::master, 200);
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].argv, (Argv{"/m", "arg"}));
    EXPECT_EQ(commands[1].argv, (Argv{"/n", "x", "INSTANCE", "VI_1", "MASTER", "200"}));
}

TEST(NotifyCommands, EachEventPicksItsOwnScript) {
    NotifyConfig config = full_config();
    EXPECT_EQ(notify_commands(config, NotifyEvent::backup, 1)[0].argv, Argv{"/b"});
    EXPECT_EQ(notify_commands(config, NotifyEvent::fault, 1)[0].argv, Argv{"/f"});
    EXPECT_EQ(notify_commands(config, NotifyEvent::stop, 1)[0].argv, Argv{"/s"});
    EXPECT_EQ(notify_commands(config, NotifyEvent::stop, 0)[1].argv,
              (Argv{"/n", "x", "INSTANCE", "VI_1", "STOP", "0"}));
}

// keepalived.conf(5) notify_deleted: its script, then `notify` with DELETED; without a script,
// `notify` alone.
TEST(NotifyCommands, DeletedRunsNotifyDeletedThenNotify) {
    NotifyConfig config = full_config();
    EXPECT_EQ(notify_commands(config, NotifyEvent::deleted, 100).size(), 1u);
    config.deleted = cmd({"/d", "gone"});
    const auto commands = notify_commands(config, NotifyEvent::deleted, 100);
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].argv, (Argv{"/d", "gone"}));
    EXPECT_EQ(commands[1].argv, (Argv{"/n", "x", "INSTANCE", "VI_1", "DELETED", "100"}));
}

// Keepalived's send_event_notify: notify_master_rx_lower_pri as configured, and not `notify`.
TEST(NotifyCommands, MasterRxLowerPriRunsItsOwnScriptOnly) {
    NotifyConfig config = full_config();
    EXPECT_TRUE(notify_commands(config, NotifyEvent::master_rx_lower_pri, 100).empty());
    config.master_rx_lower_pri = cmd({"/l", "arg"});
    const auto commands = notify_commands(config, NotifyEvent::master_rx_lower_pri, 100);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0].argv, (Argv{"/l", "arg"}));
}

TEST(NotifyCommands, GroupScopeSaysGroup) {
    NotifyConfig config = full_config();
    config.scope = NotifyScope::group;
    config.name = "G1";
    EXPECT_EQ(notify_commands(config, NotifyEvent::fault, 50)[1].argv,
              (Argv{"/n", "x", "GROUP", "G1", "FAULT", "50"}));
}

TEST(NotifyCommands, MissingScriptsAreSkipped) {
    NotifyConfig config;
    config.name = "VI_1";
    EXPECT_TRUE(notify_commands(config, NotifyEvent::master, 1).empty());
    config.any = cmd({"/n"});
    auto only_generic = notify_commands(config, NotifyEvent::backup, 7);
    ASSERT_EQ(only_generic.size(), 1u);
    EXPECT_EQ(only_generic[0].argv, (Argv{"/n", "INSTANCE", "VI_1", "BACKUP", "7"}));
    config.any.reset();
    config.backup = cmd({"/b"});
    EXPECT_TRUE(notify_commands(config, NotifyEvent::master, 1).empty());
    EXPECT_EQ(notify_commands(config, NotifyEvent::backup, 1).size(), 1u);
}

TEST(NotifyQueue, RunsOneAtATimeInArrivalOrder) {
    NotifyQueue queue;
    EXPECT_EQ(queue.start_next(), std::nullopt);
    queue.push({cmd({"/1"}), cmd({"/2"})});
    queue.push({cmd({"/3"})});
    EXPECT_EQ(queue.waiting(), 3u);
    auto first = queue.start_next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->argv, Argv{"/1"});
    EXPECT_TRUE(queue.busy());
    EXPECT_EQ(queue.start_next(), std::nullopt) << "never two at once";
    queue.finished();
    EXPECT_FALSE(queue.busy());
    EXPECT_EQ(queue.start_next()->argv, Argv{"/2"});
    queue.finished();
    EXPECT_EQ(queue.start_next()->argv, Argv{"/3"});
    queue.finished();
    EXPECT_EQ(queue.start_next(), std::nullopt);
    EXPECT_EQ(queue.waiting(), 0u);
}

TEST(NotifyQueue, PushingAnEmptyTransitionChangesNothing) {
    NotifyQueue queue;
    queue.push({});
    EXPECT_EQ(queue.waiting(), 0u);
    EXPECT_FALSE(queue.busy());
}

TEST(NotifyQueue, AFullQueueDropsTheOldestAndCountsThem) {
    NotifyQueue queue(3);
    EXPECT_TRUE(queue.push({cmd({"/1"}), cmd({"/2"}), cmd({"/3"})}).empty());
    const std::vector<Command> dropped = queue.push({cmd({"/4"}), cmd({"/5"})});
    ASSERT_EQ(dropped.size(), 2u);
    EXPECT_EQ(dropped[0].argv, Argv{"/1"});
    EXPECT_EQ(dropped[1].argv, Argv{"/2"});
    EXPECT_EQ(queue.waiting(), 3u);
    EXPECT_EQ(queue.dropped(), 2u);
    EXPECT_EQ(queue.start_next()->argv, Argv{"/3"});  // the newest are kept, in order
}

TEST(NotifyQueue, HoldsAtMost64ByDefault) {
    NotifyQueue queue;
    for (int i = 0; i < 1000; ++i)
        queue.push({cmd({"/" + std::to_string(i)})});
    EXPECT_EQ(queue.waiting(), 64u);
    EXPECT_EQ(queue.dropped(), 1000u - 64u);
}

TEST(NotifyQueue, FinishedWithNothingRunningIsAMisuse) {
    NotifyQueue queue;
    EXPECT_THROW(queue.finished(), std::logic_error);
}

}  // namespace
}  // namespace routerd::vrrp::track
