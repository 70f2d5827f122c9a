#include "host/plugin_host.hpp"

#include <routerd/plugin.hpp>

#include <cstring>
#include <regex>

#include "bus/event_bus.hpp"
#include "util/log.hpp"

namespace routerd {
namespace {

size_t known_table_size(routerd_plugin_kind_t kind) {
    switch (kind) {
        case ROUTERD_KIND_SERVICE:
            return sizeof(routerd_service_api_t);
        case ROUTERD_KIND_CHECKER:
            return sizeof(routerd_checker_api_t);
        case ROUTERD_KIND_SCHEDULER:
            return sizeof(routerd_scheduler_api_t);
        case ROUTERD_KIND_NOTIFIER:
            return sizeof(routerd_notifier_api_t);
        case ROUTERD_KIND_FORWARDER:
            return sizeof(routerd_forwarder_api_t);
    }
    return 0;
}

// Every kind's table is {uint32_t size; routerd_lifecycle_t lifecycle; ...}.
constexpr size_t kLifecycleOffset = offsetof(routerd_service_api_t, lifecycle);
static_assert(offsetof(routerd_checker_api_t, lifecycle) == kLifecycleOffset);
static_assert(offsetof(routerd_scheduler_api_t, lifecycle) == kLifecycleOffset);
static_assert(offsetof(routerd_notifier_api_t, lifecycle) == kLifecycleOffset);
static_assert(offsetof(routerd_forwarder_api_t, lifecycle) == kLifecycleOffset);

bool valid_plugin_name(const std::string& name) {
    static const std::regex pattern("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    return name.size() <= 64 && std::regex_match(name, pattern) && name.rfind("routerd", 0) != 0;
}

void collect_text(void* user, routerd_str_t text) {
    *static_cast<std::string*>(user) = std::string(sdk::from_c(text));
}

}  // namespace

const char* kind_name(routerd_plugin_kind_t kind) {
    switch (kind) {
        case ROUTERD_KIND_SERVICE:
            return "service";
        case ROUTERD_KIND_CHECKER:
            return "checker";
        case ROUTERD_KIND_SCHEDULER:
            return "scheduler";
        case ROUTERD_KIND_NOTIFIER:
            return "notifier";
        case ROUTERD_KIND_FORWARDER:
            return "forwarder";
    }
    return "unknown";
}

PluginHost::PluginHost(HostServices& services, std::filesystem::path file)
    : services_(services),
      file_(std::move(file)),
      name_(file_.stem().string()),
      logger_(logger_for(name_)),
      strand_(services.runtime.make_strand()) {}

PluginHost::~PluginHost() {
    {
        std::lock_guard lock(timer_table_->mutex);
        timer_table_->closed = true;
    }
    cancel_all_timers();
}

routerd_status_t PluginHost::register_plugin(routerd_plugin_kind_t kind, std::string name,
                                             std::string version, const void* table, void* self) {
    auto refuse = [&](std::string reason) {
        registration_refusal_ = std::move(reason);
        set_error(registration_refusal_);
        return ROUTERD_ERR_INVALID;
    };
    if (self_ != nullptr) return refuse("registers more than one plugin (one per file)");
    const size_t known = known_table_size(kind);
    if (known == 0) return refuse("unknown plugin kind " + std::to_string(kind));
    if (!valid_plugin_name(name)) {
        return refuse(
            "invalid plugin name '" + name +
            "' (lower-case letters, digits and single dashes, not starting with routerd)");
    }
    if (find_by_name) {
        if (const PluginHost* other = find_by_name(name)) {
            return refuse("duplicate plugin name '" + name + "' (already loaded from " +
                          other->file().string() + ")");
        }
    }
    if (table == nullptr || self == nullptr) return refuse("registered a null table or object");
    uint32_t size = 0;
    std::memcpy(&size, table, sizeof size);
    if (size > known) {
        return refuse(std::string("its ") + kind_name(kind) + " table is " + std::to_string(size) +
                      " bytes, larger than the " + std::to_string(known) +
                      " routerd knows (built against a newer SDK than its ABI minor says)");
    }
    if (size < kLifecycleOffset + sizeof(uint32_t)) {
        return refuse(std::string("its ") + kind_name(kind) + " table is too small");
    }
    routerd_lifecycle_t lifecycle{};
    std::memcpy(&lifecycle, static_cast<const char*>(table) + kLifecycleOffset, sizeof(uint32_t));
    if (lifecycle.size > sizeof(routerd_lifecycle_t)) {
        return refuse("its lifecycle table is " + std::to_string(lifecycle.size) +
                      " bytes, larger than the " + std::to_string(sizeof(routerd_lifecycle_t)) +
                      " routerd knows");
    }
    lifecycle_ = sdk::read_sized(reinterpret_cast<const routerd_lifecycle_t*>(
        static_cast<const char*>(table) + kLifecycleOffset));
    if (lifecycle_.routerd_on_destroy == nullptr) {
        return refuse("its lifecycle table has no routerd_on_destroy");
    }
    switch (kind) {
        case ROUTERD_KIND_CHECKER:
            checker_ = sdk::read_sized(static_cast<const routerd_checker_api_t*>(table));
            if (!checker_.routerd_on_probe_create || !checker_.routerd_on_probe_run ||
                !checker_.routerd_on_probe_destroy) {
                return refuse("its checker table lacks the probe functions");
            }
            break;
        case ROUTERD_KIND_SCHEDULER:
            scheduler_ = sdk::read_sized(static_cast<const routerd_scheduler_api_t*>(table));
            break;
        case ROUTERD_KIND_FORWARDER:
            forwarder_ = sdk::read_sized(static_cast<const routerd_forwarder_api_t*>(table));
            break;
        default:
            break;
    }
    kind_ = kind;
    if (name != name_) {
        name_ = std::move(name);
        logger_ = logger_for(name_);
    }
    version_ = std::move(version);
    self_ = self;
    return ROUTERD_OK;
}

const void* PluginHost::table() const {
    switch (kind_) {
        case ROUTERD_KIND_CHECKER:
            return &checker_;
        case ROUTERD_KIND_SCHEDULER:
            return &scheduler_;
        case ROUTERD_KIND_FORWARDER:
            return &forwarder_;
        default:
            return nullptr;  // services and notifiers are reached through the bus only
    }
}

void PluginHost::set_error(std::string message) {
    std::lock_guard lock(mutex_);
    last_error_ = std::move(message);
}

void PluginHost::set_service_error(std::string message) {
    std::lock_guard lock(mutex_);
    service_error_ = std::move(message);
}

std::string PluginHost::take_error() {
    std::lock_guard lock(mutex_);
    std::string error = std::exchange(last_error_, std::string());
    std::string service = std::exchange(service_error_, std::string());
    if (service.empty()) return error;
    return error.empty() ? service : error + ": " + service;
}

std::optional<std::string> PluginHost::configure(const routerd_config_node_t* config,
                                                 bool dry_run) {
    if (lifecycle_.routerd_on_configure == nullptr) return std::nullopt;
    if (!dry_run) {
        std::lock_guard lock(mutex_);
        // What a plugin that does not run looked up before is no use of it now.
        if (!running_) providers_used_.clear();
        recording_lookups_ = true;
    }
    configuring_ = config;
    const routerd_status_t status = services_.runtime.run_on(
        strand_, [&] { return lifecycle_.routerd_on_configure(self_, config, dry_run); });
    configuring_ = nullptr;
    {
        std::lock_guard lock(mutex_);
        recording_lookups_ = false;
    }
    if (status == ROUTERD_OK) return std::nullopt;
    return take_error();  // empty when the plugin reported through config_error
}

std::optional<std::string> PluginHost::start() {
    if (lifecycle_.routerd_on_start == nullptr) return std::nullopt;
    const routerd_status_t status =
        services_.runtime.run_on(strand_, [&] { return lifecycle_.routerd_on_start(self_); });
    if (status == ROUTERD_OK) {
        running_ = true;
        return std::nullopt;
    }
    const std::string error = take_error();
    return error.empty() ? "start failed" : error;
}

void PluginHost::stop() {
    {
        std::lock_guard lock(mutex_);
        for (uint64_t id : subscriptions_)
            services_.bus.unsubscribe(id);
        subscriptions_.clear();
    }
    cancel_all_timers();
    // On the strand: no event callback or timer of this plugin runs at the same time.
    services_.runtime.run_on(strand_, [&] {
        if (running_ && lifecycle_.routerd_on_stop) lifecycle_.routerd_on_stop(self_);
        running_ = false;
    });
    // What was posted to the strand while the plugin stopped (a checker's last answers
    // release their probes there) runs now, while the plugin still exists. So do the handlers
    // of the timers cancelled above, and of any a timer callback started meanwhile (cancelled
    // now): each frees the plugin's task for its timer, which a handler run after the host is
    // gone cannot do.
    cancel_all_timers();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    do {
        services_.runtime.run_on(strand_, [] {});
    } while (timer_handlers_to_run() > 0 && std::chrono::steady_clock::now() < deadline);
    std::lock_guard lock(mutex_);
    providers_used_.clear();
}

void PluginHost::note_lookup(const std::string& provider) {
    std::lock_guard lock(mutex_);
    if (recording_lookups_) providers_used_.insert(provider);
}

std::set<std::string> PluginHost::providers_used() const {
    std::lock_guard lock(mutex_);
    return providers_used_;
}

void PluginHost::destroy() {
    if (self_ == nullptr) return;
    lifecycle_.routerd_on_destroy(std::exchange(self_, nullptr));
}

std::string PluginHost::status() {
    std::string text = "{}";
    if (lifecycle_.routerd_on_status == nullptr) return text;
    services_.runtime.run_on(strand_, [&] {
        if (lifecycle_.routerd_on_status(self_, &collect_text, &text) != ROUTERD_OK) {
            text = "{}";
        }
    });
    return text;
}

std::optional<std::string> PluginHost::command(const std::string& request, std::string& answer) {
    if (lifecycle_.routerd_on_command == nullptr) return "this plugin takes no commands";
    const routerd_status_t status = services_.runtime.run_on(strand_, [&] {
        return lifecycle_.routerd_on_command(self_, sdk::to_c(request), &collect_text, &answer);
    });
    if (status == ROUTERD_OK) return std::nullopt;
    const std::string error = take_error();
    return error.empty() ? "command failed" : error;
}

void PluginHost::declare_read_only_command(std::string verb) {
    std::lock_guard lock(read_only_mutex_);
    read_only_commands_.insert(std::move(verb));
}

bool PluginHost::command_is_read_only(std::string_view verb) const {
    std::lock_guard lock(read_only_mutex_);
    return read_only_commands_.find(verb) != read_only_commands_.end();
}

routerd_status_t PluginHost::subscribe(uint32_t type, routerd_event_fn fn, void* user) {
    if (fn == nullptr) return ROUTERD_ERR_INVALID;
    const uint64_t id = services_.bus.subscribe(type, strand_, [fn, user](const sdk::Event& e) {
        const routerd_event_t raw = e.view();
        fn(user, &raw);
    });
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(id);
    return ROUTERD_OK;
}

uint64_t PluginHost::start_timer(uint64_t delay_ns, routerd_timer_fn fn, void* user) {
    if (fn == nullptr) return 0;
    auto timer = std::make_shared<boost::asio::steady_timer>(strand_);
    timer->expires_after(std::chrono::nanoseconds(static_cast<int64_t>(delay_ns)));
    uint64_t id = 0;
    {
        std::lock_guard lock(timer_table_->mutex);
        id = timer_table_->next++;
        timer_table_->timers.emplace(id, Timer{timer});
        ++timer_table_->handlers_to_run;
    }
    timer->async_wait(
        [table = timer_table_, id, fn, user, timer](const boost::system::error_code& ec) {
            bool pending = false;
            {
                std::lock_guard lock(table->mutex);
                if (table->closed) {  // the host and its plugin are gone
                    --table->handlers_to_run;
                    return;
                }
                pending = table->timers.erase(id) > 0;
            }
            fn(user, pending && !ec);  // exactly once while the host lives: fired, or cancelled
            // Counted down once fn is done with the plugin's task: stop() waits for that.
            std::lock_guard lock(table->mutex);
            --table->handlers_to_run;
        });
    return id;
}

void PluginHost::cancel_timer(uint64_t id) {
    std::shared_ptr<boost::asio::steady_timer> timer;
    {
        std::lock_guard lock(timer_table_->mutex);
        auto it = timer_table_->timers.find(id);
        if (it == timer_table_->timers.end()) return;
        timer = it->second.timer;
        timer_table_->timers.erase(it);
    }
    timer->cancel();
}

size_t PluginHost::timer_handlers_to_run() const {
    std::lock_guard lock(timer_table_->mutex);
    return timer_table_->handlers_to_run;
}

void PluginHost::cancel_all_timers() {
    std::unordered_map<uint64_t, Timer> timers;
    {
        std::lock_guard lock(timer_table_->mutex);
        timers.swap(timer_table_->timers);
    }
    for (auto& [id, t] : timers)
        t.timer->cancel();
}

}  // namespace routerd
