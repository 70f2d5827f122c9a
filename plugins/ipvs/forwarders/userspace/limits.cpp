#include "routerd/ipvs/userspace/limits.h"

#include <thread>

namespace routerd::ipvs::userspace {

namespace {

// A duration key within [min, max]; reports and returns false when it is not.
bool read_duration(const sdk::Config& node, std::chrono::nanoseconds min,
                   std::chrono::nanoseconds max, std::chrono::nanoseconds& out) {
    if (!node.present()) {
        return true;
    }
    const auto value = node.duration();
    if (!value) {
        return false;  // the host reported why
    }
    if (*value < min || *value > max) {
        node.error("must be between " + std::to_string(min.count() / 1000000) + "ms and " +
                   std::to_string(max.count() / 1000000000) + "s");
        return false;
    }
    out = *value;
    return true;
}

template <class T>
bool read_integer(const sdk::Config& node, int64_t min, int64_t max, T& out) {
    if (!node.present()) {
        return true;
    }
    const auto value = node.integer(min, max);
    if (value) {
        out = static_cast<T>(*value);
    }
    return value.has_value();
}

}  // namespace

Limits default_limits() {
    Limits limits;
    limits.threads = std::max(1u, std::thread::hardware_concurrency());
    return limits;
}

std::optional<Limits> parse_limits(const sdk::Config& table) {
    Limits limits = default_limits();
    if (!table.present()) {
        return limits;
    }
    if (table.type() != ROUTERD_CONFIG_TABLE) {
        table.error("expected a table");
        return std::nullopt;
    }
    using std::chrono::hours;
    using std::chrono::milliseconds;
    bool ok = read_integer(table["threads"], 1, 64, limits.threads);
    ok = read_integer(table["max_connections"], 1, 10000000, limits.max_connections) && ok;
    ok =
        read_integer(table["max_flows_per_source"], 1, 10000000, limits.max_flows_per_source) && ok;
    ok = read_duration(table["tcp_idle_timeout"], milliseconds(100), hours(24 * 7),
                       limits.tcp_idle_timeout) &&
         ok;
    ok = read_duration(table["udp_idle_timeout"], milliseconds(100), hours(24 * 7),
                       limits.udp_idle_timeout) &&
         ok;
    ok = read_duration(table["connect_timeout"], milliseconds(10), hours(1),
                       limits.connect_timeout) &&
         ok;
    // A pipe holds at least a page; the kernel caps F_SETPIPE_SZ at fs.pipe-max-size (1 MiB).
    ok = read_integer(table["buffer_size"], 4096, 1 << 20, limits.buffer_size) && ok;
    return ok ? std::optional<Limits>(limits) : std::nullopt;
}

}  // namespace routerd::ipvs::userspace
