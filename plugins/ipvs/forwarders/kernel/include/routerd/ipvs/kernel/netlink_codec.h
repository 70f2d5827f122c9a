// Linux IPVS's generic-netlink messages as bytes, both ways, pure (no socket): what `ipvsadm`
// and keepalived's libipvs send, per include/uapi/linux/ip_vs.h. The I/O layer
// (ipvs_socket.h) only moves these bytes; the unit tests encode and decode every operation.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs::netlink {

using Bytes = std::vector<uint8_t>;

// IPVS_CMD_* of ip_vs.h.
enum class Command : uint8_t {
    new_service = 1,
    set_service = 2,
    del_service = 3,
    get_service = 4,
    new_dest = 5,
    set_dest = 6,
    del_dest = 7,
    get_dest = 8,
    new_daemon = 9,
    del_daemon = 10,
    get_daemon = 11,
    set_config = 12,
    flush = 17,
};

// The address family (AF_INET, AF_INET6) IPVS keys `service` by: its address's; a fwmark
// service's fwmark_family, else its destinations' (IPv4 without any).
uint16_t family_of(const Service& service);

// Requests. `family_id` is the IPVS family's id (resolved through genl's controller), `seq`
// the sequence number the answer will carry. Every request asks for an acknowledgement.
// new/set_service carry the whole service; del_service only what identifies it.
Bytes encode_service(uint16_t family_id, uint32_t seq, Command command, const Service& service);
// new/set_dest carry the whole destination; del_dest only its address and port.
Bytes encode_destination(uint16_t family_id, uint32_t seq, Command command, const Service& service,
                         const Destination& destination);
Bytes encode_get_services(uint16_t family_id, uint32_t seq);
Bytes encode_get_destinations(uint16_t family_id, uint32_t seq, const Service& service);
Bytes encode_flush(uint16_t family_id, uint32_t seq);
// keepalived.conf(5) lvs_timeouts (ipvsadm --set): a zero timeout is left out, and the kernel
// keeps its value.
Bytes encode_set_timeouts(uint16_t family_id, uint32_t seq, const ConnectionTimeouts& timeouts);
// lvs_sync_daemon (ipvsadm --start-daemon): new_daemon carries every setting, del_daemon only
// the state (the kernel runs one daemon per state). Options left at 0 / empty are left out,
// and the kernel takes its defaults, as libipvs does.
Bytes encode_daemon(uint16_t family_id, uint32_t seq, Command command, const SyncDaemon& daemon);
Bytes encode_get_daemons(uint16_t family_id, uint32_t seq);

// One netlink message of a received buffer.
struct Message {
    uint16_t type = 0;  // NLMSG_ERROR, NLMSG_DONE or the family id
    uint16_t flags = 0;
    uint32_t seq = 0;
    int error = 0;        // NLMSG_ERROR: 0 is an acknowledgement, else -errno
    uint8_t command = 0;  // generic-netlink command, for family messages
    Bytes attributes;     // the generic-netlink attributes, for family messages
};

// Splits a buffer into messages; throws std::invalid_argument on truncated or malformed ones.
std::vector<Message> split(std::span<const uint8_t> buffer);

// A family message's service (the GET_SERVICE dump's entries, and requests): the settings,
// without destinations. Throws std::invalid_argument when attributes are missing or malformed.
Service decode_service(const Message& message);
// A GET_DAEMON dump entry: a running sync daemon.
SyncDaemon decode_daemon(const Message& message);
// A GET_DEST dump entry (or a destination request), with its connection counters.
Destination decode_destination(const Message& message);

// Keepalived's flag names for the IPVS service flag bits of `scheduler`, in one order, so that
// what the kernel reports and what the configuration says compare equal.
std::string canonical_flags(const std::string& scheduler, const std::string& flags);

// The desired table as the kernel will report it back: canonical flags, persistence rounded
// up to whole seconds, no counters, the family of fwmark services that have destinations.
Table canonical(const Table& table);

// Before diffing `desired` with what the kernel runs (`running`, read back): a desired fwmark
// service without destinations keeps the family the kernel runs it in (the JSON tells a fwmark
// service's family through its destinations only); a running one of another family than
// desired is renamed, so that the diff removes it and adds the desired one (IPVS cannot change
// a service's family).
void settle_fwmark_families(Table& desired, Table& running);

}  // namespace routerd::ipvs::netlink
