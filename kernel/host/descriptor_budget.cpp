#include "host/descriptor_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/log.hpp"

namespace routerd {

namespace {

constexpr uint64_t kLargest = uint64_t{1} << 30;  // descriptors are ints

uint64_t usable(rlim_t value) {
    return value == RLIM_INFINITY ? kLargest : std::min<uint64_t>(value, kLargest);
}

}  // namespace

DescriptorBudget descriptor_budget(uint64_t limit, std::size_t checks) {
    DescriptorBudget result;
    result.limit = limit;
    result.reserved = kControlPlaneDescriptors + kDescriptorsPerCheck * checks;
    result.budget = limit > result.reserved ? limit - result.reserved : 0;
    return result;
}

uint64_t descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    return usable(limit.rlim_cur);
}

void raise_descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t before = limit.rlim_cur;
    if (limit.rlim_cur != limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            logger_for("routerd")->warn("cannot raise the descriptor limit from {} to {}: {}",
                                        usable(before), usable(limit.rlim_max),
                                        std::strerror(errno));
            return;
        }
    }
    logger_for("routerd")->info("descriptor limit (RLIMIT_NOFILE): soft {} raised to hard {}",
                                usable(before), usable(limit.rlim_cur));
}

}  // namespace routerd
