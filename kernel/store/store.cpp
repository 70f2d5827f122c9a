#include "store/store.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "util/log.hpp"

namespace routerd {
namespace {

constexpr const char* kKernelSchema = R"sql(
CREATE TABLE IF NOT EXISTS routerd_schema (
    namespace TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS routerd_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_unix_ns INTEGER NOT NULL,
    source TEXT NOT NULL,
    subject TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    detail TEXT NOT NULL
);
)sql";

std::string replace_all(std::string text, std::string_view token, std::string_view with) {
    for (size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + with.size())) {
        text.replace(at, token.size(), with);
    }
    return text;
}

int64_t unix_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Statement {
    sqlite3_stmt* handle = nullptr;
    ~Statement() { sqlite3_finalize(handle); }
};

// The store holds alerts with their recipients and every router's history: only its owner
// (root) may read or write it, whatever the umask (issue 16). SQLite creates the -wal and
// -shm files with the database file's mode, so the file is created 0600 before SQLite opens
// it. Files an older routerd left readable by others are made private, not refused: refusing
// them would keep routerd from starting until someone ran chmod.
void make_private(const std::filesystem::path& file) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string path = file.string() + suffix;
        const int flags = O_RDWR | O_CLOEXEC | O_NOCTTY | (*suffix == '\0' ? O_CREAT : 0);
        const int fd = ::open(path.c_str(), flags, 0600);
        if (fd < 0) {
            if (errno == ENOENT && *suffix != '\0') continue;
            throw StoreError(path + ": " + std::strerror(errno));
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
            const mode_t private_mode = st.st_mode & 07700;
            if (::fchmod(fd, private_mode) != 0) {
                const int error = errno;
                ::close(fd);
                throw StoreError(path + ": cannot make it private: " + std::strerror(error));
            }
            logger_for("store")->warn("{} was mode {:04o}, open to others: made {:04o}", path,
                                      st.st_mode & 07777, private_mode);
        }
        ::close(fd);
    }
}

}  // namespace

std::string Store::table_prefix(std::string_view ns) {
    std::string prefix;
    for (char c : ns)
        prefix += (c == '-' || c == '.') ? '_' : c;
    return prefix + "__";
}

Store::Store(const std::filesystem::path& file) : file_(file) {
    // SQLite's in-memory database (--config-test) has no file: making one named ":memory:" in
    // the working directory failed under the systemd unit, whose / is read-only.
    if (file != ":memory:") make_private(file);
    if (sqlite3_open_v2(file.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw StoreError(file.string() + ": " + reason);
    }
    try {
        exec_kernel("PRAGMA journal_mode=WAL;");
        exec_kernel("PRAGMA synchronous=NORMAL;");
        exec_kernel("PRAGMA busy_timeout=5000;");
        check_integrity();
        exec_kernel(kKernelSchema);
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
    sqlite3_set_authorizer(db_, &Store::authorize, this);
    writer_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "rd-store");
        writer_loop();
    });
}

Store::~Store() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
    sqlite3_close(db_);
}

void Store::exec_kernel(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string reason = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        const int primary = rc & 0xff;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
            throw StoreCorrupt(file_.string() + ": " + reason);
        throw StoreError(file_.string() + ": " + reason);
    }
}

// A truncated or damaged file often opens fine and fails later, on the first page read:
// find out now, while starting empty is still an option.
void Store::check_integrity() {
    std::string verdict;
    char* message = nullptr;
    const int rc = sqlite3_exec(
        db_, "PRAGMA quick_check(1);",
        [](void* out, int, char** values, char**) {
            *static_cast<std::string*>(out) = values[0] ? values[0] : "";
            return 0;
        },
        &verdict, &message);
    const std::string reason = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc != SQLITE_OK) {
        const int primary = rc & 0xff;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
            throw StoreCorrupt(file_.string() + ": " + reason);
        throw StoreError(file_.string() + ": " + reason);
    }
    if (verdict != "ok") throw StoreCorrupt(file_.string() + ": integrity check: " + verdict);
}

