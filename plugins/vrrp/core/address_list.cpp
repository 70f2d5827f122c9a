#include "address_list.hpp"

#include <algorithm>

namespace routerd::vrrp {

bool same_addresses(std::span<const IpAddress> advertised, std::span<const IpAddress> ours) {
    return advertised.size() == ours.size() &&
           std::all_of(ours.begin(), ours.end(), [&](const IpAddress& a) {
               return std::find(advertised.begin(), advertised.end(), a) != advertised.end();
           });
}

std::optional<DropReason> address_list_verdict(const Advert& advert, const InstanceParams& params,
                                               const std::optional<IpAddress>& followed_master) {
    if (!advert.address_list_differs || advert.priority == kPriorityOwner) {
        return std::nullopt;
    }
    if (params.skip_check_adv_addr && followed_master == advert.source) {
        return std::nullopt;
    }
    return DropReason::address_list_mismatch;
}

std::string address_list_text(std::span<const IpAddress> addresses) {
    std::string out = "[";
    for (const IpAddress& a : addresses) {
        if (out.size() > 1) out += ", ";
        out += a.to_string();
    }
    return out + "]";
}

AddressListWatch::Outcome AddressListWatch::check(const Advert& advert,
                                                  const InstanceParams& params,
                                                  const std::optional<IpAddress>& followed_master) {
    if (!advert.address_list_differs) {
        if (!current_ || current_->source != advert.source) return {};
        current_.reset();
        return {std::nullopt,
                "the address list of " + advert.source.to_string() + " matches ours again"};
    }
    const std::optional<DropReason> verdict = address_list_verdict(advert, params, followed_master);
    const bool processed = !verdict;
    const bool same = current_ && current_->source == advert.source &&
                      current_->advertised == advert.addresses && current_->processed == processed;
    if (same) {
        ++current_->adverts;
        return {verdict, std::nullopt};
    }
    current_ = Mismatch{advert.source, advert.addresses, processed, 1};
    std::string why = "dropping its adverts (address_list_mismatch)";
    if (processed) {
        why = advert.priority == kPriorityOwner
                  ? "processing them anyway: it is the address owner (RFC 5798 §7.1)"
                  : "processing them anyway: skip_check_adv_addr, from the master we follow";
    }
    return {verdict, advert.source.to_string() + " advertises " +
                         address_list_text(advert.addresses) + " but ours is " +
                         address_list_text(params.addresses) + ": " + why};
}

}  // namespace routerd::vrrp
