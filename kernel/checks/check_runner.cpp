#include "checks/check_runner.hpp"

#include <routerd/plugin.hpp>

#include <random>
#include <sstream>

#include <boost/asio/steady_timer.hpp>

#include "bus/event_bus.hpp"
#include "checks/check_health.hpp"
#include "config/document.hpp"
#include "loader/plugin_registry.hpp"
#include "store/store.hpp"
#include "util/levenshtein.hpp"
#include "util/log.hpp"

namespace routerd {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kNamespace = "routerd-checks";
// A checker that has not answered this long after its timeout is counted as failed.
constexpr auto kProbeGrace = 2s;

const std::vector<std::string> kMigrations = {
    "CREATE TABLE {ns}health (id TEXT PRIMARY KEY, up INTEGER NOT NULL, reason TEXT NOT NULL, "
    "time_unix_ns INTEGER NOT NULL)",
};

int64_t unix_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::chrono::nanoseconds jitter(std::chrono::nanoseconds span) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    if (span <= 0ns)
        return 0ns;
    return std::chrono::nanoseconds(
        std::uniform_int_distribution<int64_t>(0, span.count() - 1)(random));
}

}  // namespace

struct CheckRunner::Check : std::enable_shared_from_this<Check> {
    Check(HostServices& services, CheckSpec spec, PluginHost& plugin, routerd_probe_t* probe)
        : services(services),
          spec(std::move(spec)),
          plugin(plugin),
          probe(probe),
          strand(services.runtime.make_strand()),
          timer(strand),
          guard(strand),
          health(this->spec.rise, this->spec.retry, !this->spec.alpha) {}

    HostServices& services;
    CheckSpec spec;
    PluginHost& plugin;
    routerd_probe_t* probe;
    Strand strand;
    boost::asio::steady_timer timer;
    boost::asio::steady_timer guard;
    CheckHealth health;

    // Touched on the strand only.
    bool running = false;
    bool in_flight = false;
    bool answered = false;  // the current attempt has a result (real or from the guard)
    uint64_t probes = 0;
    uint64_t failures = 0;
    std::string last_reason;
    uint32_t last_latency_us = 0;
    int64_t since_unix_ns = 0;

    struct Call {
        std::shared_ptr<Check> check;
        Clock::time_point started;
    };

    void start(std::optional<bool> remembered) {
        boost::asio::post(strand, [self = shared_from_this(), remembered] {
            if (remembered)
                self->health.restore(*remembered);
            self->since_unix_ns = unix_now_ns();
            self->running = true;
            self->schedule(jitter(self->spec.delay_loop));
        });
    }

    void stop() {
        services.runtime.run_on(strand, [&] {
            running = false;
            timer.cancel();
            guard.cancel();
            if (!in_flight)
                destroy_probe();  // else when the answer arrives
        });
    }

    void destroy_probe() {
        if (probe == nullptr)
            return;
        services.runtime.run_on(plugin.strand(), [&] {
            plugin.checker().routerd_on_probe_destroy(plugin.self(), probe);
        });
        probe = nullptr;
    }

