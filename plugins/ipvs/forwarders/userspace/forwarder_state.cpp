#include "forwarder_state.h"

#include "routerd/ipvs/userspace/descriptor_plan.h"

namespace routerd::ipvs::userspace {

ForwarderState::Admission ForwarderState::admit(const boost::asio::ip::address& source,
                                                unsigned wanted) {
    const Limits current = limits();
    if (open.load() >= current.max_connections) {
        ++refused_max_connections;
        return Admission::max_connections;
    }
    if (!fits(descriptors.load(), wanted, descriptor_budget.load())) {
        ++refused_descriptors;
        return Admission::descriptors;
    }
    if (!per_source.try_open(source, current.max_flows_per_source)) {
        ++refused_per_source;
        return Admission::per_source;
    }
    descriptors += wanted;
    ++open;
    return Admission::admitted;
}

void ForwarderState::release(const boost::asio::ip::address& source, unsigned wanted) {
    per_source.close(source);
    descriptors -= wanted;
    --open;
}

}  // namespace routerd::ipvs::userspace
