// routerd's own metrics, beside what the plugins and the checks export: its build, its
// plugins, its store, its bus and the process.
#pragma once

#include "bus/event_bus.hpp"
#include "loader/plugin_registry.hpp"
#include "metrics/registry.hpp"
#include "store/store.hpp"

namespace routerd {

// Declares them in `metrics`, with the plugins loaded now; the store's and the bus's are read
// at each scrape (the objects must outlive the exporter).
void add_daemon_metrics(metrics::Registry& metrics, const PluginRegistry& plugins,
                        const Store& store, const EventBus& bus);

// The bytes the database takes on disk: the file with its write-ahead log.
uint64_t database_bytes(const std::filesystem::path& file);

}  // namespace routerd
