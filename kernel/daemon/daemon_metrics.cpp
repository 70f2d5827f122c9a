#include "daemon/daemon_metrics.hpp"

#include <routerd/plugin.h>

#include "host/plugin_host.hpp"
#include "metrics/process_metrics.hpp"
#include "version.hpp"

namespace routerd {
namespace {

using metrics::declare;
using metrics::MetricType;

}  // namespace

uint64_t database_bytes(const std::filesystem::path& file) {
    uint64_t total = 0;
    for (const std::string suffix : {"", "-wal"}) {
        std::error_code error;
        const auto size = std::filesystem::file_size(file.string() + suffix, error);
        if (!error) total += size;
    }
    return total;
}

void add_daemon_metrics(metrics::Registry& metrics, const PluginRegistry& plugins,
                        const Store& store, const EventBus& bus) {
    declare(metrics, {MetricType::gauge,
                      "routerd_build_info",
                      "routerd's version and plugin ABI; the value is 1.",
                      {"version", "abi"}})
        .series(
            {kVersion, std::to_string(ROUTERD_ABI_MAJOR) + "." + std::to_string(ROUTERD_ABI_MINOR)})
        ->set(1);
    metrics::Family& info =
        declare(metrics, {MetricType::gauge,
                          "routerd_plugin_info",
                          "A loaded plugin: its registered name, kind and version; the value is 1.",
                          {"name", "kind", "version"}});
    for (const PluginHost* p : plugins.plugins())
        info.series({p->name(), kind_name(p->kind()), p->version()})->set(1);
    declare(metrics, {MetricType::gauge, "routerd_plugin_load_failures",
                      "Plugin files refused at start (routerctl status says why)."})
        .series({})
        ->set(static_cast<double>(plugins.refusals().size()));

    metrics::Series* write_errors =
        declare(metrics, {MetricType::counter, "routerd_store_write_errors_total",
                          "Writes to the state database that failed."})
            .series({});
    metrics::Series* size =
        declare(metrics, {MetricType::gauge, "routerd_store_database_bytes",
                          "Size of the state database on disk, with its write-ahead log."})
            .series({});
    metrics::Series* events =
        declare(metrics, {MetricType::counter, "routerd_events_published_total",
                          "Events published on routerd's bus (transitions, check results, ...)."})
            .series({});
    metrics.on_scrape([&store, &bus, write_errors, size, events] {
        write_errors->set_total(static_cast<double>(store.failed_writes()));
        size->set(static_cast<double>(database_bytes(store.file())));
        events->set_total(static_cast<double>(bus.published()));
    });
    metrics::add_process_metrics(metrics);
}

}  // namespace routerd
