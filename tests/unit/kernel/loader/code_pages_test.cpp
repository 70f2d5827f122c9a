// An idle plugin's code pages leave the process's RSS, and its code still runs afterwards: on a
// real plugin file built by the test build, RSS read from /proc/self/smaps.
#include "loader/code_pages.hpp"

#include <dlfcn.h>

#include <cctype>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <routerd/plugin.h>

#include "host_fixture.hpp"

namespace routerd {
namespace {

// The resident kB of this process's mappings that start inside RANGES.
std::size_t resident_kb(const std::vector<PageRange>& ranges) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    std::size_t kb = 0;
    while (std::getline(smaps, line)) {
        if (std::isxdigit(static_cast<unsigned char>(line[0])) &&
            line.find('-') < line.find(' ')) {  // a mapping's header: "begin-end perms ..."
            const std::uintptr_t begin = std::stoull(line, nullptr, 16);
            inside = false;
            for (const PageRange& r : ranges)
                inside = inside || (begin >= r.begin && begin < r.end);
        } else if (inside && line.rfind("Rss:", 0) == 0) {
            kb += std::stoul(line.substr(4));
        }
    }
    return kb;
}

using Entry = routerd_status_t (*)(routerd_handshake_t*, routerd_host_t*,
                                   const routerd_host_api_t*);

// The handshake, the one call a plugin answers without a host: its code runs.
routerd_handshake_t handshake(Entry entry) {
    routerd_handshake_t h{sizeof h, 0, 0};
    EXPECT_EQ(entry(&h, nullptr, nullptr), ROUTERD_OK);
    return h;
}

TEST(CodePages, ReleasedFromTheRssAndStillRunnable) {
    void* library = ::dlopen(test::test_plugin("test_checker").c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library, nullptr) << ::dlerror();
    auto entry = reinterpret_cast<Entry>(::dlsym(library, ROUTERD_PLUGIN_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    const routerd_handshake_t before = handshake(entry);

    const std::vector<PageRange> pages = read_only_pages(library);
    ASSERT_FALSE(pages.empty());
    std::size_t bytes = 0;
    for (const PageRange& r : pages) {
        EXPECT_EQ(r.begin % 4096, 0u);
        EXPECT_EQ(r.end % 4096, 0u);
        EXPECT_LT(r.begin, r.end);
        bytes += r.end - r.begin;
    }
    const Dl_info where = [&] {
        Dl_info info{};
        ::dladdr(reinterpret_cast<void*>(entry), &info);
        return info;
    }();
    bool holds_entry = false;  // the code just run is among the pages
    for (const PageRange& r : pages)
        holds_entry =
            holds_entry || (reinterpret_cast<std::uintptr_t>(where.dli_saddr) >= r.begin &&
                            reinterpret_cast<std::uintptr_t>(where.dli_saddr) < r.end);
    EXPECT_TRUE(holds_entry);
    EXPECT_GT(resident_kb(pages), 0u);

    EXPECT_EQ(release_pages(pages), bytes);
    EXPECT_EQ(resident_kb(pages), 0u);

    const routerd_handshake_t after = handshake(entry);  // faults its code back in, unchanged
    EXPECT_EQ(after.abi_major, before.abi_major);
    EXPECT_EQ(after.abi_minor, before.abi_minor);
    EXPECT_GT(resident_kb(pages), 0u);
    ::dlclose(library);
}

}  // namespace
}  // namespace routerd
