// Effective priority = base priority + weights of tracked objects, as keepalived.conf(5)
// describes for track_interface / track_script / track_process / track_file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::vrrp {

enum class TrackKind : std::uint8_t { interface, script, process, file };
std::string_view name(TrackKind kind);  // "track_interface", ...

struct TrackedObject {
    TrackKind kind = TrackKind::script;
    std::string name;
    int weight = 0;  // -253..253 (-254..254 for track_file)
    bool reverse = false;
    bool up = true;               // interface / script / process
    std::int64_t file_value = 0;  // track_file: the number in the file
    std::string by;               // TrackRef::by
};

struct PriorityReason {
    std::string what;    // "track_process sshd down"
    int delta = 0;       // contribution to the priority
    bool fault = false;  // this object puts the instance in FAULT
};

struct PriorityReport {
    std::uint8_t base = 0;
    int total = 0;  // base + every delta, before clamping
    std::uint8_t effective = 0;
    bool fault = false;
    std::vector<PriorityReason> reasons;  // every object that changes something
    // "150 = 200 base - 50 track_process sshd down"; FAULT reasons are listed after.
    std::string explain() const;
};

// Keepalived's rules:
//  - weight > 0 adds weight while the object is up; weight < 0 adds it (lowers) while down;
//    `reverse` negates the adjustment (an up interface then lowers a positive weight).
//  - weight 0: the instance goes to FAULT while the object is down (up, with `reverse`).
//  - track_file: value * weight (* -1 with reverse), limited to -254..253; -254 means FAULT;
//    weight 0 means a non-zero value is FAULT (a zero value, with reverse).
//  - the total is clamped to 1..254; an address owner (base 255) keeps 255 and ignores
//    weights, but weight-0 faults still apply.
PriorityReport effective_priority(std::uint8_t base, std::span<const TrackedObject> tracked);

}  // namespace routerd::vrrp