// Only the writer thread prepares statements, so current_prefix_ needs no lock.
int Store::authorize(void* self, int action, const char* a, const char* b, const char*,
                     const char*) {
    const std::string& prefix = static_cast<Store*>(self)->current_prefix_;
    if (prefix.empty()) return SQLITE_OK;  // the kernel's own statement
    auto inside = [&](const char* table) {
        if (table == nullptr) return true;
        const std::string_view name(table);
        return name.rfind(prefix, 0) == 0 || name.rfind("sqlite_", 0) == 0;
    };
    switch (action) {
        case SQLITE_CREATE_TABLE:
        case SQLITE_DROP_TABLE:
        case SQLITE_INSERT:
        case SQLITE_UPDATE:
        case SQLITE_DELETE:
        case SQLITE_READ:
        case SQLITE_CREATE_VIEW:
        case SQLITE_DROP_VIEW:
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_DROP_TRIGGER:
        case SQLITE_REINDEX:  // arg1 = the index (CREATE INDEX asks for it too)
        case SQLITE_ANALYZE:
            return inside(a) ? SQLITE_OK : SQLITE_DENY;
        case SQLITE_CREATE_INDEX:
        case SQLITE_DROP_INDEX:
        case SQLITE_ALTER_TABLE:
            return inside(b) ? SQLITE_OK : SQLITE_DENY;
        case SQLITE_SELECT:
        case SQLITE_FUNCTION:
        case SQLITE_RECURSIVE:
            return SQLITE_OK;
        default:  // transactions, savepoints, pragmas, attach: the store's business
            return SQLITE_DENY;
    }
}

void Store::exec(std::string_view ns, const std::string& sql,
                 const std::vector<std::string>& params,
                 const std::function<void(const Row&)>& on_row) {
    current_prefix_ = ns.empty() ? std::string() : table_prefix(ns);
    const std::string text = ns.empty() ? sql : replace_all(sql, "{ns}", current_prefix_);
    const char* tail = text.c_str();
    const char* end = text.c_str() + text.size();
    size_t bound = 0;
    while (tail < end) {
        Statement stmt;
        const int rc =
            sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &stmt.handle, &tail);
        if (rc != SQLITE_OK) {
            current_prefix_.clear();
            throw StoreError(sqlite3_errmsg(db_));
        }
        if (stmt.handle == nullptr) continue;  // whitespace or a comment
        const int count = sqlite3_bind_parameter_count(stmt.handle);
        for (int i = 1; i <= count && bound < params.size(); ++i, ++bound) {
            sqlite3_bind_text(stmt.handle, i, params[bound].data(),
                              static_cast<int>(params[bound].size()), SQLITE_STATIC);
        }
        int step = SQLITE_ROW;
        while ((step = sqlite3_step(stmt.handle)) == SQLITE_ROW) {
            if (!on_row) continue;
            Row row;
            for (int c = 0, n = sqlite3_column_count(stmt.handle); c < n; ++c) {
                const auto* text_value =
                    reinterpret_cast<const char*>(sqlite3_column_text(stmt.handle, c));
                row.push_back(text_value ? std::optional<std::string>(text_value) : std::nullopt);
            }
            on_row(row);
        }
        if (step != SQLITE_DONE) {
            current_prefix_.clear();
            throw StoreError(sqlite3_errmsg(db_));
        }
    }
    current_prefix_.clear();
}

void Store::writer_loop() {
    for (;;) {
        std::vector<Job> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            while (!queue_.empty()) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        // Consecutive writes share one transaction; other jobs run between them in order.
        std::vector<Job> writes;
        for (Job& job : batch) {
            if (job.is_write) {
                writes.push_back(std::move(job));
                continue;
            }
            run_writes(writes);
            job.run();  // a packaged task: its exceptions go to its caller
        }
        run_writes(writes);
    }
}

