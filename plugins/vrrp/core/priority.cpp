#include "priority.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>

#include "types.hpp"

namespace routerd::vrrp {

std::string_view name(TrackKind kind) {
    static constexpr std::array<std::string_view, 4> kNames = {"track_interface", "track_script",
                                                               "track_process", "track_file"};
    return kNames[static_cast<std::size_t>(kind)];
}

namespace {

constexpr int kFileFault = -254;
constexpr int kFileMax = 253;

std::string describe(const TrackedObject& t) {
    std::string s = std::string(name(t.kind)) + " " + t.name + " ";
    s += t.kind == TrackKind::file ? "= " + std::to_string(t.file_value) : (t.up ? "up" : "down");
    if (t.reverse) s += " (reverse)";
    return t.by.empty() ? s : s + " (" + t.by + ")";
}

// The reason this object contributes, if it does.
std::optional<PriorityReason> evaluate(const TrackedObject& t) {
    const int sign = t.reverse ? -1 : 1;
    PriorityReason r;
    r.what = describe(t);
    if (t.kind == TrackKind::file) {
        if (t.weight == 0) {
            r.fault = (t.file_value != 0) != t.reverse;
        } else {
            // Clamp first: the product's sign is unchanged and any |value| >= 254 saturates.
            const std::int64_t value =
                std::clamp<std::int64_t>(t.file_value, kFileFault, -kFileFault);
            const auto status = static_cast<int>(
                std::clamp<std::int64_t>(value * t.weight * sign, kFileFault, kFileMax));
            r.fault = status == kFileFault;
            r.delta = r.fault ? 0 : status;
        }
    } else if (t.weight == 0) {
        r.fault = t.up == t.reverse;
    } else if ((t.weight > 0) == t.up) {
        r.delta = t.weight * sign;
    }
    if (!r.fault && r.delta == 0) {
        return std::nullopt;
    }
    return r;
}

}  // namespace

PriorityReport effective_priority(std::uint8_t base, std::span<const TrackedObject> tracked) {
    PriorityReport report;
    report.base = base;
    report.total = base;
    report.effective = base;
    for (const TrackedObject& t : tracked) {
        auto reason = evaluate(t);
        if (!reason) {
            continue;
        }
        report.fault = report.fault || reason->fault;
        report.total += reason->delta;
        report.reasons.push_back(std::move(*reason));
    }
    if (base != kPriorityOwner) {
        report.effective = static_cast<std::uint8_t>(std::clamp(report.total, 1, 254));
    }
    return report;
}

std::string PriorityReport::explain() const {
    std::string s = std::to_string(effective) + " = " + std::to_string(base) + " base";
    for (const PriorityReason& r : reasons) {
        if (r.delta != 0) {
            s += (r.delta > 0 ? " + " : " - ") + std::to_string(std::abs(r.delta)) + " " + r.what;
        }
    }
    if (base == kPriorityOwner) {
        s += " (address owner: weights ignored)";
    } else if (total != effective) {
        s += " (clamped to 1..254)";
    }
    for (const PriorityReason& r : reasons) {
        if (r.fault) {
            s += "; FAULT: " + r.what;
        }
    }
    return s;
}

}  // namespace routerd::vrrp
