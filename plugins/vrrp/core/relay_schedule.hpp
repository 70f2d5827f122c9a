// When the advert relay (plugins/vrrp/io/advert_relay.hpp) sends a MASTER's advert in place
// of its VRRP thread: the advert is `grace` (half an interval) overdue, so that a VRRP thread
// that runs, however loaded, sends its own; and not once the VRRP thread has been silent for
// `limit` (max(1 s, 3 intervals)): then it is stuck rather than late, and the backups must
// take over as they would without a relay (RFC 5798 §6.4.2's Master_Down_Timer is there for
// that). A relayed advert is followed by one an interval later until the VRRP thread sends.
#pragma once

#include "types.hpp"

namespace routerd::vrrp {

struct RelayTiming {
    Clock::duration interval{};
    Clock::duration grace{};  // how overdue an advert is when relayed
    Clock::duration limit{};  // how long a silent VRRP thread is covered

    static RelayTiming for_interval(Clock::duration interval);
};

struct RelayStep {
    bool send = false;
    TimePoint due;   // the next advert's due time once this step is taken (sent or not)
    TimePoint look;  // when to look again
};

// At `now`, with the next advert due at `due` (relayed or not) and the VRRP thread's own last
// promise `owner_due` (the time it said it sends its next one).
RelayStep relay_step(const RelayTiming& timing, TimePoint now, TimePoint due, TimePoint owner_due);

}  // namespace routerd::vrrp