void Store::run_writes(std::vector<Job>& batch) {
    if (batch.empty()) return;
    try {
        commit_batch(batch);
    } catch (const StoreError& e) {
        // The transaction itself failed (disk full, I/O error): nothing of it was committed.
        sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
        logger_for("store")->error("a batch of {} writes was lost: {}", batch.size(), e.what());
        std::lock_guard lock(mutex_);
        failed_writes_ += batch.size();
        last_failure_ = e.what();
    }
    batch.clear();
}

void Store::commit_batch(const std::vector<Job>& batch) {
    exec_kernel("BEGIN IMMEDIATE;");
    for (const Job& job : batch) {
        // A savepoint per write: one bad statement does not undo the others.
        exec_kernel("SAVEPOINT one_write;");
        try {
            exec(job.ns, job.sql, job.params, nullptr);
            exec_kernel("RELEASE one_write;");
        } catch (const StoreError& e) {
            exec_kernel("ROLLBACK TO one_write; RELEASE one_write;");
            logger_for("store")->error("write for '{}' failed: {} ({})", job.ns, e.what(), job.sql);
            std::lock_guard lock(mutex_);
            ++failed_writes_;
            last_failure_ = e.what();
        }
    }
    exec_kernel("COMMIT;");
}

template <class R>
R Store::run_on_writer(std::function<R()> fn) {
    std::packaged_task<R()> task(std::move(fn));
    std::future<R> result = task.get_future();
    {
        std::lock_guard lock(mutex_);
        Job job;
        job.is_write = false;
        job.run = [&task] { task(); };
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return result.get();
}

void Store::write(std::string_view ns, std::string sql, std::vector<std::string> params) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Job{std::string(ns), std::move(sql), std::move(params), true, {}});
    }
    wake_.notify_one();
}

void Store::history(std::string_view source, std::string subject, std::string from_state,
                    std::string to_state, std::string detail) {
    write("",
          "INSERT INTO routerd_history (time_unix_ns, source, subject, from_state, to_state, "
          "detail) VALUES (?, ?, ?, ?, ?, ?)",
          {std::to_string(unix_now_ns()), std::string(source), std::move(subject),
           std::move(from_state), std::move(to_state), std::move(detail)});
    // Ids only grow (AUTOINCREMENT): the rows to drop are one range of the primary key.
    if (const uint64_t keep = history_retention_; keep > 0) {
        write("",
              "DELETE FROM routerd_history WHERE id <= "
              "(SELECT max(id) FROM routerd_history) - " +
                  std::to_string(keep),
              {});
    }
}

void Store::migrate(std::string_view ns, const std::vector<std::string>& steps) {
    run_on_writer<void>([&] {
        int64_t version = 0;
        exec("", "SELECT version FROM routerd_schema WHERE namespace = ?", {std::string(ns)},
             [&](const Row& row) { version = std::stoll(row.at(0).value_or("0")); });
        for (size_t i = static_cast<size_t>(version); i < steps.size(); ++i) {
            exec_kernel("BEGIN IMMEDIATE;");
            try {
                exec(ns, steps[i], {}, nullptr);
                exec("",
                     "INSERT INTO routerd_schema (namespace, version) VALUES (?, ?) "
                     "ON CONFLICT(namespace) DO UPDATE SET version = excluded.version",
                     {std::string(ns), std::to_string(i + 1)}, nullptr);
                exec_kernel("COMMIT;");
            } catch (const StoreError& e) {
                exec_kernel("ROLLBACK;");
                throw StoreError("migration " + std::to_string(i + 1) + " of '" + std::string(ns) +
                                 "' failed: " + e.what());
            }
        }
    });
}

std::vector<Store::Row> Store::query(std::string_view ns, std::string sql,
                                     std::vector<std::string> params) {
    return run_on_writer<std::vector<Row>>([&] {
        std::vector<Row> rows;
        exec(ns, sql, params, [&](const Row& row) { rows.push_back(row); });
        return rows;
    });
}

void Store::flush() {
    run_on_writer<void>([] {});
}

uint64_t Store::failed_writes() const {
    std::lock_guard lock(mutex_);
    return failed_writes_;
}

std::string Store::last_failure() const {
    std::lock_guard lock(mutex_);
    return last_failure_;
}

}  // namespace routerd
