#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {

namespace {

constexpr std::string_view kSeparators = ", \t\n";

// A named flag that belongs to one scheduler ("sh-port" to "sh"), or to any.
struct FlagName {
    std::string_view name;
    std::string_view only_for;  // empty: valid for every scheduler
    bool SchedulerFlags::*field;
};

constexpr FlagName kNames[] = {
    {"sh-fallback", "sh", &SchedulerFlags::fallback}, {"sh-port", "sh", &SchedulerFlags::port},
    {"mh-fallback", "mh", &SchedulerFlags::fallback}, {"mh-port", "mh", &SchedulerFlags::port},
    {"flag-1", "", &SchedulerFlags::fallback},        {"flag-2", "", &SchedulerFlags::port},
    {"flag-3", "", &SchedulerFlags::flag3},           {"ops", "", &SchedulerFlags::one_packet},
};

}  // namespace

uint32_t SchedulerFlags::ipvs_bits() const {
    return (fallback ? kSvcSched1 : 0) | (port ? kSvcSched2 : 0) | (flag3 ? kSvcSched3 : 0) |
           (one_packet ? kSvcOnePacket : 0);
}

ParsedFlags parse_scheduler_flags(std::string_view scheduler, std::string_view text) {
    SchedulerFlags flags;
    std::size_t pos = text.find_first_not_of(kSeparators);
    while (pos != std::string_view::npos) {
        const std::size_t end = text.find_first_of(kSeparators, pos);
        const std::string_view token = text.substr(pos, end - pos);
        pos = text.find_first_not_of(kSeparators, end);

        const FlagName* known = nullptr;
        for (const FlagName& candidate : kNames) {
            if (candidate.name == token) {
                known = &candidate;
            }
        }
        if (known == nullptr) {
            return {std::nullopt, "unknown scheduler flag '" + std::string(token) + "'"};
        }
        if (!known->only_for.empty() && known->only_for != scheduler) {
            return {std::nullopt, "scheduler flag '" + std::string(token) + "' needs scheduler '" +
                                      std::string(known->only_for) + "', not '" +
                                      std::string(scheduler) + "'"};
        }
        flags.*(known->field) = true;
    }
    return {flags, {}};
}

}  // namespace routerd::ipvs
