// Small builders for tables, so each test states only what it is about.
#pragma once

#include <string>
#include <vector>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs::test {

inline Destination dest(const std::string& address, uint16_t port, uint32_t weight = 1) {
    Destination d;
    d.address = address;
    d.port = port;
    d.weight = weight;
    return d;
}

inline Service service(const std::string& vip, uint16_t port, std::vector<Destination> ds) {
    Service s;
    s.address = vip;
    s.port = port;
    s.key = service_key(Protocol::tcp, vip, port);
    s.destinations = std::move(ds);
    return s;
}

}  // namespace routerd::ipvs::test
