#include "failover.hpp"

#include <algorithm>

namespace routerd::smtp {

Result combine_results(std::span<const Result> per_server) {
    const auto any = [&](Result wanted) {
        return std::ranges::find(per_server, wanted) != per_server.end();
    };
    if (any(Result::kDelivered)) {
        return Result::kDelivered;
    }
    return any(Result::kTransientFailure) ? Result::kTransientFailure : Result::kPermanentFailure;
}

}  // namespace routerd::smtp
