#include "store/store.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>

#include "test_support.hpp"

using routerd::Store;
using routerd::StoreError;

namespace {

const std::vector<std::string> kSteps = {
    "CREATE TABLE {ns}items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "ALTER TABLE {ns}items ADD COLUMN weight INTEGER NOT NULL DEFAULT 1",
};

}  // namespace

TEST(Store, TablePrefixes) {
    EXPECT_EQ(Store::table_prefix("vrrp"), "vrrp__");
    EXPECT_EQ(Store::table_prefix("check-tcp"), "check_tcp__");
}

TEST(Store, WalModeAndKernelTables) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    const auto mode = store.query("", "PRAGMA journal_mode");
    ASSERT_EQ(mode.size(), 1u);
    EXPECT_EQ(mode[0][0], "wal");
    EXPECT_EQ(store.query("", "SELECT count(*) FROM routerd_history")[0][0], "0");
}

// --config-test's store: nothing on disk, wherever routerd runs (the systemd unit's working
// directory, /, is read-only).
TEST(Store, InMemoryMakesNoFile) {
    routerd::test::TempDir dir;
    const std::filesystem::path before = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    {
        Store store(":memory:");
        EXPECT_EQ(store.query("", "SELECT count(*) FROM routerd_history")[0][0], "0");
    }
    std::filesystem::current_path(before);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

mode_t mode_of(const std::filesystem::path& file) {
    struct stat st {};
    EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
    return st.st_mode & 07777;
}

// The store holds alerts, their recipients and the history of every router: only its owner
// (root) may read it. SQLite gives the -wal and -shm files the database file's mode.
TEST(Store, OnlyItsOwnerMayReadIt) {
    routerd::test::TempDir dir;
    const mode_t old_mask = ::umask(022);
    {
        Store store(dir / "state.db");
        store.history("vrrp", "VI_1", "BACKUP", "MASTER", "");
        store.flush();
        EXPECT_EQ(mode_of(dir / "state.db"), 0600u);
        EXPECT_EQ(mode_of(dir / "state.db-wal"), 0600u);
        EXPECT_EQ(mode_of(dir / "state.db-shm"), 0600u);
    }
    ::umask(old_mask);
}

// A store an older routerd left readable by others is made private, not refused: refusing it
// would keep routerd from starting at all.
TEST(Store, AStoreReadableByOthersIsMadePrivate) {
    routerd::test::TempDir dir;
    {
        Store store(dir / "state.db");
        store.history("vrrp", "VI_1", "BACKUP", "MASTER", "");
    }
    for (const char* name : {"state.db", "state.db-wal", "state.db-shm"}) {
        if (std::filesystem::exists(dir / name)) ::chmod((dir / name).c_str(), 0644);
    }
    Store store(dir / "state.db");
    EXPECT_EQ(mode_of(dir / "state.db"), 0600u);
    for (const char* name : {"state.db-wal", "state.db-shm"}) {
        if (std::filesystem::exists(dir / name)) {
            EXPECT_EQ(mode_of(dir / name), 0600u) << name;
        }
    }
    EXPECT_EQ(store.query("", "SELECT count(*) FROM routerd_history")[0][0], "1");
}

TEST(Store, MigrationsRunOncePerStep) {
    routerd::test::TempDir dir;
    {
        Store store(dir / "state.db");
        store.migrate("plug", {kSteps[0]});
        store.write("plug", "INSERT INTO {ns}items (name) VALUES (?)", {"a"});
        store.flush();
    }
    Store store(dir / "state.db");
    store.migrate("plug", kSteps);  // step 1 already applied: only step 2 runs
    store.migrate("plug", kSteps);  // nothing to do
    const auto rows = store.query("plug", "SELECT name, weight FROM {ns}items");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], "a");
    EXPECT_EQ(rows[0][1], "1");
    EXPECT_EQ(store.query("", "SELECT version FROM routerd_schema WHERE namespace = 'plug'")[0][0],
              "2");
}

TEST(Store, FailedMigrationRollsBackAndSaysWhich) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    try {
        store.migrate("plug", {kSteps[0], "CREATE TABLE {ns}broken (", "SELECT 1"});
        FAIL() << "expected StoreError";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("migration 2 of 'plug' failed"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(store.query("", "SELECT version FROM routerd_schema WHERE namespace = 'plug'")[0][0],
              "1");
}

TEST(Store, NamespacesAreIsolated) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    store.migrate("alpha", {kSteps[0]});
    store.migrate("beta", {kSteps[0]});
    EXPECT_THROW(store.query("alpha", "SELECT * FROM beta__items"), StoreError);
    EXPECT_THROW(store.query("alpha", "SELECT * FROM routerd_history"), StoreError);
    EXPECT_THROW(store.migrate("alpha", {kSteps[0], "DROP TABLE beta__items"}), StoreError);
    EXPECT_THROW(store.query("alpha", "PRAGMA journal_mode=DELETE"), StoreError);
    EXPECT_THROW(store.query("alpha", "ATTACH DATABASE ':memory:' AS other"), StoreError);
    EXPECT_NO_THROW(store.query("alpha", "SELECT * FROM {ns}items"));
    EXPECT_EQ(store.query("", "PRAGMA journal_mode")[0][0], "wal");
}

