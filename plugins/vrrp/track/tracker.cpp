#include "tracker.hpp"

namespace routerd::vrrp::track {

void apply(const TrackReport& report, TrackedObject& object) {
    object.up = report.up;
    object.file_value = report.file_value;
}

}  // namespace routerd::vrrp::track
