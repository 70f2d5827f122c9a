// A host table of fakes for the SDK's tests: it records what a plugin asked for and answers
// what the test set up, so the wrappers are tested without the routerd host behind them.
#pragma once

#include <routerd/plugin.hpp>

#include <map>
#include <string>
#include <utility>

namespace routerd::sdk::test {

// A configuration node: a table of string values (enough for [global] and a check table).
struct FakeNode {
    routerd_config_type_t type = ROUTERD_CONFIG_NONE;
    std::string text;
    std::map<std::string, FakeNode, std::less<>> children;
};

struct FakeHost {
    // What the host answers.
    FakeNode global{ROUTERD_CONFIG_TABLE, "", {}};
    FakeNode absent;
    routerd_status_t attach_status = ROUTERD_OK;
    std::string attached_id = "tcp@192.0.2.1:80/0badc0de";
    int32_t state = -1;
    std::map<std::pair<routerd_plugin_kind_t, std::string>, std::pair<const void*, void*>> plugins;

    // What the plugin asked for.
    std::string error;
    std::string attached_target;
    const routerd_config_node_t* attached_check = nullptr;
    std::string state_asked_for;
    std::string found_name;

    routerd_host_api_t api() const {
        routerd_host_api_t t{};
        t.size = sizeof t;
        t.set_error = [](routerd_host_t* h, routerd_str_t message) {
            of(h).error = std::string(from_c(message));
        };
        t.config_global = [](routerd_host_t* h) { return c_node(&of(h).global); };
        t.config_type = [](routerd_host_t*, const routerd_config_node_t* n) {
            return node(n).type;
        };
        t.config_get = [](routerd_host_t* h, const routerd_config_node_t* n, routerd_str_t key) {
            const auto& children = node(n).children;
            auto it = children.find(from_c(key));
            return c_node(it == children.end() ? &of(h).absent : &it->second);
        };
        t.config_string = [](routerd_host_t*, const routerd_config_node_t* n, routerd_str_t* out) {
            if (node(n).type != ROUTERD_CONFIG_STRING) return ROUTERD_ERR_INVALID;
            *out = to_c(node(n).text);
            return ROUTERD_OK;
        };
        t.check_attach = [](routerd_host_t* h, const routerd_config_node_t* check,
                            routerd_str_t target, routerd_str_t* id_out) {
            FakeHost& self = of(h);
            self.attached_check = check;
            self.attached_target = std::string(from_c(target));
            if (self.attach_status == ROUTERD_OK) *id_out = to_c(self.attached_id);
            return self.attach_status;
        };
        t.check_state = [](routerd_host_t* h, routerd_str_t id) {
            of(h).state_asked_for = std::string(from_c(id));
            return of(h).state;
        };
        t.find_plugin = [](routerd_host_t* h, routerd_plugin_kind_t kind, routerd_str_t name,
                           const void** table, void** self) {
            FakeHost& host = of(h);
            host.found_name = std::string(from_c(name));
            auto it = host.plugins.find({kind, host.found_name});
            if (it == host.plugins.end()) return ROUTERD_ERR_NOT_FOUND;
            *table = it->second.first;
            *self = it->second.second;
            return ROUTERD_OK;
        };
        return t;
    }

    routerd_host_t* c_host() { return reinterpret_cast<routerd_host_t*>(this); }

  private:
    static FakeHost& of(routerd_host_t* h) { return *reinterpret_cast<FakeHost*>(h); }
    static const FakeNode& node(const routerd_config_node_t* n) {
        return *reinterpret_cast<const FakeNode*>(n);
    }
    static const routerd_config_node_t* c_node(const FakeNode* n) {
        return reinterpret_cast<const routerd_config_node_t*>(n);
    }
};

}  // namespace routerd::sdk::test
