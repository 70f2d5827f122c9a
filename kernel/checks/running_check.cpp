#include "checks/running_check.hpp"

#include <random>

#include "bus/event_bus.hpp"
#include "checks/probe_timing.hpp"
#include "store/store.hpp"
#include "util/log.hpp"

namespace routerd {
namespace {

using namespace std::chrono_literals;

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

void destroy_probe(Runtime& runtime, PluginHost& checker, routerd_probe_t* probe) {
    runtime.run_on(checker.strand(),
                   [&] { checker.checker().routerd_on_probe_destroy(checker.self(), probe); });
}

RunningCheck::RunningCheck(HostServices& services, CheckSpec spec, PluginHost& checker,
                           routerd_probe_t* probe, std::shared_ptr<AttemptScheduler> scheduler,
                           const CheckClock& clock)
    : services_(services),
      spec_(std::move(spec)),
      plugin_(checker),
      scheduler_(std::move(scheduler)),
      clock_(clock),
      current_(spec_.alpha ? 0 : 1),
      metrics_(services.metrics, spec_),
      probe_(probe),
      health_(spec_.rise, spec_.retry, !spec_.alpha) {
    metrics_.state(health_.up());
}

void RunningCheck::restore(bool up) {
    std::lock_guard lock(mutex_);
    health_.restore(up);
    current_ = up ? 1 : 0;
    metrics_.state(up);
}

void RunningCheck::start() {
    {
        std::lock_guard lock(mutex_);
        since_unix_ns_ = unix_now_ns();
        running_ = true;
    }
    scheduler_->schedule(shared_from_this(),
                         clock_.now() + jitter(spec_.warmup.value_or(spec_.delay_loop)));
}

void RunningCheck::stop() {
    routerd_probe_t* idle_probe = nullptr;
    {
        std::lock_guard lock(mutex_);
        running_ = false;
        metrics_.hide();
        if (!in_flight_) std::swap(idle_probe, probe_);
    }
    if (idle_probe != nullptr) destroy_probe(services_.runtime, plugin_, idle_probe);
}

void RunningCheck::attempt(time_point due, time_point now) {
    routerd_probe_t* probe = nullptr;
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;  // stopped: the rhythm ends here
        scheduler_->schedule(shared_from_this(),
                             probe_timing::next_slot(due, spec_.delay_loop, now));
        if (in_flight_) {
            // The previous attempt still runs: this slot is skipped. A checker that broke its
            // promise to answer by the timeout gets the attempt counted failed.
            const auto deadline =
                probe_timing::answer_deadline(spec_.connect_timeout, spec_.delay_loop);
            if (!answered_ && now - started_ >= deadline) {
                plugin_.log().warn("check {}: the checker gave no answer within {} ms", spec_.id,
                                   deadline / 1ms);
                answered_ = true;
                metrics_.failed(CheckFailure::no_answer);
                record(false, -1, "no answer from the checker", 0);
            }
            return;
        }
        in_flight_ = true;
        answered_ = false;
        started_ = now;
        metrics_.started_late(now - due);
        ++probes_;
        probe = probe_;
    }
    // The context carries a reference, so the check outlives a late answer.
    auto* context = new std::shared_ptr<RunningCheck>(shared_from_this());
    const routerd_status_t status = plugin_.checker().routerd_on_probe_run(
        plugin_.self(), probe, static_cast<uint64_t>(spec_.connect_timeout.count()),
        &RunningCheck::answered, context);
    if (status != ROUTERD_OK) {
        const routerd_probe_result_t failed{sizeof(routerd_probe_result_t), false, -1,
                                            sdk::to_c(plugin_.take_error()), false};
        answered(context, &failed);
    }
}

// From the checker, on any thread, exactly once per run.
void RunningCheck::answered(void* context, const routerd_probe_result_t* raw) {
    const std::unique_ptr<std::shared_ptr<RunningCheck>> check(
        static_cast<std::shared_ptr<RunningCheck>*>(context));
    const routerd_probe_result_t result = sdk::read_sized(raw);
    (*check)->on_answer(result.up, result.weight, std::string(sdk::from_c(result.reason)),
                        result.local_error);
}

void RunningCheck::on_answer(bool up, int32_t weight, std::string reason, bool local_error) {
    std::lock_guard lock(mutex_);
    in_flight_ = false;
    if (!running_) return release_probe();
    if (answered_) return;  // already counted, as "no answer"
    answered_ = true;
    const time_point now = clock_.now();
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(now - started_);
    if (local_error) return record_local_error(reason);
    metrics_.answered(now - started_);
    if (!up) metrics_.failed(CheckFailure::down);
    if (local_error_streak_ != 0) {
        logger_for("checks")->info("check {} ({} {}): probing again after {} local errors",
                                   spec_.id, spec_.type, spec_.target, local_error_streak_);
        local_error_streak_ = 0;
    }
    if (record(up, weight, reason, static_cast<uint32_t>(latency.count()))) {
        scheduler_->schedule(shared_from_this(), now + spec_.delay_before_retry);
    }
}

bool RunningCheck::record(bool up, int32_t new_weight, const std::string& reason,
                          uint32_t latency_us) {
    if (!up) ++failures_;
    last_reason_ = reason;
    last_latency_us_ = latency_us;
    const bool was_up = health_.up();
    const CheckHealth::Step step = health_.on_result(up);
    current_ = health_.up() ? 1 : 0;
    metrics_.state(health_.up());
    const bool weight_changed = up && new_weight != weight_;
    if (up) weight_ = new_weight;
    if (!up && was_up && !step.changed_to && spec_.log_all_failures) {
        logger_for("checks")->info("check {} ({} {}): attempt failed: {}", spec_.id, spec_.type,
                                   spec_.target, reason);
    }
    if (step.changed_to) {
        announce(was_up, *step.changed_to, reason, latency_us);
    } else if (weight_changed && health_.up()) {
        // A dynamic weight moved while the check stays up (misc_dynamic, file): the owner
        // re-weights its real server; state == previous_state says "weight only".
        logger_for("checks")->info("check {} ({} {}): weight {}", spec_.id, spec_.type,
                                   spec_.target, weight_);
        publish(true, true, reason, latency_us);
    }
    return step.retry_soon;
}

void RunningCheck::record_local_error(const std::string& reason) {
    ++local_errors_;
    metrics_.failed(CheckFailure::local_error);
    last_reason_ = "local error: " + reason;
    if (local_error_streak_++ == 0) {
        logger_for("checks")->warn(
            "check {} ({} {}): routerd cannot probe ({}); the check stays {} until it can",
            spec_.id, spec_.type, spec_.target, reason, health_.up() ? "UP" : "DOWN");
    }
}

void RunningCheck::announce(bool was_up, bool now_up, const std::string& reason,
                            uint32_t latency_us) {
    since_unix_ns_ = unix_now_ns();
    const char* from = was_up ? "UP" : "DOWN";
    const char* to = now_up ? "UP" : "DOWN";
    logger_for("checks")->info("check {} ({} {}): {} -> {}{}", spec_.id, spec_.type, spec_.target,
                               from, to, reason.empty() ? "" : ": " + reason);
    publish(was_up, now_up, reason, latency_us);
    services_.store.write(kCheckStoreNamespace,
                          "INSERT OR REPLACE INTO {ns}health (id, up, reason, time_unix_ns) "
                          "VALUES (?, ?, ?, ?)",
                          {spec_.id, now_up ? "1" : "0", reason, std::to_string(since_unix_ns_)});
    services_.store.history("routerd", "check " + spec_.id, from, to, reason);
}

void RunningCheck::publish(bool was_up, bool now_up, const std::string& reason,
                           uint32_t latency_us) {
    sdk::Event event;
    event.type = ROUTERD_EVENT_CHECK_RESULT;
    event.source = "routerd";
    event.subject = spec_.id;
    event.address = spec_.target;
    event.reason = reason;
    event.state = now_up ? 1 : 0;
    event.previous_state = was_up ? 1 : 0;
    event.value = now_up ? weight_ : -1;
    event.latency_us = latency_us;
    event.data = spec_.event_data;
    services_.bus.publish(std::move(event));
}

// With mutex_ held, on whatever thread answered: posted to the checker's strand, never
// waited for — a runtime thread waiting there could be the one that strand needs.
void RunningCheck::release_probe() {
    if (probe_ == nullptr) return;
    boost::asio::post(plugin_.strand(), [&checker = plugin_, probe = probe_] {
        checker.checker().routerd_on_probe_destroy(checker.self(), probe);
    });
    probe_ = nullptr;
}

nlohmann::json RunningCheck::status() const {
    std::lock_guard lock(mutex_);
    return nlohmann::json{{"type", spec_.type},
                          {"target", spec_.target},
                          {"probe_target", spec_.probe_target},
                          {"weight", weight_},
                          {"state", health_.up() ? "up" : "down"},
                          {"since_unix_ns", since_unix_ns_},
                          {"probes", probes_},
                          {"failures", failures_},
                          {"local_errors", local_errors_},
                          {"last_reason", last_reason_},
                          {"last_latency_us", last_latency_us_}};
}

}  // namespace routerd
