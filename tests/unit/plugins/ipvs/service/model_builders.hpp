// Small builders for models (and, from the table model's tests, tables), so each test states
// only what it is about.
#pragma once

#include "routerd/ipvs/service/model.h"
#include "table_builders.hpp"

namespace routerd::ipvs::test {

inline RealServer real(const std::string& name, const std::string& address, uint16_t port,
                       uint32_t weight = 1, const std::string& check = "") {
    RealServer rs;
    rs.name = name;
    rs.address = address;
    rs.port = port;
    rs.weight = weight;
    if (!check.empty()) rs.check_ids = {check};
    return rs;
}

// "web" on tcp:172.16.0.100:80 with three checked real servers of weight 1.
inline VirtualServer web() {
    VirtualServer vs;
    vs.name = "web";
    vs.addresses = {{"172.16.0.100", 80, 0}};
    vs.scheduler = "rr";
    vs.real_servers = {real("rs1", "172.16.1.20", 80, 1, "c1"),
                       real("rs2", "172.16.1.21", 80, 1, "c2"),
                       real("rs3", "172.16.1.22", 80, 1, "c3")};
    return vs;
}

inline Model model_of(std::vector<VirtualServer> servers) {
    Model m;
    m.virtual_servers = std::move(servers);
    return m;
}

}  // namespace routerd::ipvs::test
