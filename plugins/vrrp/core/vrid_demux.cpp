#include "vrid_demux.hpp"

namespace routerd::vrrp {

EndpointKey endpoint_key(const InstanceConfig& instance) {
    return EndpointKey{instance.advert_interface(), instance.family(),
                       instance.params.auth_type == AuthType::ah ? kIpProtoAh : kIpProtoVrrp,
                       instance.params.group(instance.family())};
}

}  // namespace routerd::vrrp
