// The bucket table behind sh, dh and mh: each bucket names a backend by index.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

class LookupTable {
  public:
    static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();

    explicit LookupTable(std::size_t size) : buckets_(size, kEmpty) {}

    std::size_t size() const { return buckets_.size(); }
    uint32_t operator[](std::size_t bucket) const { return buckets_[bucket]; }
    void assign(std::size_t bucket, uint32_t backend) { buckets_[bucket] = backend; }
    void clear() { std::fill(buckets_.begin(), buckets_.end(), kEmpty); }

    // The backend of bucket hash_at(0) if it is available. With fallback, an unavailable
    // one sends us around the table, rehashing with offsets ihash, ihash+1, ... until an
    // available backend or an empty bucket is met: deterministic, so a flow keeps its
    // fallback server (ip_vs_sh_get_fallback / ip_vs_mh_get_fallback).
    template <class HashAt>
    std::optional<std::size_t> lookup(std::span<const Backend> backends, bool fallback,
                                      HashAt hash_at) const {
        const uint32_t ihash = hash_at(0);
        const uint32_t first = buckets_[ihash];
        if (first == kEmpty || first >= backends.size()) {
            return std::nullopt;
        }
        if (is_available(backends[first])) {
            return first;
        }
        if (!fallback) {
            return std::nullopt;
        }
        for (std::size_t offset = 0; offset < buckets_.size(); ++offset) {
            const auto roffset = static_cast<uint32_t>((offset + ihash) % buckets_.size());
            const uint32_t b = buckets_[hash_at(roffset)];
            if (b == kEmpty || b >= backends.size()) {
                return std::nullopt;
            }
            if (is_available(backends[b])) {
                return b;
            }
        }
        return std::nullopt;
    }

  private:
    std::vector<uint32_t> buckets_;
};

}  // namespace routerd::ipvs

namespace routerd::ipvs {

// Fills the table the way ip_vs_sh_reassign / ip_vs_dh_reassign do: walk the backends
// in order, cyclically, each taking turns_of(backend) consecutive buckets (at least
// one, so a weight-0 server still owns a bucket and is skipped at lookup time).
template <class TurnsOf>
void fill_in_turns(LookupTable& table, std::span<const Backend> backends, TurnsOf turns_of) {
    table.clear();
    if (backends.empty()) {
        return;
    }
    std::size_t current = 0;
    uint64_t taken = 0;
    for (std::size_t bucket = 0; bucket < table.size(); ++bucket) {
        table.assign(bucket, static_cast<uint32_t>(current));
        if (++taken >= turns_of(backends[current])) {
            current = (current + 1) % backends.size();
            taken = 0;
        }
    }
}

}  // namespace routerd::ipvs
