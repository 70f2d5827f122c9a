// Keepalived's scheduler flags and the IPVS service flag bits they stand for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::ipvs {

// IP_VS_SVC_F_* in include/uapi/linux/ip_vs.h.
inline constexpr uint32_t kSvcOnePacket = 0x0004;
inline constexpr uint32_t kSvcSched1 = 0x0008;
inline constexpr uint32_t kSvcSched2 = 0x0010;
inline constexpr uint32_t kSvcSched3 = 0x0020;

struct SchedulerFlags {
    bool fallback = false;    // sh-fallback, mh-fallback, flag-1: retry another server
    bool port = false;        // sh-port, mh-port, flag-2: hash the source port too
    bool flag3 = false;       // flag-3: reserved by IPVS, passed through
    bool one_packet = false;  // ops: schedule every UDP datagram on its own

    uint32_t ipvs_bits() const;
    bool operator==(const SchedulerFlags&) const = default;
};

struct ParsedFlags {
    std::optional<SchedulerFlags> flags;  // set on success
    std::string error;                    // set on failure, names the offending token
};

// Parses the flags of a virtual server using `scheduler` ("sh", "mh", ...): names
// separated by commas and/or spaces, as in ipvsadm's "-b sh-fallback,sh-port" or
// keepalived.conf's one-per-line keywords. sh-* names are refused for any scheduler
// but sh, mh-* names for any but mh; repeats are harmless.
ParsedFlags parse_scheduler_flags(std::string_view scheduler, std::string_view text);

}  // namespace routerd::ipvs