    void schedule(std::chrono::nanoseconds delay) {
        timer.expires_after(delay);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && self->running)
                self->run_probe();
        });
    }

    void run_probe() {
        in_flight = true;
        answered = false;
        ++probes;
        auto* call = new Call{shared_from_this(), Clock::now()};
        guard.expires_after(spec.connect_timeout + kProbeGrace);
        guard.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || !self->in_flight || self->answered)
                return;
            self->plugin.log().warn("check {}: the checker gave no answer within {} ms",
                                    self->spec.id, (self->spec.connect_timeout / 1ms));
            self->answered = true;
            self->record(false, "no answer from the checker", 0);
        });
        boost::asio::post(plugin.strand(), [self = shared_from_this(), call] {
            const routerd_status_t status = self->plugin.checker().routerd_on_probe_run(
                self->plugin.self(), self->probe,
                static_cast<uint64_t>(self->spec.connect_timeout.count()), &Check::done, call);
            if (status != ROUTERD_OK) {
                const routerd_probe_result_t failed{sizeof(routerd_probe_result_t), false, -1,
                                                    sdk::to_c(self->plugin.take_error())};
                done(call, &failed);
            }
        });
    }

    // From the checker, on any thread, exactly once per run.
    static void done(void* context, const routerd_probe_result_t* raw) {
        std::unique_ptr<Call> call(static_cast<Call*>(context));
        const routerd_probe_result_t result = sdk::read_sized(raw);
        const auto latency =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - call->started);
        std::shared_ptr<Check> self = std::move(call->check);
        boost::asio::post(
            self->strand,
            [self, up = result.up, reason = std::string(sdk::from_c(result.reason)), latency] {
                self->in_flight = false;
                self->guard.cancel();
                if (!self->running) {
                    self->destroy_probe();
                    return;
                }
                const bool counted = self->answered;
                self->answered = true;
                std::chrono::nanoseconds next = self->spec.delay_loop;
                if (!counted) {
                    if (self->record(up, reason, static_cast<uint32_t>(latency.count()))) {
                        next = self->spec.delay_before_retry;
                    }
                }
                self->schedule(next);
            });
    }

    // Applies one result; returns true when a retry is due soon.
    bool record(bool up, const std::string& reason, uint32_t latency_us) {
        if (!up)
            ++failures;
        last_reason = reason;
        last_latency_us = latency_us;
        const bool was_up = health.up();
        const CheckHealth::Step step = health.on_result(up);
        if (step.changed_to)
            announce(was_up, *step.changed_to, reason, latency_us);
        return step.retry_soon;
    }

    void announce(bool was_up, bool now_up, const std::string& reason, uint32_t latency_us) {
        since_unix_ns = unix_now_ns();
        const char* from = was_up ? "UP" : "DOWN";
        const char* to = now_up ? "UP" : "DOWN";
        logger_for("checks")->info("check {} ({} {}): {} -> {}{}", spec.id, spec.type, spec.target,
                                   from, to, reason.empty() ? "" : ": " + reason);
        sdk::Event event;
        event.type = ROUTERD_EVENT_CHECK_RESULT;
        event.source = "routerd";
        event.subject = spec.id;
        event.address = spec.target;
        event.reason = reason;
        event.state = now_up ? 1 : 0;
        event.previous_state = was_up ? 1 : 0;
        event.value = -1;
        event.latency_us = latency_us;
        services.bus.publish(std::move(event));
        services.store.write(kNamespace,
                             "INSERT OR REPLACE INTO {ns}health (id, up, reason, time_unix_ns) "
                             "VALUES (?, ?, ?, ?)",
                             {spec.id, now_up ? "1" : "0", reason, std::to_string(since_unix_ns)});
        services.store.history("routerd", "check " + spec.id, from, to, reason);
    }

    nlohmann::json status() {
        return services.runtime.run_on(strand, [&] {
            return nlohmann::json{{"type", spec.type},
                                  {"target", spec.target},
                                  {"state", health.up() ? "up" : "down"},
                                  {"since_unix_ns", since_unix_ns},
                                  {"probes", probes},
                                  {"failures", failures},
                                  {"last_reason", last_reason},
                                  {"last_latency_us", last_latency_us}};
        });
    }
};

CheckRunner::CheckRunner(HostServices& services, PluginRegistry& registry)
    : services_(services), registry_(registry) {}

CheckRunner::~CheckRunner() {
    stop();
}

