// One SMTP transaction with one relay, on Boost.Asio: resolve, connect, (implicit TLS),
// then the pure Dialogue decides every byte; this class only moves them, makes the TLS
// handshakes and enforces a deadline on every step (connect, handshake, each reply, each
// write), as keepalived applies smtp_connect_timeout to the whole exchange.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "dialogue.hpp"
#include "server_address.hpp"

namespace routerd::smtp {

class SmtpSession : public std::enable_shared_from_this<SmtpSession> {
  public:
    // `tls` must outlive the session; `debug` receives the transcript (credentials redacted).
    SmtpSession(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                ServerAddress server, bool implicit_tls, std::chrono::nanoseconds step_timeout,
                Dialogue dialogue, std::function<void(const std::string&)> debug);

    // Runs the transaction to its end; never throws for network trouble (that is an outcome).
    boost::asio::awaitable<Outcome> run();

  private:
    boost::asio::awaitable<void> watchdog();
    boost::asio::awaitable<void> connect();
    boost::asio::awaitable<void> handshake();
    boost::asio::awaitable<std::string> read();
    boost::asio::awaitable<void> write(const std::string& bytes);
    void arm();    // starts the deadline of the next step
    void close();  // fails whatever operation is pending

    ServerAddress server_;
    bool implicit_tls_;  // RFC 8314 §3.3: TLS from the first byte (port 465)
    std::chrono::nanoseconds step_timeout_;
    Dialogue dialogue_;
    std::function<void(const std::string&)> debug_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
    boost::asio::steady_timer deadline_;
    bool tls_active_ = false;
    bool timed_out_ = false;
    bool finished_ = false;
};

}  // namespace routerd::smtp
