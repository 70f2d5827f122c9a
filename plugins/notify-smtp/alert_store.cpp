#include "alert_store.hpp"

#include <stdexcept>

#include "alert_json.hpp"

namespace routerd::smtp {
namespace {

constexpr const char* kColumns =
    "SELECT id, state, alert, attempts, next_attempt_unix, last_error, done_unix FROM {ns}alerts ";

std::chrono::sys_seconds unix_seconds(const std::optional<std::string>& text) {
    return std::chrono::sys_seconds(std::chrono::seconds(text ? std::stoll(*text) : 0));
}

std::string text(std::chrono::sys_seconds t) {
    return std::to_string(t.time_since_epoch().count());
}

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += i == 0 ? "?" : ", ?";
    }
    return out;
}

}  // namespace

PendingAlert StoredAlert::pending() const {
    return {id, alert_key(alert), alert.time, attempts, next_attempt};
}

void AlertStore::migrate() const {
    host_.store_migrate({
        "CREATE TABLE {ns}alerts ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " state TEXT NOT NULL DEFAULT 'queued',"  // queued | sent | failed
        " alert TEXT NOT NULL,"                   // alert_json.hpp
        " attempts INTEGER NOT NULL DEFAULT 0,"   // transient failures so far
        " next_attempt_unix INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '',"  // or the relay's 250, once sent
        " done_unix INTEGER)",
        "CREATE INDEX {ns}alerts_state ON {ns}alerts (state, id)",
    });
}

void AlertStore::enqueue(const Alert& alert) const {
    host_.store_write("INSERT INTO {ns}alerts (alert) VALUES (?)", {alert_to_json(alert)});
}

std::vector<StoredAlert> AlertStore::select(const std::string& where,
                                            const std::vector<std::string>& params) const {
    std::vector<StoredAlert> out;
    for (const sdk::Host::Row& row : host_.store_query(kColumns + where, params)) {
        StoredAlert stored;
        stored.id = std::stoull(row.at(0).value_or("0"));
        stored.state = row.at(1).value_or("");
        try {
            stored.alert = alert_from_json(row.at(2).value_or(""));
        } catch (const std::invalid_argument& e) {
            const std::uint64_t id = stored.id;
            mark_failed(std::span(&id, 1),
                        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
                        e.what());
            continue;
        }
        stored.attempts = static_cast<unsigned>(std::stoul(row.at(3).value_or("0")));
        stored.next_attempt = unix_seconds(row.at(4));
        stored.last_error = row.at(5).value_or("");
        if (row.at(6)) {
            stored.done = unix_seconds(row.at(6));
        }
        out.push_back(std::move(stored));
    }
    return out;
}

std::vector<StoredAlert> AlertStore::queued() const {
    return select("WHERE state = 'queued' ORDER BY id", {});
}

std::vector<StoredAlert> AlertStore::recent(std::string_view state, std::size_t limit) const {
    return select("WHERE state = ? ORDER BY id DESC LIMIT ?",
                  {std::string(state), std::to_string(limit)});
}

std::vector<StoredAlert> AlertStore::by_ids(std::span<const std::uint64_t> ids) const {
    std::vector<std::string> params;
    for (std::uint64_t id : ids) {
        params.push_back(std::to_string(id));
    }
    return select("WHERE id IN (" + placeholders(ids.size()) + ") ORDER BY id", params);
}

std::size_t AlertStore::count(std::string_view state) const {
    const auto rows =
        host_.store_query("SELECT count(*) FROM {ns}alerts WHERE state = ?", {std::string(state)});
    return std::stoull(rows.at(0).at(0).value_or("0"));
}

void AlertStore::update(std::span<const std::uint64_t> ids, const std::string& set,
                        std::vector<std::string> params) const {
    for (std::uint64_t id : ids) {
        params.push_back(std::to_string(id));
    }
    host_.store_write(
        "UPDATE {ns}alerts SET " + set + " WHERE id IN (" + placeholders(ids.size()) + ")", params);
}

void AlertStore::mark_sent(std::span<const std::uint64_t> ids, std::chrono::sys_seconds at,
                           const std::string& detail) const {
    update(ids, "state = 'sent', done_unix = ?, last_error = ?", {text(at), detail});
}

void AlertStore::mark_failed(std::span<const std::uint64_t> ids, std::chrono::sys_seconds at,
                             const std::string& detail) const {
    update(ids, "state = 'failed', done_unix = ?, last_error = ?", {text(at), detail});
}

void AlertStore::retry_later(std::span<const std::uint64_t> ids, const RetrySchedule& schedule,
                             const std::string& detail) const {
    update(ids, "attempts = ?, next_attempt_unix = ?, last_error = ?",
           {std::to_string(schedule.attempts), text(schedule.next_attempt), detail});
}

void AlertStore::prune(std::size_t keep) const {
    for (const char* state : {"sent", "failed"}) {
        host_.store_write(
            "DELETE FROM {ns}alerts WHERE state = ? AND id NOT IN "
            "(SELECT id FROM {ns}alerts WHERE state = ? ORDER BY id DESC LIMIT ?)",
            {state, state, std::to_string(keep)});
    }
}

}  // namespace routerd::smtp
