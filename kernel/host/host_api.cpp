// The routerd_host_api_t table: C entry points that forward to the plugin's PluginHost and
// to the configuration document a node belongs to.
#include <routerd/plugin.hpp>

#include <chrono>

#include "bus/event_bus.hpp"
#include "checks/check_runner.hpp"
#include "config/config_view.hpp"
#include "config/document.hpp"
#include "host/descriptor_budget.hpp"
#include "host/heartbeats.hpp"
#include "host/plugin_host.hpp"
#include "host/privileges.hpp"
#include "loader/plugin_registry.hpp"
#include "store/store.hpp"

namespace routerd {
namespace {

using sdk::from_c;
using sdk::to_c;

PluginHost& host_of(routerd_host_t* host) {
    return PluginHost::from_c(host);
}

const ConfigNode* node_of(const routerd_config_node_t* node) {
    return ConfigNode::from_c(node);
}

std::vector<std::string> strings_of(const routerd_str_t* items, size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i)
        out.emplace_back(from_c(items[i]));
    return out;
}

// Runs a store call, turning its failure into set_error.
template <class F>
routerd_status_t store_call(routerd_host_t* host, F&& fn) {
    try {
        fn(host_of(host).services().store);
        return ROUTERD_OK;
    } catch (const std::exception& e) {
        host_of(host).set_service_error(e.what());
        return ROUTERD_ERR_FAILED;
    }
}

// Answers a config call with the kernel's own typed read of the node (which reports a value
// of the wrong type against it).
template <class T, class Read>
routerd_status_t typed(const routerd_config_node_t* node, T* out, Read read) {
    if (node == nullptr || out == nullptr) return ROUTERD_ERR_INVALID;
    const auto value = read(ConfigView(*node_of(node)));
    if (!value) return ROUTERD_ERR_INVALID;
    *out = *value;
    return ROUTERD_OK;
}

void api_log(routerd_host_t* host, routerd_log_level_t level, routerd_str_t message) {
    host_of(host).log().log(static_cast<spdlog::level::level_enum>(level), "{}", from_c(message));
}

void api_set_error(routerd_host_t* host, routerd_str_t message) {
    host_of(host).set_error(std::string(from_c(message)));
}

routerd_status_t api_register(routerd_host_t* host, routerd_plugin_kind_t kind, routerd_str_t name,
                              routerd_str_t version, const void* table, void* self) {
    return host_of(host).register_plugin(kind, std::string(from_c(name)),
                                         std::string(from_c(version)), table, self);
}

routerd_config_type_t api_config_type(routerd_host_t*, const routerd_config_node_t* node) {
    return node ? node_of(node)->type() : ROUTERD_CONFIG_NONE;
}

const routerd_config_node_t* api_config_get(routerd_host_t*, const routerd_config_node_t* table,
                                            routerd_str_t key) {
    if (table == nullptr) return nullptr;
    const ConfigNode* node = node_of(table);
    return node->document().get(*node, from_c(key)).as_c();
}

size_t api_config_count(routerd_host_t*, const routerd_config_node_t* node) {
    return node ? node_of(node)->document().count(*node_of(node)) : 0;
}

const routerd_config_node_t* api_config_at(routerd_host_t*, const routerd_config_node_t* node,
                                           size_t index, routerd_str_t* key_out) {
    if (node == nullptr) return nullptr;
    std::string_view key;
    const ConfigNode* child = node_of(node)->document().at(*node_of(node), index, &key);
    if (key_out != nullptr) *key_out = to_c(key);
    return child ? child->as_c() : nullptr;
}

routerd_status_t api_config_string(routerd_host_t*, const routerd_config_node_t* node,
                                   routerd_str_t* out) {
    return typed(node, out, [](const ConfigView& v) -> std::optional<routerd_str_t> {
        const std::optional<std::string_view> text = v.string();
        if (!text) return std::nullopt;
        return to_c(*text);
    });
}

routerd_status_t api_config_integer(routerd_host_t*, const routerd_config_node_t* node,
                                    int64_t* out) {
    return typed(node, out, [](const ConfigView& v) { return v.integer(); });
}

routerd_status_t api_config_float(routerd_host_t*, const routerd_config_node_t* node, double* out) {
    return typed(node, out, [](const ConfigView& v) { return v.number(); });
}

routerd_status_t api_config_boolean(routerd_host_t*, const routerd_config_node_t* node, bool* out) {
    return typed(node, out, [](const ConfigView& v) { return v.boolean(); });
}

routerd_status_t api_config_duration(routerd_host_t*, const routerd_config_node_t* node,
                                     uint64_t* out_ns) {
    return typed(node, out_ns, [](const ConfigView& v) -> std::optional<uint64_t> {
        const std::optional<std::chrono::nanoseconds> duration = v.duration();
        if (!duration) return std::nullopt;
        return static_cast<uint64_t>(duration->count());
    });
}

void api_config_error(routerd_host_t*, const routerd_config_node_t* node, routerd_str_t message) {
    if (node != nullptr)
        node_of(node)->document().error(*node_of(node), std::string(from_c(message)));
}

routerd_str_t api_config_path(routerd_host_t*, const routerd_config_node_t* node) {
    return node ? to_c(node_of(node)->path()) : routerd_str_t{};
}

const routerd_config_node_t* api_config_global(routerd_host_t* host) {
    const routerd_config_node_t* section = host_of(host).configuring();
    if (section == nullptr) return nullptr;
    ConfigDocument& document = node_of(section)->document();
    return document.get(document.root(), "global").as_c();
}

routerd_status_t api_check_attach(routerd_host_t* host, const routerd_config_node_t* check,
                                  routerd_str_t target, routerd_str_t* id_out) {
    PluginHost& plugin = host_of(host);
    CheckRunner* checks = plugin.services().checks;
    if (check == nullptr || id_out == nullptr) return ROUTERD_ERR_INVALID;
    if (checks == nullptr || plugin.configuring() == nullptr) {
        plugin.set_service_error("check_attach is only possible during configure");
        return ROUTERD_ERR_UNSUPPORTED;
    }
    std::optional<std::string> id = checks->attach(plugin.name(), *node_of(check), from_c(target));
    if (!id) return ROUTERD_ERR_INVALID;  // reported against the check's table
    static thread_local std::string last_id;
    last_id = std::move(*id);
    *id_out = to_c(last_id);
    return ROUTERD_OK;
}

int32_t api_check_state(routerd_host_t* host, routerd_str_t id) {
    CheckRunner* checks = host_of(host).services().checks;
    return checks ? checks->state(std::string(from_c(id))) : -1;
}

routerd_status_t api_find_plugin(routerd_host_t* host, routerd_plugin_kind_t kind,
                                 routerd_str_t name, const void** table, void** self) {
    PluginHost& plugin = host_of(host);
    PluginRegistry* registry = plugin.services().registry;
    const std::string wanted(from_c(name));
    PluginHost* found = registry ? registry->find(wanted) : nullptr;
    if (found == nullptr || found->kind() != kind || found->table() == nullptr) {
        const LoadRefusal* refused = registry ? registry->refusal_for(wanted) : nullptr;
        plugin.set_service_error(refused ? "plugin '" + wanted +
                                               "' was refused: " + refused->to_string()
                                         : "no plugin '" + wanted + "' of that kind is loaded");
        return ROUTERD_ERR_NOT_FOUND;
    }
    plugin.note_lookup(wanted);
    *table = found->table();
    *self = found->self();
    return ROUTERD_OK;
}

routerd_status_t api_publish(routerd_host_t* host, const routerd_event_t* event) {
    if (event == nullptr) return ROUTERD_ERR_INVALID;
    sdk::Event copy = sdk::Event::from(event);
    copy.source = host_of(host).name();
    host_of(host).services().bus.publish(std::move(copy));
    return ROUTERD_OK;
}

routerd_status_t api_subscribe(routerd_host_t* host, uint32_t type, routerd_event_fn fn,
                               void* user) {
    return host_of(host).subscribe(type, fn, user);
}

routerd_status_t api_post(routerd_host_t* host, routerd_task_fn fn, void* user) {
    if (fn == nullptr) return ROUTERD_ERR_INVALID;
    boost::asio::post(host_of(host).strand(), [fn, user] { fn(user); });
    return ROUTERD_OK;
}

routerd_status_t api_post_blocking(routerd_host_t* host, routerd_task_fn fn, void* user) {
    if (fn == nullptr) return ROUTERD_ERR_INVALID;
    host_of(host).services().runtime.post_blocking([fn, user] { fn(user); });
    return ROUTERD_OK;
}

uint64_t api_timer_start(routerd_host_t* host, uint64_t delay_ns, routerd_timer_fn fn, void* user) {
    return host_of(host).start_timer(delay_ns, fn, user);
}

void api_timer_cancel(routerd_host_t* host, uint64_t id) {
    host_of(host).cancel_timer(id);
}

uint64_t api_now_ns(routerd_host_t*) {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

routerd_status_t api_store_migrate(routerd_host_t* host, const routerd_str_t* steps, size_t n) {
    return store_call(
        host, [&](Store& store) { store.migrate(host_of(host).name(), strings_of(steps, n)); });
}

routerd_status_t api_store_write(routerd_host_t* host, routerd_str_t sql,
                                 const routerd_str_t* params, size_t n) {
    return store_call(host, [&](Store& store) {
        store.write(host_of(host).name(), std::string(from_c(sql)), strings_of(params, n));
    });
}

routerd_status_t api_store_query(routerd_host_t* host, routerd_str_t sql,
                                 const routerd_str_t* params, size_t n, routerd_row_fn fn,
                                 void* user) {
    return store_call(host, [&](Store& store) {
        for (const Store::Row& row :
             store.query(host_of(host).name(), std::string(from_c(sql)), strings_of(params, n))) {
            std::vector<routerd_str_t> columns;
            for (const auto& column : row) {
                columns.push_back(column ? to_c(*column) : routerd_str_t{nullptr, 0});
            }
            if (fn) fn(user, columns.data(), columns.size());
        }
    });
}

routerd_status_t api_store_history(routerd_host_t* host, routerd_str_t subject,
                                   routerd_str_t from_state, routerd_str_t to_state,
                                   routerd_str_t detail) {
    return store_call(host, [&](Store& store) {
        store.history(host_of(host).name(), std::string(from_c(subject)),
                      std::string(from_c(from_state)), std::string(from_c(to_state)),
                      std::string(from_c(detail)));
    });
}

routerd_status_t api_require_privilege(routerd_host_t* host, const routerd_config_node_t* node,
                                       routerd_privilege_t privilege) {
    // A host that never gives anything up (a test's) has no ledger.
    Privileges* privileges = host != nullptr ? host_of(host).services().privileges : nullptr;
    if (privileges == nullptr) return ROUTERD_OK;
    // A refusal is reported against the node already.
    return privileges->require(node != nullptr ? node_of(node) : nullptr, privilege)
               ? ROUTERD_OK
               : ROUTERD_ERR_FAILED;
}

uint64_t api_descriptor_budget(routerd_host_t* host) {
    const CheckRunner* checks = host != nullptr ? host_of(host).services().checks : nullptr;
    return descriptor_budget(descriptor_limit(), checks != nullptr ? checks->count() : 0).budget;
}

routerd_status_t api_declare_read_only_command(routerd_host_t* host, routerd_str_t verb) {
    if (host == nullptr) return ROUTERD_ERR_INVALID;
    host_of(host).declare_read_only_command(std::string(from_c(verb)));
    return ROUTERD_OK;
}

routerd_status_t api_heartbeat_declare(routerd_host_t* host, routerd_str_t name, uint64_t* id_out,
                                       uint64_t* interval_ns_out) {
    if (host == nullptr || id_out == nullptr || interval_ns_out == nullptr)
        return ROUTERD_ERR_INVALID;
    Heartbeats* heartbeats = host_of(host).services().heartbeats;
    if (heartbeats == nullptr) {
        *id_out = 0;
        *interval_ns_out = std::chrono::nanoseconds(std::chrono::seconds(1)).count();
        return ROUTERD_OK;
    }
    *id_out = heartbeats->declare(host_of(host).name() + ": " + std::string(from_c(name)),
                                  Heartbeats::Clock::now());
    *interval_ns_out = static_cast<uint64_t>(heartbeats->interval().count());
    return ROUTERD_OK;
}

void api_heartbeat_feed(routerd_host_t* host, uint64_t id) {
    Heartbeats* heartbeats = host != nullptr ? host_of(host).services().heartbeats : nullptr;
    if (heartbeats != nullptr) heartbeats->feed(id, Heartbeats::Clock::now());
}

void api_heartbeat_retire(routerd_host_t* host, uint64_t id) {
    Heartbeats* heartbeats = host != nullptr ? host_of(host).services().heartbeats : nullptr;
    if (heartbeats != nullptr) heartbeats->retire(id);
}

metrics::Family* family_of(routerd_metric_family_t* family) {
    return reinterpret_cast<metrics::Family*>(family);
}

metrics::Series* series_of(routerd_metric_t* metric) {
    return reinterpret_cast<metrics::Series*>(metric);
}

std::optional<metrics::MetricType> metric_type_of(routerd_metric_type_t type) {
    switch (type) {
        case ROUTERD_METRIC_COUNTER:
            return metrics::MetricType::counter;
        case ROUTERD_METRIC_GAUGE:
            return metrics::MetricType::gauge;
        case ROUTERD_METRIC_HISTOGRAM:
            return metrics::MetricType::histogram;
    }
    return std::nullopt;
}

routerd_metric_family_t* api_metric_family(routerd_host_t* host, routerd_metric_type_t type,
                                           routerd_str_t name, routerd_str_t help,
                                           const routerd_str_t* label_names, size_t label_count,
                                           const double* buckets, size_t bucket_count) {
    if (host == nullptr) return nullptr;
    const std::optional<metrics::MetricType> metric_type = metric_type_of(type);
    if (!metric_type) {
        host_of(host).set_service_error("metric_family: unknown metric type " +
                                        std::to_string(static_cast<int>(type)));
        return nullptr;
    }
    metrics::FamilySpec spec{*metric_type, std::string(from_c(name)), std::string(from_c(help)),
                             strings_of(label_names, label_count),
                             std::vector<double>(buckets, buckets + bucket_count)};
    std::string error;
    metrics::Family* family = host_of(host).services().metrics.family(spec, error);
    if (family == nullptr) host_of(host).set_service_error(error);
    return reinterpret_cast<routerd_metric_family_t*>(family);
}

routerd_metric_t* api_metric_series(routerd_host_t* host, routerd_metric_family_t* family,
                                    const routerd_str_t* label_values, size_t label_count) {
    if (host == nullptr || family == nullptr) return nullptr;
    metrics::Series* series = family_of(family)->series(strings_of(label_values, label_count));
    if (series == nullptr) {
        host_of(host).set_service_error(
            family_of(family)->spec().name + ": " + std::to_string(label_count) +
            " label values for " + std::to_string(family_of(family)->spec().label_names.size()) +
            " labels");
    }
    return reinterpret_cast<routerd_metric_t*>(series);
}

void api_metric_add(routerd_host_t*, routerd_metric_t* metric, double delta) {
    if (metric != nullptr) series_of(metric)->add(delta);
}

void api_metric_set(routerd_host_t*, routerd_metric_t* metric, double value) {
    if (metric != nullptr) series_of(metric)->set(value);
}

void api_metric_observe(routerd_host_t*, routerd_metric_t* metric, double value) {
    if (metric != nullptr) series_of(metric)->observe(value);
}

void api_metric_remove(routerd_host_t*, routerd_metric_t* metric) {
    if (metric != nullptr) series_of(metric)->set_visible(false);
}

routerd_host_api_t make_api() {
    routerd_host_api_t api{};
    api.size = sizeof api;
    api.log = api_log;
    api.set_error = api_set_error;
    api.register_plugin = api_register;
    api.config_type = api_config_type;
    api.config_get = api_config_get;
    api.config_count = api_config_count;
    api.config_at = api_config_at;
    api.config_string = api_config_string;
    api.config_integer = api_config_integer;
    api.config_float = api_config_float;
    api.config_boolean = api_config_boolean;
    api.config_duration = api_config_duration;
    api.config_error = api_config_error;
    api.config_path = api_config_path;
    api.config_global = api_config_global;
    api.check_attach = api_check_attach;
    api.check_state = api_check_state;
    api.find_plugin = api_find_plugin;
    api.publish = api_publish;
    api.subscribe = api_subscribe;
    api.post = api_post;
    api.post_blocking = api_post_blocking;
    api.timer_start = api_timer_start;
    api.timer_cancel = api_timer_cancel;
    api.now_ns = api_now_ns;
    api.store_migrate = api_store_migrate;
    api.store_write = api_store_write;
    api.store_query = api_store_query;
    api.store_history = api_store_history;
    api.require_privilege = api_require_privilege;
    api.descriptor_budget = api_descriptor_budget;
    api.declare_read_only_command = api_declare_read_only_command;
    api.heartbeat_declare = api_heartbeat_declare;
    api.heartbeat_feed = api_heartbeat_feed;
    api.heartbeat_retire = api_heartbeat_retire;
    api.metric_family = api_metric_family;
    api.metric_series = api_metric_series;
    api.metric_add = api_metric_add;
    api.metric_set = api_metric_set;
    api.metric_observe = api_metric_observe;
    api.metric_remove = api_metric_remove;
    return api;
}

}  // namespace

const routerd_host_api_t& host_api() {
    static const routerd_host_api_t api = make_api();
    return api;
}

}  // namespace routerd
