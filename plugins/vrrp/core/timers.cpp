#include "timers.hpp"

namespace routerd::vrrp {

Clock::duration skew_time(Version version, std::uint8_t priority,
                          Centiseconds master_adver_interval) {
    const std::int64_t weight = 256 - priority;
    if (version == Version::v2) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(weight)) / 256;
    }
    return Centiseconds(weight * master_adver_interval.count() / 256);
}

Clock::duration master_down_interval(Version version, std::uint8_t priority,
                                     Centiseconds master_adver_interval, unsigned adverts) {
    return static_cast<int>(adverts) * master_adver_interval +
           skew_time(version, priority, master_adver_interval);
}

}  // namespace routerd::vrrp
