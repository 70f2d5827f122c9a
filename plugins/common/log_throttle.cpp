#include "routerd/common/log_throttle.hpp"

namespace routerd::common {

std::optional<std::string> LogThrottle::admit(Clock::time_point now, std::string_view line) {
    if (!bucket_.take(now)) {
        ++suppressed_;
        return std::nullopt;
    }
    std::string out(line);
    if (suppressed_ > 0) {
        out += " (suppressed " + std::to_string(suppressed_) + " similar line" +
               (suppressed_ == 1 ? ")" : "s)");
        suppressed_ = 0;
    }
    return out;
}

}  // namespace routerd::common
