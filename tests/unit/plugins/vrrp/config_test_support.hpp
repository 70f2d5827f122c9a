// Reads a [vrrp] TOML text through the host's own document, for the configuration tests.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "config/document.hpp"
#include "host/plugin_host.hpp"

namespace routerd::vrrp::test {

struct Parsed {
    std::unique_ptr<ConfigDocument> document;
    std::optional<VrrpConfig> config;
    std::vector<std::string> errors;  // "file:line:col: key.path: message"
};

// An instance on eth0, "[vrrp.instance.NAME]" with its VRID, one virtual address (none when `vip`
// is empty) and the `extra` keys: what most configuration tests start from.
inline std::string instance(const std::string& extra, const std::string& vip = "172.16.0.100",
                            const std::string& name = "VI_1", int vrid = 51) {
    std::string text = "[vrrp.instance." + name +
                       "]\ninterface = \"eth0\"\nvirtual_router_id = " + std::to_string(vrid) +
                       "\n";
    if (!vip.empty()) text += "virtual_ipaddress = [\"" + vip + "\"]\n";
    return text + extra;
}

inline Parsed parse(const std::string& text, const common::ScriptPolicy& policy = {}) {
    Parsed p;
    p.document = ConfigDocument::parse(text, "routerd.toml");
    const sdk::Config root(nullptr, &host_api(), p.document->root().as_c());
    p.config = parse_vrrp_config(root["vrrp"], policy, root["global"]);
    for (const auto& d : p.document->diagnostics().all())
        p.errors.push_back(d.to_string());
    return p;
}

}  // namespace routerd::vrrp::test
