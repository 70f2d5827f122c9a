#include "routerd/ipvs/sched/mh.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <vector>

#include "routerd/ipvs/sched/hash.h"
#include "routerd/ipvs/sched/weights.h"

namespace routerd::ipvs {

namespace {

// Fixed keys: every routerd node, and every restart, must build the same table.
constexpr SipKey kOffsetKey{0x6d61676c65762d6full, 0x66667365742d6b31ull};
constexpr SipKey kSkipKey{0x6d61676c65762d73ull, 0x6b69702d6b65792dull};

bool is_prime(uint32_t n) {
    if (n < 2) {
        return false;
    }
    for (uint32_t d = 2; uint64_t{d} * d <= n; ++d) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}

uint64_t hash_key(const std::string& key, const SipKey& sip) {
    return siphash24({reinterpret_cast<const uint8_t*>(key.data()), key.size()}, sip);
}

// One server's walk through its permutation of the table.
struct Walk {
    uint32_t server;  // its index in the backends given to update
    uint32_t next;    // the slot it tries next
    uint32_t skip;
    uint32_t turns;  // slots it takes per round
};

// ip_vs_mh_populate: round after round, each server in turn takes its next `turns` free
// slots along its permutation, until every slot has an owner. The walks take their turns in
// the order of their keys, not of the list given: every node with the same real servers,
// whatever order its configuration or its checks listed them in, builds the same table.
void populate(LookupTable& table, std::vector<Walk>& walks, std::span<const Backend> backends) {
    std::sort(walks.begin(), walks.end(), [&](const Walk& a, const Walk& b) {
        return backends[a.server].key < backends[b.server].key;
    });
    const auto m = static_cast<uint32_t>(table.size());
    uint32_t filled = 0;
    for (;;) {
        for (Walk& walk : walks) {
            for (uint32_t turn = 0; turn < walk.turns; ++turn) {
                while (table[walk.next] != LookupTable::kEmpty) {
                    walk.next = walk.next + walk.skip >= m ? walk.next + walk.skip - m
                                                           : walk.next + walk.skip;
                }
                table.assign(walk.next, walk.server);
                if (++filled == m) {
                    return;
                }
            }
        }
    }
}

// Checked before the table is allocated: a bad size must not cost gigabytes first.
uint32_t checked_table_size(uint32_t size) {
    if (size >= (1u << 31) || !is_prime(size)) {
        throw std::invalid_argument("Maglev table size " + std::to_string(size) +
                                    " is not a prime below 2^31");
    }
    return size;
}

}  // namespace

MaglevHashing::MaglevHashing(SchedulerFlags flags, uint32_t table_size)
    : flags_(flags), table_(checked_table_size(table_size)) {}

std::vector<uint32_t> MaglevHashing::remember_weights(std::span<const Backend> backends) {
    std::unordered_map<std::string, uint32_t> last_weight;
    std::vector<uint32_t> weights;
    for (const Backend& b : backends) {
        const auto known = last_weight_.find(b.key);
        uint32_t w = b.weight;
        if (w == 0 && known != last_weight_.end()) {
            w = known->second;
        }
        weights.push_back(w);
        last_weight[b.key] = w;
    }
    last_weight_ = std::move(last_weight);
    return weights;
}

void MaglevHashing::update(std::span<const Backend> backends) {
    const std::vector<uint32_t> weights = remember_weights(backends);
    table_.clear();
    const uint32_t gcd = positive_weight_gcd(weights);
    if (gcd == 0) {
        return;
    }
    // ip_vs_mh_shift_weight: scale turns down so the largest is about sqrt(M) and one
    // heavy server cannot take a whole round's worth of slots from the rest.
    const auto m = static_cast<uint32_t>(table_.size());
    const int shift = std::max(0, static_cast<int>(std::bit_width(max_weight(weights) / gcd)) -
                                      static_cast<int>(std::bit_width(m)) / 2);

    std::vector<Walk> walks;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        const uint32_t scaled = (weights[i] / gcd) >> shift;
        walks.push_back({static_cast<uint32_t>(i),
                         static_cast<uint32_t>(hash_key(backends[i].key, kOffsetKey) % m),
                         static_cast<uint32_t>(hash_key(backends[i].key, kSkipKey) % (m - 1) + 1),
                         scaled > 0 ? scaled : (weights[i] > 0 ? 1u : 0u)});
    }
    populate(table_, walks, backends);
}

std::optional<std::size_t> MaglevHashing::pick(std::span<const Backend> backends,
                                               const Flow& flow) {
    const uint32_t key =
        fold_address(flow.family, flow.source_address) + hashed_source_port(flow, flags_.port);
    const auto m = static_cast<uint32_t>(table_.size());
    return table_.lookup(backends, flags_.fallback, [&](uint32_t offset) {
        const uint32_t v = offset + key;
        const uint8_t bytes[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                                  static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
        return static_cast<uint32_t>(siphash24(bytes, kOffsetKey) % m);
    });
}

}  // namespace routerd::ipvs
