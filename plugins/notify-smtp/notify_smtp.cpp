// notify-smtp: mails an alert for every VRRP transition, real server change and standalone
// check result that asks for one (keepalived.conf(5) smtp_alert), and never loses it: each
// alert is a row of the durable queue (alert_store.hpp) before it is sent, is retried with
// backoff while the relays are away, survives restarts, and is marked sent only after the
// relay's 250 to the end of data. Everything here runs on the plugin's executor; the SMTP
// client runs on its own thread (smtp_sender.hpp) and reports back through post().
#include <routerd/common/command_args.hpp>
#include <routerd/plugin.hpp>

#include <unistd.h>

#include <ctime>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "alert_metrics.hpp"
#include "alert_store.hpp"
#include "event_alert.hpp"
#include "message.hpp"
#include "settings.hpp"
#include "smtp_sender.hpp"

namespace routerd::smtp {
namespace {

// Sent and failed alerts kept for `routerctl notify-smtp`, per state.
constexpr std::size_t kKeptAlerts = 1000;
constexpr std::size_t kListed = 20;

std::chrono::sys_seconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string local_host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

// The zone in which the operator reads times: this host's, at that instant.
std::chrono::minutes utc_offset_at(std::chrono::sys_seconds time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm local{};
    if (localtime_r(&t, &local) == nullptr) return std::chrono::minutes(0);
    return std::chrono::duration_cast<std::chrono::minutes>(std::chrono::seconds(local.tm_gmtoff));
}

// Deliveries finished on the sender's thread, waiting for the plugin's executor.
struct Inbox {
    std::mutex mutex;
    std::vector<std::pair<std::uint64_t, DeliveryReport>> reports;  // by flight number
    bool closed = false;  // set on the executor by stop(): the plugin no longer listens
};

class NotifySmtp : public sdk::Notifier {
  public:
    explicit NotifySmtp(sdk::Host host) : Notifier(host) {
        for (const char* verb : {"", "list"})  // `test` sends mail: root only
            this->host().declare_read_only_command(verb);
    }

    bool configure(const sdk::Config& config, bool dry_run) override {
        std::optional<Settings> settings;
        if (config.present()) {
            settings = read_settings(config, host().global_config(), local_host_name());
            if (!settings) return false;
            try {
                SmtpSender(settings->sender, {});  // loads the trust anchors now
            } catch (const std::runtime_error& e) {
                config["tls_ca_file"].error(e.what());
                return false;
            }
        }
        if (dry_run) return true;
        settings_ = std::move(settings);
        if (running_) restart_sender();
        return true;
    }

    void start() override {
        store_.migrate();
        store_.prune(kKeptAlerts);
        inbox_ = std::make_shared<Inbox>();
        running_ = true;
        on_event_ = [this](const sdk::Event& event) { on_event(event); };
        for (uint32_t type : {ROUTERD_EVENT_VRRP_TRANSITION, ROUTERD_EVENT_REAL_SERVER,
                              ROUTERD_EVENT_CHECK_RESULT, ROUTERD_EVENT_VIRTUAL_SERVER}) {
            host().subscribe(type, &on_event_);
        }
        restart_sender();  // and sends what an earlier run left queued
    }

    void stop() override {
        if (!running_) return;
        if (wake_timer_) host().cancel_timer(std::exchange(wake_timer_, 0));
        sender_.reset();  // joins its thread: no report arrives after this line
        drain();          // records deliveries that finished meanwhile, so none is sent twice
        std::lock_guard lock(inbox_->mutex);
        inbox_->closed = true;
        running_ = false;
    }

    std::string status() override {
        nlohmann::json relays = nlohmann::json::array();
        if (settings_) {
            for (const Relay& relay : settings_->sender.relays)
                relays.push_back(relay.address.to_string());
        }
        return nlohmann::json{{"configured", settings_.has_value()},
                              {"relays", relays},
                              {"queued", running_ ? store_.count("queued") : 0},
                              {"sending", flight_.has_value()}}
            .dump();
    }

    std::string command(std::string_view request) override {
        const std::vector<std::string> args = common::command_args(request);
        const std::string verb = args.empty() ? "list" : args[0];
        if (verb == "list" && args.size() <= 1) return list();
        if (verb == "test" && args.size() == 1) return send_test();
        throw std::runtime_error("usage: routerctl notify-smtp [list | test]");
    }

