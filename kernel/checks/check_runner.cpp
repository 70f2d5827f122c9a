#include "checks/check_runner.hpp"

#include <routerd/sdk/abi.hpp>

#include <cstdio>
#include <sstream>

#include "checks/check_target.hpp"
#include "checks/probe_scheduler.hpp"
#include "config/config_view.hpp"
#include "config/document.hpp"
#include "loader/plugin_registry.hpp"
#include "store/store.hpp"
#include "util/levenshtein.hpp"

namespace routerd {
namespace {

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

}  // namespace

CheckRunner::CheckRunner(HostServices& services, PluginRegistry& registry, const CheckClock& clock)
    : services_(services), registry_(registry), clock_(clock) {}

CheckRunner::~CheckRunner() {
    stop();
}

std::optional<CheckRunner::Parsed> CheckRunner::parse(const ConfigView& table, CheckSpec spec) {
    if (table.type() != ROUTERD_CONFIG_TABLE) {
        table.error("expected a table describing the check");
        return std::nullopt;
    }
    const ConfigView type = table["type"];
    spec.type = type.string().value_or("");
    if (!type.present()) type.error("is required: the checker to run, e.g. \"tcp\"");
    const ConfigView delay_loop = table["delay_loop"];
    spec.delay_loop = delay_loop.duration().value_or(spec.delay_loop);
    if (spec.delay_loop <= std::chrono::nanoseconds::zero())
        delay_loop.error("must be longer than 0: the time between two attempts");
    spec.connect_timeout = table["connect_timeout"].duration().value_or(spec.connect_timeout);
    spec.delay_before_retry =
        table["delay_before_retry"].duration().value_or(spec.delay_before_retry);
    spec.rise = static_cast<unsigned>(table["rise"].integer(1, 1000).value_or(spec.rise));
    spec.retry = static_cast<unsigned>(table["retry"].integer(0, 1000).value_or(spec.retry));
    spec.alpha = table["alpha"].boolean().value_or(spec.alpha);
    spec.log_all_failures = table["log_all_failures"].boolean().value_or(spec.log_all_failures);
    spec.warmup = table["warmup"].duration();
    const std::optional<bool> smtp_alert = table["smtp_alert"].boolean();
    const ConfigView connect_ip = table["connect_ip"];
    const std::optional<int64_t> connect_port = table["connect_port"].integer(1, 65535);
    // A bad override is reported, and the checker still validates its own keys (against
    // the target), so that one pass reports every mistake.
    bool target_valid = connect_port || !table["connect_port"].present();
    try {
        spec.probe_target =
            effective_target(spec.target, std::optional<std::string>(connect_ip.string()),
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
    text << *table.node().value()->as_table();
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
    checker->set_configuring(table.node().as_c());
    const routerd_status_t status = services_.runtime.run_on(checker->strand(), [&] {
        return checker->checker().routerd_on_probe_create(checker->self(), table.node().as_c(),
                                                          sdk::to_c(spec.probe_target), &probe);
    });
    checker->set_configuring(nullptr);
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
    routerd::destroy_probe(services_.runtime, *p.checker, p.probe);
}

void CheckRunner::begin_pass(ConfigDocument& document, bool dry_run,
                             std::optional<std::string> router_id) {
    pass_ = std::make_unique<Pass>();
    pass_->document = &document;
    pass_->dry_run = dry_run;
    pass_->errors_before = document.diagnostics().all().size();
    pass_->router_id = std::move(router_id);
}

void CheckRunner::owner_configured(const std::string& owner) {
    pass_->configured.insert(owner);
    pass_->attachments[owner];  // an owner that attaches nothing now has no checks
}

void CheckRunner::add_standalone(const ConfigNode& checks) {
    owner_configured(kStandaloneOwner);
    for (const auto& [id, table] : ConfigView(checks).entries()) {
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
    std::optional<Parsed> parsed = parse(ConfigView(check), std::move(spec));
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
    std::map<std::string, std::set<std::string>> attachments = attachments_after(pass);
    std::set<std::string> wanted;
    for (const auto& [owner, ids] : attachments)
        wanted.insert(ids.begin(), ids.end());

    // A running check the new configuration keeps as it is.
    auto unchanged = [&](const std::string& id) {
        auto existing = checks_.find(id);
        auto fresh = pass.parsed.find(id);
        return existing != checks_.end() && wanted.contains(id) &&
               (fresh == pass.parsed.end() ||
                existing->second->spec().fingerprint == fresh->second.spec.fingerprint);
    };
    // The others stop before their replacements start: a replacement's metric series (the
    // same labels) is shown again by its start, not hidden by the old one's stop.
    for (auto& [id, check] : checks_) {
        if (!unchanged(id)) check->stop();
    }
    std::map<std::string, std::shared_ptr<RunningCheck>> next;
    for (const std::string& id : wanted) {
        if (unchanged(id)) {
            next.emplace(id, checks_.at(id));  // runs on untouched
            continue;
        }
        auto fresh = pass.parsed.find(id);
        PluginHost& checker = *fresh->second.checker;
        auto check =
            std::make_shared<RunningCheck>(services_, fresh->second.spec, checker,
                                           fresh->second.probe, scheduler_for(checker), clock_);
        pass.parsed.erase(fresh);
        if (started_) check->start();
        next.emplace(id, std::move(check));
    }
    for (const auto& [id, p] : pass.parsed)
        destroy_probe(p);  // twins of running checks
    std::lock_guard lock(mutex_);
    checks_ = std::move(next);
    attachments_ = std::move(attachments);
    return true;
}

std::map<std::string, std::set<std::string>> CheckRunner::attachments_after(
    const Pass& pass) const {
    // Owners configured now replace their checks; the others keep theirs.
    std::map<std::string, std::set<std::string>> attachments = attachments_;
    for (const std::string& owner : pass.configured) {
        auto it = pass.attachments.find(owner);
        attachments[owner] = it == pass.attachments.end() ? std::set<std::string>() : it->second;
    }
    return attachments;
}

std::set<std::string> CheckRunner::checker_types_after_pass() const {
    std::set<std::string> types;
    for (const auto& [owner, ids] : attachments_after(*pass_)) {
        for (const std::string& id : ids) {
            if (auto fresh = pass_->parsed.find(id); fresh != pass_->parsed.end()) {
                types.insert(fresh->second.spec.type);
            } else if (auto running = checks_.find(id); running != checks_.end()) {
                types.insert(running->second->spec().type);
            }
        }
    }
    return types;
}

void CheckRunner::restore() {
    services_.store.migrate(kCheckStoreNamespace, kMigrations);
    for (auto& [id, check] : checks_) {
        const auto rows = services_.store.query(kCheckStoreNamespace,
                                                "SELECT up FROM {ns}health WHERE id = ?", {id});
        if (!rows.empty() && rows[0][0]) check->restore(*rows[0][0] == "1");
    }
}

void CheckRunner::start() {
    for (auto& [id, check] : checks_)
        check->start();
    started_ = true;
}

std::shared_ptr<ProbeScheduler> CheckRunner::scheduler_for(PluginHost& checker) {
    std::shared_ptr<ProbeScheduler>& scheduler = schedulers_[&checker];
    if (!scheduler) scheduler = std::make_shared<ProbeScheduler>(checker.strand(), clock_);
    return scheduler;
}

void CheckRunner::stop() {
    for (auto& [id, check] : checks_)
        check->stop();
    // The schedules hold the checks; the checks hold their schedulers.
    for (auto& [checker, scheduler] : schedulers_)
        scheduler->clear(services_.runtime);
    schedulers_.clear();
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

std::size_t CheckRunner::count() const {
    std::lock_guard lock(mutex_);
    return checks_.size();
}

int32_t CheckRunner::state(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = checks_.find(id);
    return it == checks_.end() ? -1 : it->second->state();
}

}  // namespace routerd
