// Giving freed heap pages back to the system. glibc keeps what a thread freed in that thread's
// arena for reuse, so a one-off burst of allocations (configuring 10,000 checks, answering the
// status of 1,000 VRRP instances) would otherwise stay in routerd's RSS for ever.
#pragma once

#include <cstddef>

namespace routerd {

// Returns the free pages of every malloc arena to the system (glibc's malloc_trim). It walks
// the free lists: call it after a burst, not per event.
void release_free_heap();

// An answer this large was built from many times its size in short-lived objects (the status
// of 1,000 VRRP instances: a 490 kB answer, 10 MB of heap): worth a release_free_heap() after.
inline constexpr std::size_t kLargeAnswerBytes = 64 * 1024;

}  // namespace routerd
