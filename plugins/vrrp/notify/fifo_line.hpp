// The lines Keepalived writes to its notify FIFOs (notify_fifo, vrrp_notify_fifo) for
// instances and sync groups, byte for byte as Keepalived 2.2.7 writes them (recorded from
// Debian's keepalived in a namespace lab; keepalived.conf(5) describes the same four fields):
//   INSTANCE "VI_1" MASTER 100      an instance entered MASTER / BACKUP / FAULT / STOP
//   GROUP "G1" BACKUP 0             a sync group did (its priority is always 0)
//   INSTANCE "VI_1" MASTER_PRIORITY 110   the effective priority of a MASTER (BACKUP_PRIORITY:
//                                   of a BACKUP) changed, with notify_priority_changes
//   INSTANCE "VI_1" MASTER_RX_LOWER_PRI 200   the MASTER heard a lower priority
//   INSTANCE "VI_1" DELETED 200     a reload deleted the instance, with notify_deleted
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "machine.hpp"
#include "notify_queue.hpp"

namespace routerd::vrrp::track {

// `TYPE "NAME" STATE PRIORITY\n`.
std::string fifo_line(NotifyScope scope, std::string_view name, std::string_view state,
                      int priority);

// The state word of a priority change in `state`: MASTER_PRIORITY, BACKUP_PRIORITY; nullopt in
// FAULT and INIT, where Keepalived reports none.
std::optional<std::string_view> priority_change_word(State state);

}  // namespace routerd::vrrp::track
