#include "routerd/ipvs/userspace/service_balancer.h"

#include <algorithm>

namespace routerd::ipvs::userspace {

Address16 address_bytes(const boost::asio::ip::address& address) {
    Address16 out{};
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        std::copy(bytes.begin(), bytes.end(), out.begin());
    } else {
        out = address.to_v6().to_bytes();
    }
    return out;
}

ServiceBalancer::ServiceBalancer(const ServiceSpec& spec, SchedulerInstance scheduler)
    : scheduler_(std::move(scheduler)) {
    std::lock_guard lock(mutex_);
    adopt(spec);
}

void ServiceBalancer::reconfigure(const ServiceSpec& spec, SchedulerInstance scheduler) {
    std::lock_guard lock(mutex_);
    if (scheduler) {
        scheduler_ = std::move(scheduler);
    }
    adopt(spec);
}

void ServiceBalancer::adopt(const ServiceSpec& spec) {
    std::vector<std::shared_ptr<Destination>> next;
    for (const DestinationSpec& d : spec.destinations) {
        const std::string key = d.key();
        auto kept = std::find_if(destinations_.begin(), destinations_.end(),
                                 [&](const auto& existing) { return existing->key == key; });
        std::shared_ptr<Destination> destination =
            kept != destinations_.end() ? *kept : std::make_shared<Destination>();
        destination->spec = d;
        destination->key = key;
        destination->load->set_thresholds(d.uthreshold, d.lthreshold);
        next.push_back(std::move(destination));
    }
    destinations_ = std::move(next);
    spec_ = spec;
    persistence_.reset(spec.persistence_timeout, spec.persistence_mask);

    backends_.clear();
    for (const auto& d : destinations_) {
        routerd_backend_t b{};
        b.size = sizeof b;
        b.key = sdk::to_c(d->key);
        b.weight = d->spec.weight;
        backends_.push_back(b);
    }
    scheduler_->update(backends_.data(), backends_.size());
}

std::shared_ptr<ServiceBalancer::Destination> ServiceBalancer::persistent_choice(
    const Address16& client, std::chrono::nanoseconds now) {
    const std::optional<std::string> key = persistence_.lookup(client, now);
    if (!key) {
        return nullptr;
    }
    for (const auto& d : destinations_) {
        if (d->key == *key && d->spec.weight > 0) {
            return d;
        }
    }
    persistence_.forget(client);  // drained or removed: the client moves on
    return nullptr;
}

std::shared_ptr<ServiceBalancer::Destination> ServiceBalancer::scheduled_choice(
    const ClientFlow& flow) {
    for (std::size_t i = 0; i < destinations_.size(); ++i) {
        const DestinationLoad& load = *destinations_[i]->load;
        backends_[i].active_connections = load.active();
        backends_[i].inactive_connections = load.inactive();
        backends_[i].overloaded = load.overloaded();
    }
    routerd_flow_t f{};
    f.size = sizeof f;
    f.family = flow.client.is_v6() ? 6 : 4;
    f.protocol = static_cast<uint8_t>(spec_.protocol);
    const Address16 source = address_bytes(flow.client);
    const Address16 destination = address_bytes(flow.service);
    std::copy(source.begin(), source.end(), f.source_address);
    std::copy(destination.begin(), destination.end(), f.destination_address);
    f.source_port = flow.client_port;
    f.destination_port = flow.service_port;
    const int64_t picked = scheduler_->pick(backends_.data(), backends_.size(), f);
    if (picked < 0 || static_cast<std::size_t>(picked) >= destinations_.size()) {
        return nullptr;
    }
    return destinations_[static_cast<std::size_t>(picked)];
}

std::optional<Assignment> ServiceBalancer::assign(const ClientFlow& flow,
                                                  std::chrono::nanoseconds now) {
    std::lock_guard lock(mutex_);
    const Address16 client = address_bytes(flow.client);
    std::shared_ptr<Destination> chosen;
    if (persistence_.enabled()) {
        chosen = persistent_choice(client, now);
    }
    if (chosen) {
        ++persistent_;
    } else {
        chosen = scheduled_choice(flow);
        ++(chosen ? scheduled_ : none_);
    }
    if (!chosen) {
        return std::nullopt;
    }
    if (persistence_.enabled()) {
        persistence_.remember(client, chosen->key, now);
    }
    return Assignment{chosen->spec.address, chosen->spec.port, chosen->key,
                      ConnectionTicket(chosen->load, spec_.protocol == Protocol::tcp)};
}

void ServiceBalancer::expire_persistence(std::chrono::nanoseconds now) {
    std::lock_guard lock(mutex_);
    persistence_.expire(now);
}

ServiceSpec ServiceBalancer::spec() const {
    std::lock_guard lock(mutex_);
    return spec_;
}

ipvs::Service ServiceBalancer::report() const {
    std::lock_guard lock(mutex_);
    ipvs::Service out = table_service(spec_);
    for (std::size_t i = 0; i < destinations_.size(); ++i) {
        out.destinations[i].active_connections = destinations_[i]->load->active();
        out.destinations[i].inactive_connections = destinations_[i]->load->inactive();
    }
    return out;
}

ServiceBalancer::Counters ServiceBalancer::counters() const {
    std::lock_guard lock(mutex_);
    Counters out{scheduled_, persistent_, none_, {}};
    for (const auto& d : destinations_) {
        const DestinationLoad& load = *d->load;
        out.destinations.push_back({d->key, load.active(), load.inactive(), load.connections(),
                                    load.bytes_in(), load.bytes_out()});
    }
    return out;
}

}  // namespace routerd::ipvs::userspace
