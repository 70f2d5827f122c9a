// Bus events with owned strings.
#ifndef ROUTERD_SDK_EVENTS_HPP
#define ROUTERD_SDK_EVENTS_HPP

#include <routerd/sdk/abi.hpp>

#include <cstdint>
#include <string>

namespace routerd::sdk {

// An event with owned strings; converts to and from routerd_event_t.
struct Event {
    uint32_t type = 0;
    uint64_t time_unix_ns = 0;
    std::string source;
    std::string subject;
    std::string address;
    std::string reason;
    int32_t state = 0;
    int32_t previous_state = 0;
    int32_t value = 0;
    uint32_t latency_us = 0;
    std::string data;

    static Event from(const routerd_event_t* raw) {
        const routerd_event_t e = read_sized(raw);
        return Event{e.type,
                     e.time_unix_ns,
                     std::string(from_c(e.source)),
                     std::string(from_c(e.subject)),
                     std::string(from_c(e.address)),
                     std::string(from_c(e.reason)),
                     e.state,
                     e.previous_state,
                     e.value,
                     e.latency_us,
                     std::string(from_c(e.data))};
    }
    // The view borrows this object's strings.
    routerd_event_t view() const {
        return routerd_event_t{sizeof(routerd_event_t), type,          time_unix_ns, to_c(source),
                               to_c(subject),           to_c(address), to_c(reason), state,
                               previous_state,          value,         latency_us,   to_c(data)};
    }
};

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_EVENTS_HPP
