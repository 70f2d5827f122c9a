#include "announcement.hpp"

#include <utility>

namespace routerd::announce_bgp {

namespace {

std::string seconds(Nanos d) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + "s";
}

}  // namespace

Announcement::Announcement(Timing timing, Nanos now) : timing_(timing) {
    verdict_ = {false, "withdrawn: " + why_, now};
}

void Announcement::set_healthy(bool healthy, const std::string& why, Nanos now) {
    why_ = why;
    if (healthy != healthy_) {
        healthy_ = healthy;
        healthy_since_ = now;
    }
    settle(now);
}

void Announcement::set_timing(Timing timing, Nanos now) {
    timing_ = timing;
    settle(now);
}

void Announcement::set_draining(bool draining, Nanos now) {
    draining_ = draining;
    settle(now);
}

const Verdict& Announcement::verdict(Nanos now) {
    settle(now);
    return verdict_;
}

std::optional<Nanos> Announcement::next_change() const {
    if (draining_) return std::nullopt;
    if (!verdict_.announced && healthy_) return healthy_since_ + timing_.hold_down;
    if (verdict_.announced && !healthy_) return verdict_.since + timing_.min_announce;
    return std::nullopt;
}

void Announcement::settle(Nanos now) {
    if (draining_) {
        if (verdict_.announced || verdict_.reason != "withdrawn: draining")
            change(false, "withdrawn: draining", now);
        return;
    }
    if (healthy_) {
        if (verdict_.announced) {
            verdict_.reason = "announced: " + why_;
        } else if (now >= healthy_since_ + timing_.hold_down) {
            change(true, "announced: " + why_, now);
        } else {
            verdict_.reason = "withdrawn: hold-down, healthy for " + seconds(now - healthy_since_) +
                              " of " + seconds(timing_.hold_down) + " (" + why_ + ")";
        }
        return;
    }
    if (!verdict_.announced) {
        verdict_.reason = "withdrawn: " + why_;
    } else if (now >= verdict_.since + timing_.min_announce) {
        change(false, "withdrawn: " + why_, now);
    } else {
        verdict_.reason = "announced: kept for the minimum announce time " +
                          seconds(timing_.min_announce) + " although " + why_;
    }
}

void Announcement::change(bool announced, std::string reason, Nanos now) {
    const bool changed = announced != verdict_.announced;
    verdict_.announced = announced;
    verdict_.reason = std::move(reason);
    if (changed) verdict_.since = now;
}

}  // namespace routerd::announce_bgp
