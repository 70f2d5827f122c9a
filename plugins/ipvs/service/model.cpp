#include "routerd/ipvs/service/model.h"

namespace routerd::ipvs {

std::string VirtualServer::service_key(const ServiceAddress& a) const {
    return a.fwmark != 0 ? fwmark_key(a.fwmark) : ipvs::service_key(protocol, a.address, a.port);
}

std::vector<std::string> VirtualServer::service_keys() const {
    std::vector<std::string> keys;
    for (const ServiceAddress& a : addresses)
        keys.push_back(service_key(a));
    return keys;
}

}  // namespace routerd::ipvs