  private:
    struct Flight {
        std::uint64_t number;
        std::vector<StoredAlert> alerts;
        std::string subject;
    };

    void restart_sender() {
        sender_.reset();
        drain();
        flight_.reset();  // abandoned: its alerts are still queued and go out again
        if (!settings_) return;
        sender_ = std::make_unique<SmtpSender>(
            settings_->sender, [this](const std::string& line) { host().debug(line); });
        sender_->start();
        pump();
    }

    void on_event(const sdk::Event& event) {
        if (!settings_) return;
        try {
            const std::optional<Alert> alert = alert_from_event(event, settings_->alert_defaults);
            if (!alert) return;
            store_.enqueue(*alert);
            metrics_.enqueued.add();
            pump();
        } catch (const std::invalid_argument& e) {
            host().warn("ignoring a malformed event from " + event.source + " about '" +
                        event.subject + "': " + e.what());
        }
    }

    AlertContext context(std::chrono::sys_seconds time) const {
        return {settings_->router_id, settings_->host_name, utc_offset_at(time)};
    }

    std::string format(const std::string& subject, const std::string& body,
                       std::chrono::sys_seconds time, std::uint64_t sequence) {
        return format_message({settings_->from, settings_->recipients, subject, body, time,
                               utc_offset_at(time),
                               make_message_id(time, sequence, random_(), settings_->host_name)});
    }

    // Sends the next due batch, if nothing is in flight, and sets the timer for the next
    // decision (a coalescing window closing or a retry falling due).
    void pump() {
        if (!running_ || !sender_ || flight_) return;
        const std::vector<StoredAlert> queued = store_.queued();
        metrics_.queued.set(static_cast<double>(queued.size()));
        std::vector<PendingAlert> pending;
        for (const StoredAlert& alert : queued)
            pending.push_back(alert.pending());
        const std::chrono::sys_seconds now = now_seconds();
        const DeliveryPlan plan = plan_delivery(pending, settings_->coalesce_window, now);
        wake_at(plan.wake_at);
        if (plan.send_now.empty()) return;
        Flight flight{++flights_, {}, {}};
        std::vector<Alert> alerts;
        for (std::uint64_t id : plan.send_now) {
            const auto it = std::ranges::find(queued, id, &StoredAlert::id);
            flight.alerts.push_back(*it);
            alerts.push_back(it->alert);
        }
        const AlertText text = render_alerts(context(alerts.back().time), alerts);
        flight.subject = text.subject;
        const std::string message = format(text.subject, text.body, now, flight.number);
        flight_ = std::move(flight);
        sender_->send({settings_->from, settings_->recipients}, message,
                      [this, inbox = inbox_, number = flight_->number](DeliveryReport report) {
                          {
                              std::lock_guard lock(inbox->mutex);
                              if (inbox->closed) return;
                              inbox->reports.emplace_back(number, std::move(report));
                          }
                          host().post([this, inbox] {
                              if (!inbox->closed)  // closed only ever on this executor
                                  drain();
                          });
                      });
    }

    void wake_at(std::optional<std::chrono::sys_seconds> when) {
        if (wake_timer_) host().cancel_timer(std::exchange(wake_timer_, 0));
        if (!when) return;
        const auto delay = std::max(*when - std::chrono::system_clock::now(),
                                    std::chrono::system_clock::duration::zero());
        wake_timer_ = host().start_timer(delay, [this] {
            wake_timer_ = 0;
            pump();
        });
    }

    void drain() {
        std::vector<std::pair<std::uint64_t, DeliveryReport>> reports;
        {
            std::lock_guard lock(inbox_->mutex);
            reports.swap(inbox_->reports);
        }
        for (auto& [number, report] : reports) {
            if (flight_ && flight_->number == number) record(std::move(report));
        }
        if (running_ && !inbox_->closed) pump();
    }

