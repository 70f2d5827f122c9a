#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct sqlite3;

namespace routerd {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The file is not a database, or a damaged one (SQLITE_NOTADB, SQLITE_CORRUPT, a failed
// quick_check): opening it again will not help.
struct StoreCorrupt : StoreError {
    using StoreError::StoreError;
};

// routerd's state: one SQLite database in WAL mode (synchronous=NORMAL: a committed
// transaction survives the process being killed). Every statement runs on the store's own
// thread, so a slow disk never delays the caller: writes are queued and committed in batches;
// migrations and queries wait for the queue ahead of them.
//
// Each plugin has a namespace: in its SQL, `{ns}` is replaced with the namespace's table
// prefix, and an authorizer refuses any table outside it.
class Store {
  public:
    using Row = std::vector<std::optional<std::string>>;

    // Throws StoreCorrupt for a damaged file (see open_store), StoreError otherwise.
    explicit Store(const std::filesystem::path& file);
    ~Store();  // commits what is queued
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // "check-tcp" -> "check_tcp__"
    static std::string table_prefix(std::string_view ns);

    // Applies steps[v..n) where v is the namespace's schema version; throws StoreError.
    void migrate(std::string_view ns, const std::vector<std::string>& steps);
    // Queued; a failing statement is logged and counted, and does not affect the others.
    void write(std::string_view ns, std::string sql, std::vector<std::string> params);
    // A row of the history table; the oldest rows beyond the retention go with it.
    void history(std::string_view source, std::string subject, std::string from_state,
                 std::string to_state, std::string detail);
    // The history table keeps the newest `rows` rows (0: every row). Any thread.
    void set_history_retention(uint64_t rows) { history_retention_ = rows; }
    static constexpr uint64_t kDefaultHistoryRetention = 100000;
    // Runs after everything queued before it; throws StoreError.
    std::vector<Row> query(std::string_view ns, std::string sql,
                           std::vector<std::string> params = {});
    // Waits until everything queued so far is committed.
    void flush();

    uint64_t failed_writes() const;
    // Why the latest of them failed ("" while none has).
    std::string last_failure() const;
    const std::filesystem::path& file() const { return file_; }

  private:
    struct Job {
        std::string ns;  // empty: the kernel's own statement, not restricted
        std::string sql;
        std::vector<std::string> params;
        bool is_write = true;
        std::function<void()> run;  // non-write jobs (migrations, queries, flush markers)
    };

    void writer_loop();
    void run_writes(std::vector<Job>& batch);
    void commit_batch(const std::vector<Job>& batch);
    void exec(std::string_view ns, const std::string& sql, const std::vector<std::string>& params,
              const std::function<void(const Row&)>& on_row);
    void exec_kernel(const std::string& sql);
    void check_integrity();
    template <class R>
    R run_on_writer(std::function<R()> fn);
    static int authorize(void* self, int action, const char* a, const char* b, const char*,
                         const char*);

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    std::string current_prefix_;  // namespace of the statement being prepared, writer thread
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    uint64_t failed_writes_ = 0;
    std::string last_failure_;
    std::atomic<uint64_t> history_retention_{kDefaultHistoryRetention};
    std::thread writer_;
};

}  // namespace routerd
