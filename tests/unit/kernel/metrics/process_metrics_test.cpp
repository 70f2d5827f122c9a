#include "metrics/process_metrics.hpp"

#include <gtest/gtest.h>

#include <map>

namespace routerd::metrics {
namespace {

// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
// utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss ...
constexpr const char* kStat =
    "4242 (rou ter) d)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 5 0 123456 "
    "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(ProcessMetrics, ParsesStatFieldsAfterTheCommandsLastParenthesis) {
    const auto stat = parse_proc_stat(kStat);
    ASSERT_TRUE(stat);
    EXPECT_EQ(stat->utime_ticks, 250u);
    EXPECT_EQ(stat->stime_ticks, 50u);
    EXPECT_EQ(stat->start_ticks, 123456u);
    EXPECT_EQ(stat->virtual_bytes, 104857600u);
    EXPECT_EQ(stat->resident_pages, 2560u);
}

TEST(ProcessMetrics, RefusesWhatIsNotAStatLine) {
    EXPECT_FALSE(parse_proc_stat(""));
    EXPECT_FALSE(parse_proc_stat("4242 no parenthesis S 1"));
    EXPECT_FALSE(parse_proc_stat("4242 (short) S 1 2 3"));
    EXPECT_FALSE(parse_proc_stat("4242 (x) S 1 4242 4242 0 -1 0 0 0 0 0 x 50 0 0 20 0 5 0 1 1 1"));
}

TEST(ProcessMetrics, BootTime) {
    EXPECT_EQ(parse_boot_time("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n"), 1700000000u);
    EXPECT_FALSE(parse_boot_time("cpu 1 2 3\n"));
}

TEST(ProcessMetrics, TheLiveProcessReportsItself) {
    Registry registry;
    add_process_metrics(registry);
    const std::string text = registry.scrape();
    for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                             "process_virtual_memory_bytes ", "process_open_fds ",
                             "process_max_fds ", "process_start_time_seconds "}) {
        EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << "\n" << text;
    }
    // Resident memory of a running test is surely above 1 MiB, and it has some descriptors.
    std::map<std::string, double> values;
    for (const FamilySample& f : registry.collect())
        values[f.name] = f.series.at(0).value;
    EXPECT_GT(values["process_resident_memory_bytes"], 1 << 20);
    EXPECT_GE(values["process_open_fds"], 3);
    EXPECT_GT(values["process_start_time_seconds"], 1.6e9);
    EXPECT_GT(values["process_max_fds"], values["process_open_fds"]);
}

}  // namespace
}  // namespace routerd::metrics
