#include "checks/check_runner.hpp"

#include <routerd/plugin.hpp>

#include <atomic>
#include <cstdio>
#include <random>
#include <sstream>

#include <boost/asio/steady_timer.hpp>

#include "bus/event_bus.hpp"
#include "checks/check_health.hpp"
#include "checks/check_target.hpp"
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

// A short, stable name for a check's settings (FNV-1a, 64 bits, as hex).
std::string short_hash(const std::string& text) {
    uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
    return std::string(out, 8);
}

int64_t unix_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::chrono::nanoseconds jitter(std::chrono::nanoseconds span) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    if (span <= 0ns) return 0ns;
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
          health(this->spec.rise, this->spec.retry, !this->spec.alpha),
          current(health.up() ? 1 : 0) {}

    HostServices& services;
    CheckSpec spec;
    PluginHost& plugin;
    routerd_probe_t* probe;
    Strand strand;
    boost::asio::steady_timer timer;
    boost::asio::steady_timer guard;
    CheckHealth health;
    std::atomic<int32_t> current;  // health.up(), for other threads

    // Touched on the strand only.
    bool running = false;
    bool in_flight = false;
    bool answered = false;  // the current attempt has a result (real or from the guard)
    uint64_t probes = 0;
    uint64_t failures = 0;
    std::string last_reason;
    uint32_t last_latency_us = 0;
    int32_t weight = -1;  // the checker's last dynamic weight (misc_dynamic, file), or -1
    int64_t since_unix_ns = 0;

    struct Call {
        std::shared_ptr<Check> check;
        Clock::time_point started;
    };

    void start(std::optional<bool> remembered) {
        boost::asio::post(strand, [self = shared_from_this(), remembered] {
            if (remembered) self->health.restore(*remembered);
            self->current = self->health.up() ? 1 : 0;
            self->since_unix_ns = unix_now_ns();
            self->running = true;
            self->schedule(jitter(self->spec.warmup.value_or(self->spec.delay_loop)));
        });
    }

    // From a thread outside the runtime (the daemon's). The probe is destroyed here when no
    // attempt is in flight, else by the answer's handler (release_probe).
    void stop() {
        const bool idle = services.runtime.run_on(strand, [&] {
            running = false;
            timer.cancel();
            guard.cancel();
            return !in_flight;
        });
        if (idle && probe != nullptr) {
            services.runtime.run_on(plugin.strand(), [&] {
                plugin.checker().routerd_on_probe_destroy(plugin.self(), probe);
            });
            probe = nullptr;
        }
    }

    // On the check's strand: posted, never waited for. A runtime thread that waited for the
    // plugin's strand could be the one that strand needs (several answers arriving while
    // the daemon stops would hold every runtime thread: a deadlock). The plugin's own stop
    // runs on the same strand, after what is queued.
    void release_probe() {
        if (probe == nullptr) return;
        boost::asio::post(plugin.strand(), [&checker = plugin, probe = probe] {
            checker.checker().routerd_on_probe_destroy(checker.self(), probe);
        });
        probe = nullptr;
    }

    void schedule(std::chrono::nanoseconds delay) {
        timer.expires_after(delay);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && self->running) self->run_probe();
        });
    }

    void run_probe() {
        in_flight = true;
        answered = false;
        ++probes;
        auto* call = new Call{shared_from_this(), Clock::now()};
        // Checkers with a timeout of their own (misc_timeout, which Keepalived defaults to
        // delay_loop) may take up to delay_loop.
        guard.expires_after(std::max(spec.connect_timeout, spec.delay_loop) + kProbeGrace);
        guard.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || !self->in_flight || self->answered) return;
            self->plugin.log().warn("check {}: the checker gave no answer within {} ms",
                                    self->spec.id, (self->spec.connect_timeout / 1ms));
            self->answered = true;
            self->record(false, -1, "no answer from the checker", 0);
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
            self->strand, [self, up = result.up, weight = result.weight,
                           reason = std::string(sdk::from_c(result.reason)), latency] {
                self->in_flight = false;
                self->guard.cancel();
                if (!self->running) {
                    self->release_probe();
                    return;
                }
                const bool counted = self->answered;
                self->answered = true;
                std::chrono::nanoseconds next = self->spec.delay_loop;
                if (!counted) {
                    if (self->record(up, weight, reason, static_cast<uint32_t>(latency.count()))) {
                        next = self->spec.delay_before_retry;
                    }
                }
                self->schedule(next);
            });
    }

    // Applies one result; returns true when a retry is due soon.
    bool record(bool up, int32_t new_weight, const std::string& reason, uint32_t latency_us) {
        if (!up) ++failures;
        last_reason = reason;
        last_latency_us = latency_us;
        const bool was_up = health.up();
        const CheckHealth::Step step = health.on_result(up);
        current = health.up() ? 1 : 0;
        const bool weight_changed = up && new_weight != weight;
        if (up) weight = new_weight;
        if (step.changed_to) {
            announce(was_up, *step.changed_to, reason, latency_us);
        } else if (weight_changed && health.up()) {
            // A dynamic weight moved while the check stays up (misc_dynamic, file): the
            // owner re-weights its real server; state == previous_state says "weight only".
            logger_for("checks")->info("check {} ({} {}): weight {}", spec.id, spec.type,
                                       spec.target, weight);
            publish(true, true, reason, latency_us);
        }
        return step.retry_soon;
    }

    void announce(bool was_up, bool now_up, const std::string& reason, uint32_t latency_us) {
        since_unix_ns = unix_now_ns();
        const char* from = was_up ? "UP" : "DOWN";
        const char* to = now_up ? "UP" : "DOWN";
        logger_for("checks")->info("check {} ({} {}): {} -> {}{}", spec.id, spec.type, spec.target,
                                   from, to, reason.empty() ? "" : ": " + reason);
        publish(was_up, now_up, reason, latency_us);
        services.store.write(kNamespace,
                             "INSERT OR REPLACE INTO {ns}health (id, up, reason, time_unix_ns) "
                             "VALUES (?, ?, ?, ?)",
                             {spec.id, now_up ? "1" : "0", reason, std::to_string(since_unix_ns)});
        services.store.history("routerd", "check " + spec.id, from, to, reason);
    }

    void publish(bool was_up, bool now_up, const std::string& reason, uint32_t latency_us) {
        sdk::Event event;
        event.type = ROUTERD_EVENT_CHECK_RESULT;
        event.source = "routerd";
        event.subject = spec.id;
        event.address = spec.target;
        event.reason = reason;
        event.state = now_up ? 1 : 0;
        event.previous_state = was_up ? 1 : 0;
        event.value = now_up ? weight : -1;
        event.latency_us = latency_us;
        event.data = spec.event_data;
        services.bus.publish(std::move(event));
    }

    nlohmann::json status() {
        return services.runtime.run_on(strand, [&] {
            return nlohmann::json{{"type", spec.type},
                                  {"target", spec.target},
                                  {"probe_target", spec.probe_target},
                                  {"weight", weight},
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

std::optional<CheckRunner::Parsed> CheckRunner::parse(const sdk::Config& table, CheckSpec spec) {
    if (table.type() != ROUTERD_CONFIG_TABLE) {
        table.error("expected a table describing the check");
        return std::nullopt;
    }
    const sdk::Config type = table["type"];
    spec.type = type.string().value_or("");
    if (!type.present()) type.error("is required: the checker to run, e.g. \"tcp\"");
    spec.delay_loop = table["delay_loop"].duration().value_or(spec.delay_loop);
    spec.connect_timeout = table["connect_timeout"].duration().value_or(spec.connect_timeout);
    spec.delay_before_retry =
        table["delay_before_retry"].duration().value_or(spec.delay_before_retry);
    spec.rise = static_cast<unsigned>(table["rise"].integer(1, 1000).value_or(spec.rise));
    spec.retry = static_cast<unsigned>(table["retry"].integer(0, 1000).value_or(spec.retry));
    spec.alpha = table["alpha"].boolean().value_or(spec.alpha);
    spec.warmup = table["warmup"].duration();
    const std::optional<bool> smtp_alert = table["smtp_alert"].boolean();
    const sdk::Config connect_ip = table["connect_ip"];
    const std::optional<int64_t> connect_port = table["connect_port"].integer(1, 65535);
    // A bad override is reported, and the checker still validates its own keys (against
    // the target), so that one pass reports every mistake.
    bool target_valid = connect_port || !table["connect_port"].present();
    try {
        spec.probe_target =
            effective_target(spec.target, connect_ip.string(),
                             connect_port ? std::optional<int>(*connect_port) : std::nullopt);
    } catch (const std::invalid_argument& e) {
        (connect_ip.present() ? connect_ip : table).error(e.what());
        spec.probe_target = spec.target;
        target_valid = false;
    }
    nlohmann::json data = nlohmann::json::object();
    if (smtp_alert) data["smtp_alert"] = *smtp_alert;
    if (pass_ && pass_->router_id) data["router_id"] = *pass_->router_id;
    spec.event_data = data.empty() ? "" : data.dump();
    std::ostringstream text;
    text << *ConfigNode::from_c(table.raw())->value()->as_table();
    spec.fingerprint = spec.target + "\n" + text.str();
    if (spec.type.empty()) return std::nullopt;

    PluginHost* checker = registry_.find(spec.type);
    if (checker == nullptr || checker->kind() != ROUTERD_KIND_CHECKER) {
        std::string message = "no checker plugin named '" + spec.type + "'";
        if (const LoadRefusal* refused = registry_.refusal_for(spec.type)) {
            message = "checker '" + spec.type + "' was refused: " + refused->to_string();
        } else {
            std::vector<std::string> names;
            for (PluginHost* p : registry_.plugins()) {
                if (p->kind() == ROUTERD_KIND_CHECKER) names.push_back(p->name());
            }
            if (auto guess = did_you_mean(spec.type, names)) {
                message += " (did you mean '" + *guess + "'?)";
            }
        }
        type.error(message);
        return std::nullopt;
    }
    // The checker validates its own keys by creating a probe (cheap, no side effects).
    routerd_probe_t* probe = nullptr;
    const routerd_status_t status = services_.runtime.run_on(checker->strand(), [&] {
        return checker->checker().routerd_on_probe_create(checker->self(), table.raw(),
                                                          sdk::to_c(spec.probe_target), &probe);
    });
    if (status != ROUTERD_OK) {
        const std::string why = checker->take_error();
        if (!why.empty()) table.error("checker '" + spec.type + "': " + why);
        return std::nullopt;
    }
    Parsed parsed{std::move(spec), checker, probe};
    if (!target_valid) {
        destroy_probe(parsed);
        return std::nullopt;
    }
    return parsed;
}

void CheckRunner::destroy_probe(const Parsed& p) {
    services_.runtime.run_on(p.checker->strand(), [&] {
        p.checker->checker().routerd_on_probe_destroy(p.checker->self(), p.probe);
    });
}

void CheckRunner::begin_pass(ConfigDocument& document, bool dry_run) {
    pass_ = std::make_unique<Pass>();
    pass_->document = &document;
    pass_->dry_run = dry_run;
    pass_->errors_before = document.diagnostics().all().size();
    // The daemon validates [global]; here it is only read, when it is a string.
    const sdk::Config global(nullptr, &host_api(), document.root().as_c());
    const sdk::Config router_id = global["global"]["router_id"];
    if (router_id.type() == ROUTERD_CONFIG_STRING) pass_->router_id = router_id.string();
}

void CheckRunner::owner_configured(const std::string& owner) {
    pass_->configured.insert(owner);
    pass_->attachments[owner];  // an owner that attaches nothing now has no checks
}

void CheckRunner::add_standalone(const ConfigNode& checks) {
    owner_configured(kStandaloneOwner);
    const sdk::Config root(nullptr, &host_api(), checks.as_c());
    for (const auto& [id, table] : root.entries()) {
        CheckSpec spec;
        spec.id = id;
        // A target is optional here: misc and file checks need none, and the checkers that
        // do say so themselves.
        if (table.type() == ROUTERD_CONFIG_TABLE)
            spec.target = table["target"].string().value_or("");
        std::optional<Parsed> parsed = parse(table, std::move(spec));
        if (!parsed) continue;
        pass_->attachments[kStandaloneOwner].insert(id);
        pass_->parsed.emplace(id, std::move(*parsed));
    }
}

std::optional<std::string> CheckRunner::attach(const std::string& owner, const ConfigNode& check,
                                               std::string_view target) {
    CheckSpec spec;
    spec.target = target;
    std::optional<Parsed> parsed =
        parse(sdk::Config(nullptr, &host_api(), check.as_c()), std::move(spec));
    if (!parsed) return std::nullopt;
    // The id names the check by what it does, so identical checks share one.
    const std::string id =
        parsed->spec.type + "@" + parsed->spec.target + "/" + short_hash(parsed->spec.fingerprint);
    parsed->spec.id = id;
    pass_->attachments[owner].insert(id);
    if (!pass_->parsed.emplace(id, *parsed).second) destroy_probe(*parsed);  // a twin
    return id;
}

bool CheckRunner::finish_pass() {
    Pass pass = std::move(*pass_);
    pass_.reset();
    const bool valid = pass.document->diagnostics().all().size() == pass.errors_before;
    if (pass.dry_run || !valid) {
        for (const auto& [id, p] : pass.parsed)
            destroy_probe(p);
        return valid;
    }
    // Owners configured now replace their checks; the others keep theirs.
    std::map<std::string, std::set<std::string>> attachments = attachments_;
    for (const std::string& owner : pass.configured)
        attachments[owner] = pass.attachments[owner];
    std::set<std::string> wanted;
    for (const auto& [owner, ids] : attachments)
        wanted.insert(ids.begin(), ids.end());

    std::map<std::string, std::shared_ptr<Check>> next;
    for (const std::string& id : wanted) {
        auto existing = checks_.find(id);
        auto fresh = pass.parsed.find(id);
        if (fresh == pass.parsed.end() ||
            (existing != checks_.end() &&
             existing->second->spec.fingerprint == fresh->second.spec.fingerprint)) {
            next.emplace(id, existing->second);  // unchanged: runs on untouched
            continue;
        }
        auto check = std::make_shared<Check>(services_, fresh->second.spec, *fresh->second.checker,
                                             fresh->second.probe);
        pass.parsed.erase(fresh);
        if (started_) check->start(std::nullopt);
        next.emplace(id, std::move(check));
    }
    for (const auto& [id, p] : pass.parsed)
        destroy_probe(p);  // twins of running checks
    for (auto& [id, check] : checks_) {
        auto kept = next.find(id);
        if (kept == next.end() || kept->second != check) check->stop();
    }
    std::lock_guard lock(mutex_);
    checks_ = std::move(next);
    attachments_ = std::move(attachments);
    return true;
}

void CheckRunner::start() {
    services_.store.migrate(kNamespace, kMigrations);
    for (auto& [id, check] : checks_) {
        std::optional<bool> remembered;
        const auto rows =
            services_.store.query(kNamespace, "SELECT up FROM {ns}health WHERE id = ?", {id});
        if (!rows.empty() && rows[0][0]) remembered = *rows[0][0] == "1";
        check->start(remembered);
    }
    started_ = true;
}

void CheckRunner::stop() {
    for (auto& [id, check] : checks_)
        check->stop();
    std::lock_guard lock(mutex_);
    checks_.clear();
    attachments_.clear();
    started_ = false;
}

nlohmann::json CheckRunner::status() const {
    std::lock_guard lock(mutex_);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, check] : checks_)
        out[id] = check->status();
    return out;
}

int32_t CheckRunner::state(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = checks_.find(id);
    return it == checks_.end() ? -1 : it->second->current.load();
}

}  // namespace routerd
