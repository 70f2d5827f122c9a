// A service plugin that exercises the host table through the SDK, for the host tests:
// configuration with every value type, the bus, the store, timers, status and commands.
#include <routerd/plugin.hpp>

#include <atomic>
#include <mutex>

namespace {

class TestService : public routerd::sdk::Service {
  public:
    using Service::Service;

    bool configure(const routerd::sdk::Config& config, bool dry_run) override {
        if (!config.present()) return true;
        bool ok = true;
        auto greeting = config["greeting"].string();
        auto count = config["count"].integer(1, 10);
        auto interval = config["interval"].duration();
        auto enabled = config["enabled"].boolean();
        auto mode = config["mode"].one_of({"fast", "slow"});
        for (const auto& item : config["tags"].items())
            ok = item.string().has_value() && ok;
        ok = ok && (greeting || !config["greeting"].present()) &&
             (count || !config["count"].present()) && (interval || !config["interval"].present()) &&
             (enabled || !config["enabled"].present()) && (mode || !config["mode"].present());
        // A real server's health check, as a load balancer would attach it, once per backend.
        std::vector<std::string> checks;
        for (const auto& backend : config["backends"].items()) {
            auto address = backend["address"].string();
            const routerd_config_node_t* check = backend["check"].raw();
            routerd_str_t id{};
            if (address &&
                host().api()->check_attach(host().raw(), check, routerd::sdk::to_c(*address),
                                           &id) == ROUTERD_OK) {
                checks.emplace_back(routerd::sdk::from_c(id));
            } else {
                ok = false;
            }
        }
        if (config["router_id_from_global"].boolean().value_or(false)) {
            routerd::sdk::Config global(host().raw(), host().api(),
                                        host().api()->config_global(host().raw()));
            greeting = global["router_id"].string();
        }
        if (config["fail_with"].present()) {
            throw std::runtime_error(config["fail_with"].string().value_or("failure"));
        }
        if (ok && !dry_run) {
            greeting_ = greeting.value_or("hello");
            checks_ = checks;
            ++applied_;
        }
        return ok;
    }

    void start() override {
        // What a load balancer would program first: the checks' states as it starts.
        started_with_.clear();
        for (const auto& id : checks_) {
            const int32_t state = host().api()->check_state(host().raw(), routerd::sdk::to_c(id));
            started_with_ += (started_with_.empty() ? "" : ",") + std::to_string(state);
        }
        host().store_migrate({"CREATE TABLE {ns}events (subject TEXT, state INTEGER)",
                              "CREATE INDEX {ns}events_subject ON {ns}events (subject)"});
        handler_ = [this](const routerd::sdk::Event& e) {
            ++events_;
            host().store_write("INSERT INTO {ns}events (subject, state) VALUES (?, ?)",
                               {e.subject, std::to_string(e.state)});
        };
        host().subscribe(ROUTERD_EVENT_CUSTOM, &handler_);
    }

    std::string status() override {
        std::string checks;
        for (const auto& id : checks_) {
            const int32_t state = host().api()->check_state(host().raw(), routerd::sdk::to_c(id));
            checks += std::string(checks.empty() ? "" : ",") + "{\"id\":\"" + id +
                      "\",\"state\":" + std::to_string(state) + "}";
        }
        return "{\"greeting\":\"" + greeting_ + "\",\"events\":" + std::to_string(events_) +
               ",\"applied\":" + std::to_string(applied_) + ",\"started_with\":\"" + started_with_ +
               "\",\"checks\":[" + checks + "]}";
    }

    std::string command(std::string_view request) override {
        if (request.find("\"publish\"") != std::string_view::npos) {
            routerd::sdk::Event e;
            e.type = ROUTERD_EVENT_CUSTOM;
            e.subject = "from-command";
            e.state = 7;
            host().publish(e);
            return "{\"published\":true}";
        }
        if (request.find("\"count\"") != std::string_view::npos) {
            const auto rows = host().store_query("SELECT count(*) FROM {ns}events");
            return "{\"rows\":" + rows.at(0).at(0).value_or("0") + "}";
        }
        if (request.find("\"foreign\"") != std::string_view::npos) {
            host().store_query("SELECT * FROM routerd_history");  // not ours: refused
            return "{}";
        }
        if (request.find("\"find\"") != std::string_view::npos) {
            const void* table = nullptr;
            void* self = nullptr;
            const bool found = host().api()->find_plugin(host().raw(), ROUTERD_KIND_CHECKER,
                                                         routerd::sdk::to_c("test-checker"), &table,
                                                         &self) == ROUTERD_OK;
            const bool service = host().api()->find_plugin(host().raw(), ROUTERD_KIND_SERVICE,
                                                           routerd::sdk::to_c("test-service"),
                                                           &table, &self) == ROUTERD_OK;
            return std::string("{\"checker\":") + (found ? "true" : "false") +
                   ",\"service\":" + (service ? "true" : "false") + "}";
        }
        if (request.find("\"timer\"") != std::string_view::npos) {
            host().start_timer(std::chrono::milliseconds(1), [this] { ++timers_; });
            const uint64_t cancelled =
                host().start_timer(std::chrono::hours(1), [this] { timers_ += 100; });
            host().cancel_timer(cancelled);
            return "{}";
        }
        if (request.find("\"timers\"") != std::string_view::npos) {
            return "{\"fired\":" + std::to_string(timers_.load()) + "}";
        }
        throw std::runtime_error("unknown request");
    }

  private:
    std::string greeting_ = "hello";
    std::vector<std::string> checks_;
    std::string started_with_;  // check states at start(), comma-separated
    int applied_ = 0;
    std::atomic<int> events_{0};
    std::atomic<int> timers_{0};
    std::function<void(const routerd::sdk::Event&)> handler_;
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TestService>("test-service", "2.1.0");
}
