// The SMTP client's thread: its own io_context, started and stopped with the plugin, so a
// slow or silent relay never holds up the bus or another plugin. Each message is tried on
// the relays in order (failover.hpp decides what their results add up to).
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dialogue.hpp"
#include "server_address.hpp"

namespace routerd::smtp {

struct Relay {
    ServerAddress address;
    TlsMode tls = TlsMode::kNone;
};

struct SenderSettings {
    std::vector<Relay> relays;              // tried in this order
    DialogueConfig dialogue;                // its `tls` is replaced by each relay's
    std::chrono::nanoseconds step_timeout;  // smtp_connect_timeout
    std::string tls_ca_file;                // empty: the system's trust store
    bool tls_verify = true;
};

struct DeliveryReport {
    Result result = Result::kTransientFailure;
    std::string detail;  // "relay: reason" for each relay tried, credentials redacted
};

class SmtpSender {
  public:
    using Log = std::function<void(const std::string&)>;
    using Done = std::function<void(DeliveryReport)>;

    // Throws std::runtime_error if the TLS trust anchors cannot be loaded.
    SmtpSender(SenderSettings settings, Log debug);
    ~SmtpSender();
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    // Starts the thread. stop() abandons transactions in flight (their `done` never runs)
    // and joins it; both are idempotent.
    void start();
    void stop();

    // Sends `message` over the relays; `done` runs once, on the sender's thread.
    void send(Envelope envelope, std::string message, Done done);

  private:
    SenderSettings settings_;
    Log debug_;
    boost::asio::ssl::context tls_;
    std::optional<boost::asio::io_context> io_;
    std::thread thread_;
};

}  // namespace routerd::smtp
