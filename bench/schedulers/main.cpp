// Scheduler benchmark: picks per second (of each core, and through each plugin's C ABI),
// Maglev table build time, and the share of flows that move when a server leaves. Prints
// numbers only; it judges nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "plugin_picks.h"
#include "routerd/ipvs/sched/mh.h"
#include "routerd/ipvs/sched/registry.h"

namespace {

using namespace routerd::ipvs;
using Clock = std::chrono::steady_clock;

std::vector<Backend> make_backends(std::size_t n) {
    std::vector<Backend> out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back({"10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) +
                           "." + std::to_string(i % 256) + ":80",
                       static_cast<uint32_t>(1 + i % 4), static_cast<uint32_t>(i % 7),
                       static_cast<uint32_t>(i % 11), false});
    }
    return out;
}

Flow flow_number(uint32_t i) {
    Flow f;
    f.source_address = {static_cast<uint8_t>(i >> 24), static_cast<uint8_t>(i >> 16),
                        static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    f.destination_address = {static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                             static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 24)};  // for dh
    f.source_port = static_cast<uint16_t>(1024 + i % 50000);
    f.protocol = 6;
    return f;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Picks for about 0.2 s, checking the clock every 1,024 picks.
double picks_per_second(Scheduler& s, const std::vector<Backend>& backends) {
    s.update(backends);
    std::size_t sink = 0;
    uint64_t picks = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
        for (uint32_t i = 0; i < 1024; ++i, ++picks) {
            sink += s.pick(backends, flow_number(static_cast<uint32_t>(picks))).value_or(0);
        }
        elapsed = seconds_since(start);
    } while (elapsed < 0.2);
    if (sink == 1) {  // keeps the picks from being optimised away
        std::puts("");
    }
    return static_cast<double>(picks) / elapsed;
}

void bench_picks() {
    std::puts("picks per second (weights 1..4, mixed connection counts)");
    std::printf("%-6s %14s %14s %14s\n", "sched", "N=10", "N=100", "N=1000");
    SchedulerOptions options;
    options.random = [engine = std::mt19937_64{1}]() mutable { return engine(); };
    for (const std::string_view name : scheduler_names()) {
        std::printf("%-6.*s", static_cast<int>(name.size()), name.data());
        for (const std::size_t n : {10u, 100u, 1000u}) {
            auto s = make_scheduler(name, options);
            std::printf(" %14.0f", picks_per_second(*s, make_backends(n)));
        }
        std::puts("");
    }
}

// Median and fastest of 21 builds of the default 65,537-slot table.
void time_maglev_build(const std::vector<Backend>& backends, const char* label) {
    MaglevHashing mh;
    std::vector<double> ms;
    for (int run = 0; run < 21; ++run) {
        const auto start = Clock::now();
        mh.update(backends);
        ms.push_back(seconds_since(start) * 1e3);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("maglev build N=%zu M=%u %s: median %.2f ms, min %.2f ms (paper: 1.8 ms)\n",
                backends.size(), kDefaultMaglevTableSize, label, ms[ms.size() / 2], ms.front());
}

void bench_maglev_build() {
    std::vector<Backend> backends = make_backends(1000);
    time_maglev_build(backends, "weights 1..4");
    for (Backend& b : backends) {
        b.weight = 1;
    }
    time_maglev_build(backends, "equal weights");
}

// Share of 1,000,000 flows whose server (by key) changes when the middle server leaves.
double share_moved(std::string_view name, std::size_t n) {
    auto s = make_scheduler(name);
    auto backends = make_backends(n);
    for (Backend& b : backends) {
        b.weight = 1;
    }
    constexpr uint32_t kFlows = 1'000'000;
    s->update(backends);
    std::vector<std::string> before;
    before.reserve(kFlows);
    for (uint32_t i = 0; i < kFlows; ++i) {
        before.push_back(backends[s->pick(backends, flow_number(i * 2654435761u)).value()].key);
    }
    backends.erase(backends.begin() + static_cast<std::ptrdiff_t>(n / 2));
    s->update(backends);
    uint32_t moved = 0;
    for (uint32_t i = 0; i < kFlows; ++i) {
        const auto picked = s->pick(backends, flow_number(i * 2654435761u));
        moved += !picked || backends[*picked].key != before[i];
    }
    return static_cast<double>(moved) / kFlows;
}

void bench_disruption() {
    // sh and dh deal only 256 buckets: past 256 servers the rest get none, and nothing
    // moves when one of those leaves.
    std::puts("share of 1,000,000 flows moved when one of N equal servers leaves");
    std::printf("%-6s %8s %10s %10s\n", "sched", "N", "moved", "ideal 1/N");
    for (const std::string_view name : {"mh", "sh", "dh"}) {
        for (const std::size_t n : {10u, 100u, 1000u}) {
            std::printf("%-6.*s %8zu %9.3f%% %9.3f%%\n", static_cast<int>(name.size()), name.data(),
                        n, 100 * share_moved(name, n), 100.0 / static_cast<double>(n));
        }
    }
}

}  // namespace

int main() {
    bench_picks();
    routerd::bench::bench_plugin_picks();
    bench_maglev_build();
    bench_disruption();
    return 0;
}
