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
            std::optional<std::string> id;
            if (address) id = host().attach_check(backend["check"], *address);
            if (id) {
                checks.push_back(*id);
            } else {
                ok = false;
            }
        }
        if (config["router_id_from_global"].boolean().value_or(false)) {
            greeting = host().global_config().router_id;
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
            started_with_ += (started_with_.empty() ? "" : ",") + state_number(id);
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
            checks += std::string(checks.empty() ? "" : ",") + "{\"id\":\"" + id +
                      "\",\"state\":" + state_number(id) + "}";
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
            // Through the C table: Host::find offers only the kinds called per use, and this
            // asks the host about the others.
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
        // A heartbeat: declared ("beat_declare"), fed ("beat_feed"), retired ("beat_retire").
        if (request.find("\"beat_declare\"") != std::string_view::npos) {
            heartbeat_ = host().declare_heartbeat("loop");
            return "{\"interval_ns\":" + std::to_string(heartbeat_.interval().count()) + "}";
        }
        if (request.find("\"beat_feed\"") != std::string_view::npos) {
            heartbeat_.feed();
            return "{}";
        }
        if (request.find("\"beat_retire\"") != std::string_view::npos) {
            heartbeat_ = routerd::sdk::Heartbeat();
            return "{}";
        }
        // A timer left pending (an hour away), whose task holds a token: "timer_tasks" counts
        // the tasks alive.
        if (request.find("\"pending_timer\"") != std::string_view::npos) {
            host().start_timer(std::chrono::hours(1), [token = token_] {});
            return "{}";
        }
        if (request.find("\"timer_tasks\"") != std::string_view::npos) {
            return "{\"alive\":" + std::to_string(token_.use_count() - 1) + "}";
        }
        if (request.find("\"timers\"") != std::string_view::npos) {
            return "{\"fired\":" + std::to_string(timers_.load()) + "}";
        }
        throw std::runtime_error("unknown request");
    }

  private:
    // As the C table says it: 1 up, 0 down, -1 unknown.
    std::string state_number(const std::string& check_id) const {
        switch (host().check_state(check_id)) {
            case routerd::sdk::CheckState::up:
                return "1";
            case routerd::sdk::CheckState::down:
                return "0";
            case routerd::sdk::CheckState::unknown:
                break;
        }
        return "-1";
    }

    std::string greeting_ = "hello";
    std::vector<std::string> checks_;
    std::string started_with_;  // check states at start(), comma-separated
    int applied_ = 0;
    std::atomic<int> events_{0};
    std::atomic<int> timers_{0};
    std::shared_ptr<int> token_ = std::make_shared<int>(0);
    std::function<void(const routerd::sdk::Event&)> handler_;
    routerd::sdk::Heartbeat heartbeat_;
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TestService>("test-service", "2.1.0");
}