TEST(Store, BadWriteDoesNotLoseItsNeighbours) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    store.migrate("plug", {kSteps[0]});
    store.write("plug", "INSERT INTO {ns}items (name) VALUES (?)", {"before"});
    store.write("plug", "INSERT INTO {ns}nonexistent (name) VALUES (?)", {"x"});
    store.write("plug", "INSERT INTO {ns}items (name) VALUES (?)", {"after"});
    store.flush();
    EXPECT_EQ(store.failed_writes(), 1u);
    EXPECT_NE(store.last_failure().find("no such table: plug__nonexistent"), std::string::npos)
        << store.last_failure();
    EXPECT_EQ(store.query("plug", "SELECT count(*) FROM {ns}items")[0][0], "2");
}

TEST(Store, HistoryRows) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    store.history("vrrp", "VI_1", "BACKUP", "MASTER", "master down timer expired");
    const auto rows = store.query(
        "", "SELECT source, subject, from_state, to_state, detail FROM routerd_history");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0],
              (Store::Row{"vrrp", "VI_1", "BACKUP", "MASTER", "master down timer expired"}));
}

TEST(Store, HistoryKeepsTheNewestRowsOfItsRetention) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    store.set_history_retention(3);
    for (int i = 1; i <= 5; ++i)
        store.history("vrrp", "VI_" + std::to_string(i), "BACKUP", "MASTER", "");
    const auto rows = store.query("", "SELECT subject FROM routerd_history ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][0], "VI_3");
    EXPECT_EQ(rows[2][0], "VI_5");
    store.set_history_retention(0);  // keep everything
    for (int i = 6; i <= 9; ++i)
        store.history("vrrp", "VI_" + std::to_string(i), "BACKUP", "MASTER", "");
    EXPECT_EQ(store.query("", "SELECT count(*) FROM routerd_history")[0][0], "7");
}

TEST(Store, QueriesSeeEarlierWrites) {
    routerd::test::TempDir dir;
    Store store(dir / "state.db");
    store.migrate("plug", {kSteps[0]});
    for (int i = 0; i < 500; ++i) {
        store.write("plug", "INSERT INTO {ns}items (name) VALUES (?)", {std::to_string(i)});
    }
    EXPECT_EQ(store.query("plug", "SELECT count(*) FROM {ns}items")[0][0], "500");
}

TEST(Store, OpenFailureNamesTheFile) {
    try {
        Store store("/nonexistent-dir/state.db");
        FAIL() << "expected StoreError";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/state.db"), std::string::npos);
    }
}

// A writer process is killed with SIGKILL in the middle of writing; every row it reported as
// committed is there afterwards and the database passes SQLite's integrity check.
TEST(Store, SurvivesKillNineDuringWrites) {
    routerd::test::TempDir dir;
    const auto db = dir / "state.db";
    {
        Store store(db);
        store.migrate("plug", {kSteps[0]});
    }
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(pipe_fds[0]);
        Store store(db);
        for (int batch = 1;; ++batch) {
            for (int i = 0; i < 50; ++i) {
                store.write("plug", "INSERT INTO {ns}items (id, name) VALUES (?, ?)",
                            {std::to_string(batch * 100 + i), std::string(200, 'x')});
            }
            store.flush();  // committed: report it
            if (::write(pipe_fds[1], &batch, sizeof batch) != sizeof batch) ::_exit(1);
            // More writes in flight when the kill lands.
            for (int i = 50; i < 100; ++i) {
                store.write("plug", "INSERT INTO {ns}items (id, name) VALUES (?, ?)",
                            {std::to_string(batch * 100 + i), std::string(200, 'y')});
            }
        }
    }
    ::close(pipe_fds[1]);
    int last_committed = 0;
    while (last_committed < 40) {
        ASSERT_EQ(::read(pipe_fds[0], &last_committed, sizeof last_committed),
                  static_cast<ssize_t>(sizeof last_committed));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(pipe_fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status));

    Store store(db);
    EXPECT_EQ(store.query("", "PRAGMA integrity_check")[0][0], "ok");
    for (int batch = 1; batch <= last_committed; ++batch) {
        const auto rows =
            store.query("plug", "SELECT count(*) FROM {ns}items WHERE id >= ? AND id < ?",
                        {std::to_string(batch * 100), std::to_string(batch * 100 + 50)});
        ASSERT_EQ(rows[0][0], "50") << "batch " << batch << " lost";
    }
}
