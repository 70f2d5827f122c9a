#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace routerd {

// A page-aligned address range [begin, end).
struct PageRange {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    bool operator==(const PageRange&) const = default;
};

// The pages of a loaded library (a dlopen handle) that the process never writes: its code and
// read-only data, the whole pages of the PT_LOAD segments without PF_W but for a page a writable
// segment shares. None for a library with text relocations, whose code the dynamic linker did
// write.
std::vector<PageRange> read_only_pages(void* dlopen_handle);

// Drops this process's resident copies of those pages (madvise MADV_DONTNEED). They are private
// file pages no one wrote, so the next access maps them from the file again, unchanged: code
// that runs again faults back in what it uses. An idle plugin (loaded and configured, not
// running: kernel/host/plugin_work.hpp) then costs no resident code; what its load and
// configuration touched (a whole 64 kB fault-around window per touch) would otherwise stay
// counted in the process's RSS for as long as it runs. Returns the bytes released.
std::size_t release_pages(const std::vector<PageRange>& pages);

}  // namespace routerd
