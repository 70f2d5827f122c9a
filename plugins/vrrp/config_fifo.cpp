#include "config_fifo.hpp"

#include <routerd/common/notify_fifo_config.hpp>

namespace routerd::vrrp {
namespace {

using sdk::Config;

// One table's notify_fifo and notify_fifo_script.
bool parse_one(const Config& table, const common::ScriptPolicy& policy,
               std::vector<common::NotifyFifoSpec>& out) {
    std::optional<common::NotifyFifoSpec> spec;
    if (!common::read_notify_fifo(table, policy, spec)) return false;
    if (!spec) return true;
    for (const common::NotifyFifoSpec& other : out) {
        if (other.path == spec->path) {
            // keepalived.conf(5): "the FIFO names must all be different".
            table["notify_fifo"].error("is [global] notify_fifo too: the FIFOs must differ");
            return false;
        }
    }
    out.push_back(std::move(*spec));
    return true;
}

}  // namespace

bool parse_notify_fifos(const Config& global, const Config& vrrp,
                        const common::ScriptPolicy& policy,
                        std::vector<common::NotifyFifoSpec>& out) {
    const bool global_ok = parse_one(global, policy, out);
    return parse_one(vrrp, policy, out) && global_ok;
}

}  // namespace routerd::vrrp
