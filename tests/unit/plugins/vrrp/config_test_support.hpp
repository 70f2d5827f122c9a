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
