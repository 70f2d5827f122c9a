// How much one wake-up of the VRRP thread's receive handler may take: a flood of datagrams
// that pass the socket filter (spoofed VRIDs of ours) must not hold the thread, whose advert
// and master-down timers run on it too. The handler receives in batches (recvmmsg) of at
// most `slots` datagrams and, once `per_wakeup` are handled, yields to the event loop, which
// runs the due timers before the handler takes its next turn.
#pragma once

#include <algorithm>
#include <cstddef>

namespace routerd::vrrp {

inline constexpr std::size_t kReceiveSlots = 32;        // datagrams per recvmmsg
inline constexpr std::size_t kReceiveSlotBytes = 4096;  // the largest advert is 4088 bytes
inline constexpr std::size_t kDatagramsPerWakeup = 64;

class WakeupBudget {
  public:
    explicit WakeupBudget(std::size_t per_wakeup = kDatagramsPerWakeup,
                          std::size_t slots = kReceiveSlots)
        : left_(per_wakeup), slots_(slots) {}

    // How many datagrams the next batch may receive (0: the turn is over).
    std::size_t next_batch() const { return std::min(left_, slots_); }
    // `received` datagrams came in the last batch; fewer than asked means the socket is empty.
    void took(std::size_t received) { left_ -= std::min(left_, received); }
    bool spent() const { return left_ == 0; }

  private:
    std::size_t left_;
    std::size_t slots_;
};

}  // namespace routerd::vrrp