    // The relays' verdict on the flight's batch.
    void record(DeliveryReport report) {
        const Flight flight = std::move(*flight_);
        flight_.reset();
        std::vector<std::uint64_t> ids;
        std::vector<PendingAlert> pending;
        for (const StoredAlert& alert : flight.alerts) {
            ids.push_back(alert.id);
            pending.push_back(alert.pending());
        }
        const std::chrono::sys_seconds now = now_seconds();
        sdk::Event event;
        event.type = ROUTERD_EVENT_ALERT;
        event.subject = flight.subject;
        event.reason = report.detail;
        switch (report.result) {
            case Result::kDelivered:
                store_.mark_sent(ids, now, report.detail);
                metrics_.sent.add(static_cast<double>(ids.size()));
                host().info("sent '" + flight.subject + "': " + report.detail);
                event.state = ROUTERD_ALERT_SENT;
                break;
            case Result::kTransientFailure: {
                const RetrySchedule retry =
                    schedule_retry(settings_->backoff, pending, now,
                                   std::uniform_real_distribution<double>(0.0, 1.0)(random_));
                store_.retry_later(ids, retry, report.detail);
                metrics_.retried.add(static_cast<double>(ids.size()));
                host().warn("could not send '" + flight.subject + "' (attempt " +
                            std::to_string(retry.attempts) + "), retrying in " +
                            std::to_string((retry.next_attempt - now).count()) +
                            " s: " + report.detail);
                event.state = ROUTERD_ALERT_QUEUED;
                break;
            }
            case Result::kPermanentFailure:
                store_.mark_failed(ids, now, report.detail);
                metrics_.failed.add(static_cast<double>(ids.size()));
                host().error(
                    "'" + flight.subject +
                    "' was refused for good; kept in `routerctl notify-smtp`: " + report.detail);
                event.state = ROUTERD_ALERT_FAILED;
                break;
        }
        host().publish(event);
        metrics_.queued.set(static_cast<double>(store_.count("queued")));
    }

    nlohmann::json describe(const StoredAlert& stored) const {
        const Alert& alert = stored.alert;
        nlohmann::json j{
            {"id", stored.id},
            {"time", rfc5322_date(alert.time, utc_offset_at(alert.time))},
            {"subject", settings_ ? render_alerts(context(alert.time), std::span(&alert, 1)).subject
                                  : alert_key(alert)},
            {"attempts", stored.attempts}};
        if (!stored.last_error.empty())
            j[stored.state == "sent" ? "relay" : "last_error"] = stored.last_error;
        if (stored.state == "queued" && stored.attempts > 0)
            j["next_attempt"] = rfc5322_date(stored.next_attempt, utc_offset_at(alert.time));
        if (stored.done) j["done"] = rfc5322_date(*stored.done, utc_offset_at(*stored.done));
        return j;
    }

    std::string list() const {
        nlohmann::json out;
        for (const char* state : {"queued", "sent", "failed"}) {
            nlohmann::json rows = nlohmann::json::array();
            const std::vector<StoredAlert> alerts = std::string_view(state) == "queued"
                                                        ? store_.queued()
                                                        : store_.recent(state, kListed);
            for (const StoredAlert& alert : alerts)
                rows.push_back(describe(alert));
            out[state] = rows;
        }
        return out.dump();
    }

    // Sends a test message now, outside the queue (a test is not retried), and waits for the
    // relays' verdict: every step has its timeout, so the wait is bounded.
    std::string send_test() {
        if (!sender_) throw std::runtime_error("notify-smtp is not configured");
        const std::chrono::sys_seconds now = now_seconds();
        const std::string subject = "[" + settings_->router_id + "] Test message from routerd";
        const std::string body = "This is a test message from routerd on " + settings_->host_name +
                                 ", sent by `routerctl notify-smtp test`.\n";
        auto verdict = std::make_shared<std::promise<DeliveryReport>>();
        std::future<DeliveryReport> result = verdict->get_future();
        sender_->send({settings_->from, settings_->recipients}, format(subject, body, now, 0),
                      [verdict](DeliveryReport report) { verdict->set_value(std::move(report)); });
        const DeliveryReport report = result.get();
        if (report.result != Result::kDelivered)
            throw std::runtime_error("the test message was not sent: " + report.detail);
        return nlohmann::json{{"sent", true}, {"detail", report.detail}}.dump();
    }

    AlertStore store_{host()};
    AlertMetrics metrics_{host()};
    std::optional<Settings> settings_;
    std::unique_ptr<SmtpSender> sender_;
    std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();
    std::optional<Flight> flight_;
    std::uint64_t flights_ = 0;
    uint64_t wake_timer_ = 0;
    bool running_ = false;
    std::mt19937_64 random_{std::random_device{}()};
    std::function<void(const sdk::Event&)> on_event_;
};

}  // namespace
}  // namespace routerd::smtp

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::smtp::NotifySmtp>("notify-smtp", "1.0.0");
}
