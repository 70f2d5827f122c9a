// [global] script_user and enable_script_security as a plugin reads them while it configures
// (header-only: the one part of plugins/common that uses SDK types).
#pragma once

#include <routerd/plugin.hpp>

#include <stdexcept>

#include "routerd/common/script_policy.hpp"

namespace routerd::common {

// An unknown script_user is reported against that key (the host keeps one copy of an error
// several plugins report), and scripts then run as routerd itself.
inline ScriptPolicy global_script_policy(const sdk::Host& host) {
    const sdk::GlobalConfig global = host.global_config();
    try {
        return script_policy(global.script_user, global.enable_script_security);
    } catch (const std::invalid_argument& e) {
        host.global_table()["script_user"].error(e.what());
        return ScriptPolicy{std::nullopt, global.enable_script_security};
    }
}

}  // namespace routerd::common
