#include "plugin_picks.h"

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bus/event_bus.hpp"
#include "host/plugin_host.hpp"
#include "loader/plugin_registry.hpp"
#include "routerd/ipvs/sched/registry.h"
#include "runtime/runtime.hpp"
#include "store/store.hpp"

namespace routerd::bench {

namespace {

using Clock = std::chrono::steady_clock;

// The same backend set and flows as main.cpp's core benchmark, in the ABI's shapes.
struct AbiSet {
    std::vector<std::string> keys;
    std::vector<routerd_backend_t> backends;

    explicit AbiSet(std::size_t n) {
        keys.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            keys.push_back("10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) +
                           "." + std::to_string(i % 256) + ":80");
        }
        for (std::size_t i = 0; i < n; ++i) {
            routerd_backend_t b{};
            b.size = sizeof b;
            b.key = {keys[i].data(), keys[i].size()};
            b.weight = static_cast<uint32_t>(1 + i % 4);
            b.active_connections = static_cast<uint32_t>(i % 7);
            b.inactive_connections = static_cast<uint32_t>(i % 11);
            backends.push_back(b);
        }
    }
};

routerd_flow_t abi_flow(uint32_t i) {
    routerd_flow_t f{};
    f.size = sizeof f;
    f.family = 4;
    f.protocol = 6;
    const uint8_t source[] = {static_cast<uint8_t>(i >> 24), static_cast<uint8_t>(i >> 16),
                              static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    const uint8_t destination[] = {static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                                   static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 24)};
    std::copy(std::begin(source), std::end(source), f.source_address);
    std::copy(std::begin(destination), std::end(destination), f.destination_address);
    f.source_port = static_cast<uint16_t>(1024 + i % 50000);
    return f;
}

// Picks for about 0.2 s through the plugin's table.
double picks_per_second(const routerd_scheduler_api_t* api, void* self, std::size_t n) {
    routerd_scheduler_t* s = nullptr;
    if (api->routerd_on_scheduler_create(self, {"", 0}, nullptr, &s) != ROUTERD_OK) {
        return 0;
    }
    AbiSet set(n);
    api->routerd_on_scheduler_update(self, s, set.backends.data(), n);
    int64_t sink = 0;
    uint64_t picks = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
        for (uint32_t i = 0; i < 1024; ++i, ++picks) {
            const routerd_flow_t flow = abi_flow(static_cast<uint32_t>(picks));
            sink += api->routerd_on_scheduler_pick(self, s, set.backends.data(), n, &flow);
        }
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < 0.2);
    api->routerd_on_scheduler_destroy(self, s);
    if (sink == 1) {  // keeps the picks from being optimised away
        std::puts("");
    }
    return static_cast<double>(picks) / elapsed;
}

std::filesystem::path private_folder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "routerd-bench-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return pattern;
}

}  // namespace

void bench_plugin_picks() {
    const std::filesystem::path dir = private_folder();
    {
        Runtime runtime{1, 1};
        Store store{dir / "state.db"};
        EventBus bus;
        metrics::Registry metrics;
        HostServices services{runtime, bus, store, metrics};
        PluginRegistry registry{services};
        services.registry = &registry;
        std::puts("picks per second through sched_<name>.so's C ABI (same sets as above)");
        std::printf("%-6s %14s %14s %14s\n", "sched", "N=10", "N=100", "N=1000");
        for (const std::string_view name : ipvs::scheduler_names()) {
            const auto file = std::filesystem::path(SCHEDULER_PLUGIN_DIR) /
                              ("sched_" + std::string(name) + ".so");
            PluginHost* plugin = registry.load_file(file);
            std::printf("%-6.*s", static_cast<int>(name.size()), name.data());
            if (plugin == nullptr) {
                std::printf(" not loaded: %s\n", registry.refusals().back().to_string().c_str());
                continue;
            }
            const auto* api = static_cast<const routerd_scheduler_api_t*>(plugin->table());
            for (const std::size_t n : {10u, 100u, 1000u}) {
                std::printf(" %14.0f", picks_per_second(api, plugin->self(), n));
            }
            std::puts("");
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace routerd::bench