std::vector<CheckRunner::Parsed> CheckRunner::parse(const ConfigNode& checks) {
    std::vector<Parsed> parsed;
    const sdk::Config root(nullptr, &host_api(), checks.as_c());
    std::vector<std::string> checker_names;
    for (PluginHost* p : registry_.plugins()) {
        if (p->kind() == ROUTERD_KIND_CHECKER)
            checker_names.push_back(p->name());
    }
    for (const auto& entry : root.entries()) {
        const std::string& id = entry.first;
        const sdk::Config& table = entry.second;  // named: lambdas below capture it
        CheckSpec spec;
        spec.id = id;
        if (table.type() != ROUTERD_CONFIG_TABLE) {
            table.error("expected a table describing the check");
            continue;
        }
        const sdk::Config type = table["type"];
        const sdk::Config target = table["target"];
        spec.type = type.string().value_or("");
        spec.target = target.string().value_or("");
        if (!type.present())
            type.error("is required: the checker to run, e.g. \"tcp\"");
        if (!target.present())
            target.error("is required: the address to check, \"ip:port\"");
        spec.delay_loop = table["delay_loop"].duration().value_or(spec.delay_loop);
        spec.connect_timeout = table["connect_timeout"].duration().value_or(spec.connect_timeout);
        spec.delay_before_retry =
            table["delay_before_retry"].duration().value_or(spec.delay_before_retry);
        spec.rise = static_cast<unsigned>(table["rise"].integer(1, 1000).value_or(spec.rise));
        spec.retry = static_cast<unsigned>(table["retry"].integer(0, 1000).value_or(spec.retry));
        spec.alpha = table["alpha"].boolean().value_or(spec.alpha);
        std::ostringstream text;
        text << *ConfigNode::from_c(table.raw())->value()->as_table();
        spec.fingerprint = text.str();
        if (spec.type.empty())
            continue;

        PluginHost* checker = registry_.find(spec.type);
        if (checker == nullptr || checker->kind() != ROUTERD_KIND_CHECKER) {
            std::string message = "no checker plugin named '" + spec.type + "'";
            if (const LoadRefusal* refused = registry_.refusal_for(spec.type)) {
                message = "checker '" + spec.type + "' was refused: " + refused->to_string();
            } else if (auto guess = did_you_mean(spec.type, checker_names)) {
                message += " (did you mean '" + *guess + "'?)";
            }
            type.error(message);
            continue;
        }
        // The checker validates its own keys by creating a probe (cheap, no side effects).
        routerd_probe_t* probe = nullptr;
        const routerd_status_t status = services_.runtime.run_on(checker->strand(), [&] {
            return checker->checker().routerd_on_probe_create(checker->self(), table.raw(),
                                                              sdk::to_c(spec.target), &probe);
        });
        if (status != ROUTERD_OK) {
            const std::string why = checker->take_error();
            if (!why.empty())
                table.error("checker '" + spec.type + "': " + why);
            continue;
        }
        parsed.push_back(Parsed{std::move(spec), checker, probe});
    }
    return parsed;
}

void CheckRunner::destroy_probe(const Parsed& p) {
    services_.runtime.run_on(p.checker->strand(), [&] {
        p.checker->checker().routerd_on_probe_destroy(p.checker->self(), p.probe);
    });
}

bool CheckRunner::configure(ConfigDocument& document, const ConfigNode& checks, bool dry_run) {
    const size_t errors_before = document.diagnostics().all().size();
    std::vector<Parsed> wanted = parse(checks);
    const bool valid = document.diagnostics().all().size() == errors_before;
    if (dry_run || !valid) {
        for (const Parsed& p : wanted)
            destroy_probe(p);
        return valid;
    }
    std::map<std::string, std::shared_ptr<Check>> next;
    for (Parsed& p : wanted) {
        auto existing = checks_.find(p.spec.id);
        if (existing != checks_.end() && existing->second->spec.fingerprint == p.spec.fingerprint) {
            destroy_probe(p);  // unchanged: the running check goes on untouched
            next.emplace(p.spec.id, existing->second);
            continue;
        }
        auto check = std::make_shared<Check>(services_, p.spec, *p.checker, p.probe);
        if (started_)
            check->start(std::nullopt);
        next.emplace(p.spec.id, std::move(check));
    }
    for (auto& [id, check] : checks_) {
        auto kept = next.find(id);
        if (kept == next.end() || kept->second != check)
            check->stop();
    }
    checks_ = std::move(next);
    return true;
}

void CheckRunner::start() {
    services_.store.migrate(kNamespace, kMigrations);
    for (auto& [id, check] : checks_) {
        std::optional<bool> remembered;
        const auto rows =
            services_.store.query(kNamespace, "SELECT up FROM {ns}health WHERE id = ?", {id});
        if (!rows.empty() && rows[0][0])
            remembered = *rows[0][0] == "1";
        check->start(remembered);
    }
    started_ = true;
}

void CheckRunner::stop() {
    for (auto& [id, check] : checks_)
        check->stop();
    checks_.clear();
    started_ = false;
}

nlohmann::json CheckRunner::status() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, check] : checks_)
        out[id] = check->status();
    return out;
}

std::vector<std::string> CheckRunner::used_checkers() const {
    std::vector<std::string> out;
    for (const auto& [id, check] : checks_)
        out.push_back(check->spec.type);
    return out;
}

}  // namespace routerd
