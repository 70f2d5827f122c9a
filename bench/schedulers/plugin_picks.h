// Picks per second through the scheduler plugins' C ABI, as the userspace forwarder calls them.
#pragma once

namespace routerd::bench {

// Loads every sched_<name>.so from SCHEDULER_PLUGIN_DIR into a real host and prints a table
// like bench_picks(), with each plugin's share of its core's speed.
void bench_plugin_picks();

}  // namespace routerd::bench
